package dev.interlock.jetty.ee10;

import org.eclipse.jetty.ee10.webapp.AbstractConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.ee10.webapp.WebXmlConfiguration;

/**
 * Applies Interlock to every ee10 {@link WebAppContext} of a server that has the Interlock jar
 * on its classpath (registered through {@code ServiceLoader}, as Jetty's own
 * {@code CdiConfiguration} is). Stateless, like every Jetty 12 configuration.
 *
 * <p>The engine's classes are hidden from webapps; the API package {@code dev.interlock.api}
 * and Jakarta Concurrency are exposed and protected, so that a webapp always uses the server's
 * copy.</p>
 */
public class InterlockConfiguration extends AbstractConfiguration
{
    public InterlockConfiguration()
    {
        super(new Builder()
            .addDependencies(WebXmlConfiguration.class)
            // Jetty applies the hidden patterns of every known configuration, even to a webapp
            // that does not run this one, but not their exclusions: name the engine's packages,
            // never the API's, or such a webapp cannot see the API.
            .hide("dev.interlock.jetty.", "dev.interlock.servlet.", "dev.interlock.group.", "dev.interlock.executor.", "dev.interlock.lock.",
                "dev.interlock.options.", "dev.interlock.workers.", "dev.interlock.metrics.", "dev.interlock.concurrency.", "dev.interlock.config.")
            // The API, and Jakarta Concurrency which it returns, come from the server, even
            // where another configuration (ee10-cdi) hides jakarta.enterprise. from webapps.
            .protectAndExpose("dev.interlock.api.", "jakarta.enterprise.concurrent."));
    }

    @Override
    public void preConfigure(WebAppContext context) throws Exception
    {
        InterlockServlets.enable(context);
    }
}
