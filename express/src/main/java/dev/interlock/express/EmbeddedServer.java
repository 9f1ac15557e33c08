package dev.interlock.express;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.interlock.jetty.InterlockServer;
import dev.interlock.options.ConfigException;
import dev.interlock.options.InterlockConfig;
import dev.interlock.options.SettingValue;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.server.handler.DefaultHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;

/**
 * The server the launcher runs, built the one way both {@code interlock-express WAR...} and
 * {@code interlock-express compare} build it: one connector, each WAR a webapp of its
 * environment, Jetty's graceful stop within {@code interlock.drain-timeout}, and the server's
 * {@link InterlockServer} bean holding the settings under their one name.
 *
 * <p>Not thread-safe: built, started and stopped by the launcher's main thread.</p>
 */
final class EmbeddedServer
{
    private final String host;
    private final Server server;
    private final ServerConnector connector;
    private final InterlockServer interlock;
    private final List<Express.Mounted> webapps = new ArrayList<>();
    private final Duration stopTimeout;

    /**
     * Builds the server, not started; nothing is bound or deployed yet.
     *
     * @param mounts context path to WAR, in mount order
     * @param chosen the environment of every WAR ({@code --environment}), or {@code null} for
     * each WAR's own
     * @param settings given to the engine in this order, a later one winning; {@link #check}ed
     * @param requestLog the access log, or {@code null}
     */
    EmbeddedServer(String host, int port, Map<String, Path> mounts, WebEnvironment chosen, List<SettingValue> settings, RequestLog requestLog)
    {
        this.host = host;
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);

        ContextHandlerCollection contexts = new ContextHandlerCollection();
        mounts.forEach((contextPath, war) ->
        {
            WebEnvironment.Choice choice = chosen != null ? new WebEnvironment.Choice(chosen, "--environment") : WebEnvironment.of(war);
            // A WAR that cannot start is unavailable (503) and the others serve, as in a jetty-base.
            // No call needed: InterlockConfiguration (ServiceLoader) enables Interlock on it.
            ContextHandler webapp = choice.environment().newWebApp(war, contextPath);
            contexts.addHandler(webapp);
            webapps.add(new Express.Mounted(webapp, war, choice));
        });
        // Jetty's graceful stop: on SIGTERM the connectors stop accepting, requests in flight
        // finish and are answered (with Connection: close), within interlock.drain-timeout, before the
        // contexts stop. Without it, Jetty closes the connections under them.
        server.setHandler(new GracefulHandler(contexts));
        stopTimeout = Express.stopTimeout(settings);
        server.setStopTimeout(stopTimeout.toMillis());
        server.setDefaultHandler(new DefaultHandler());
        if (requestLog != null)
            server.setRequestLog(requestLog);
        // After the handler is set: the engine wraps it to answer 503 for stopping webapps.
        interlock = new InterlockServer(server);
        for (SettingValue s : settings)
            interlock.set(s.key(), s.value(), s.source());
        server.addBean(interlock);
        server.setStopAtShutdown(true);
    }

    /**
     * Checks the server's own settings before anything is bound or deployed: a bad one is the
     * operator's mistake, not a webapp's, and a busy port must not hide it.
     *
     * @throws Express.Problem naming the setting, its value, its source and what is allowed
     */
    static void check(List<SettingValue> settings)
    {
        try
        {
            InterlockConfig.parse(settings, System.getenv());
        }
        catch (ConfigException bad)
        {
            throw new Express.Problem(bad.getMessage());
        }
    }

    Server server()
    {
        return server;
    }

    InterlockServer interlock()
    {
        return interlock;
    }

    /** @return the mounted WARs, in mount order */
    List<Express.Mounted> webapps()
    {
        return List.copyOf(webapps);
    }

    /** @return how long the graceful stop may take: {@code interlock.drain-timeout} and a margin */
    Duration stopTimeout()
    {
        return stopTimeout;
    }

    /** @return {@code http://HOST:PORT/} of the started connector */
    String baseUri()
    {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + connector.getLocalPort() + "/";
    }

    /**
     * Starts the server; if it fails, stops what had started.
     *
     * @param err takes the reason, in lines, when the server did not start
     * @return whether it started
     * @throws Express.Problem when a setting, found bad at start, is the reason
     */
    boolean start(Consumer<String> err)
    {
        try
        {
            server.start();
            return true;
        }
        catch (Exception e)
        {
            stopQuietly();
            ConfigException bad = find(e, ConfigException.class);
            if (bad != null)
                throw new Express.Problem(bad.getMessage());
            StringBuilder why = new StringBuilder("interlock-express: the server did not start: ").append(e);
            for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause())
                why.append(System.lineSeparator()).append("  caused by: ").append(c);
            err.accept(why.toString());
            return false;
        }
    }

    /**
     * @return one line for each webapp that did not start (it answers 503), saying why; empty
     * if all did
     */
    List<String> unavailable()
    {
        List<String> lines = new ArrayList<>();
        for (Express.Mounted m : webapps)
        {
            ContextHandler webapp = m.context();
            if (!webapp.isAvailable())
            {
                Throwable why = WebEnvironment.unavailableException(webapp);
                ConfigException bad = why == null ? null : find(why, ConfigException.class);
                lines.add(m.war() + " at " + webapp.getContextPath() + " is unavailable (503): " +
                    (bad != null ? bad.getMessage() : why == null ? "see the log above" : String.valueOf(why)));
            }
        }
        return lines;
    }

    /** Stops the server, reporting nothing: the caller is already reporting why. */
    void stopQuietly()
    {
        try
        {
            server.stop();
        }
        catch (Exception ignored)
        {
            // already reporting the start failure, or the end of a run
        }
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type)
    {
        for (Throwable c = t; c != null; c = c.getCause())
        {
            if (type.isInstance(c))
                return type.cast(c);
            for (Throwable s : c.getSuppressed())
            {
                T found = find(s, type);
                if (found != null)
                    return found;
            }
        }
        return null;
    }
}
