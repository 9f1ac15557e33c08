package dev.interlock.arquillian.settings;

import java.io.IOException;
import java.io.PrintWriter;

import dev.interlock.api.InterlockSettings;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Part of the settings WAR: reports, one {@code name=value} a line, what the webapp sees of
 * {@code interlock.lock}: through MicroProfile Config (injected and looked up), through the
 * injected {@link InterlockSettings}, and what its own {@code microprofile-config.properties}
 * says.
 */
@WebServlet("/settings")
public class SettingsServlet extends HttpServlet
{
    @Inject
    @ConfigProperty(name = "interlock.lock")
    String lock;

    @Inject
    InterlockSettings settings;

    @Inject
    LockReport report;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException
    {
        Config config = ConfigProvider.getConfig();
        ConfigValue value = config.getConfigValue("interlock.lock");
        response.setContentType("text/plain;charset=utf-8");
        PrintWriter out = response.getWriter();
        out.println("configProperty=" + lock);
        out.println("beanConfigProperty=" + report.lock());
        out.println("atBoot=" + report.atBoot());
        out.println("configValue=" + value.getValue());
        out.println("configSource=" + value.getSourceName());
        out.println("configSourceOrdinal=" + value.getSourceOrdinal());
        out.println("ownFile=" + ownFile(config));
        StringBuilder sources = new StringBuilder();
        for (ConfigSource source : config.getConfigSources())
            sources.append(source.toString()).append(" (").append(source.getOrdinal()).append(", ").append(source.getPropertyNames().size()).append(" names); ");
        out.println("configSources=" + sources);
        out.println("settingsLock=" + settings.lock());
        out.println("settingsSource=" + settings.source("interlock.lock").orElse("(none)"));
        out.println("settingsWebapp=" + settings.webapp());
        out.println("settingsClass=" + settings.getClass().getName());
    }

    /** What the webapp's own {@code microprofile-config.properties} says, which is not in force. */
    private static String ownFile(Config config)
    {
        for (ConfigSource source : config.getConfigSources())
        {
            if (source.getName().contains("microprofile-config.properties") && source.getValue("interlock.lock") != null)
                return source.getValue("interlock.lock");
        }
        return "(none)";
    }
}
