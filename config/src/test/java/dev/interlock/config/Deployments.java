package dev.interlock.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.interlock.testing.TestServer;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.util.component.LifeCycle;

/** Deploys WAR files into a {@link TestServer} as jetty-home's deployer would: one WebAppContext each. */
final class Deployments
{
    private Deployments()
    {
    }

    /**
     * Adds a webapp; started with the server, or at once if the server runs.
     */
    static WebAppContext deploy(TestServer server, String contextPath, Path war)
    {
        return deploy(server, contextPath, war, Map.of());
    }

    /**
     * @param initParams the context's init parameters, as an operator's context XML sets them
     */
    static WebAppContext deploy(TestServer server, String contextPath, Path war, Map<String, String> initParams)
    {
        WebAppContext webapp = new WebAppContext(war.toString(), contextPath);
        initParams.forEach(webapp::setInitParameter);
        server.addHandler(webapp);
        if (server.server().isStarted())
            LifeCycle.start(webapp);
        return webapp;
    }

    static void undeploy(TestServer server, WebAppContext webapp) throws Exception
    {
        webapp.stop();
        server.contexts().removeHandler(webapp);
    }

    /**
     * @return setting name to {value, source}, as the webapp's {@code /settings} servlet reports
     * them, plus {@code thread}
     */
    static Map<String, String[]> settings(TestServer server, String contextPath) throws Exception
    {
        var response = server.get(contextPath + "/settings");
        if (response.getStatus() != 200)
            throw new AssertionError(contextPath + "/settings answered " + response.getStatus() + ": " + response.getContentAsString());
        Map<String, String[]> settings = new LinkedHashMap<>();
        for (String line : response.getContentAsString().split("\n"))
        {
            int eq = line.indexOf('=');
            if (eq < 0)
                continue;
            String[] valueAndSource = line.substring(eq + 1).split("\\|", 2);
            settings.put(line.substring(0, eq), valueAndSource);
        }
        return settings;
    }
}
