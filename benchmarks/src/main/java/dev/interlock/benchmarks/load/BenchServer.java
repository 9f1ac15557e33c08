package dev.interlock.benchmarks.load;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.interlock.jetty.InterlockServer;
import dev.interlock.jetty.ee10.InterlockConfiguration;
import dev.interlock.jetty.ee10.InterlockServlets;
import jakarta.servlet.http.HttpServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.ClassMatcher;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The embedded server of one cell, on 127.0.0.1 and an ephemeral port: servlets in
 * {@link ServletContextHandler}s, or real WARs as ee10 {@link WebAppContext}s (so that the
 * sample is what is measured), with or without Interlock, optionally behind Jetty's
 * {@link QoSHandler}. Everything its {@link Spec} does not name is Jetty's default, the same for
 * every variant.
 */
final class BenchServer
{
    /** Named so that a leak check can find them. */
    static final String THREAD_POOL_NAME = "bench-server";
    /**
     * Threads of the lock benchmarks' pool, started up front (min = max). Their webapps run in
     * Interlock's {@code server} executor group, which is this pool. The I/O benchmark keeps 50
     * requests waiting at once, each on a thread of its own (a group serving 50 concurrent waits
     * needs at least 50 threads); the rest is room for Jetty's acceptor, selector and reserved
     * threads.
     */
    static final int THREADS = 80;
    private static final String API_PACKAGE = "dev.interlock.api.";

    /** Where a webapp comes from: a WAR file, or one servlet instance at one path. */
    record Mount(String contextPath, Path war, HttpServlet servlet, String pathSpec)
    {
        static Mount war(String contextPath, Path war)
        {
            return new Mount(contextPath, war, null, null);
        }

        static Mount servlet(String contextPath, HttpServlet servlet, String pathSpec)
        {
            return new Mount(contextPath, null, servlet, pathSpec);
        }
    }

    /**
     * What to start.
     *
     * @param threads min = max threads of the pool, or 0 for Jetty's default pool
     * @param interlock whether Interlock is installed (an {@link InterlockServer} bean, and the
     * webapps enabled); without it, plain Jetty, and the WARs' {@code Interlock.blocking(...)}
     * just runs its body
     * @param settings Interlock settings by their one name (ignored without Interlock)
     * @param qosMaxRequests if positive, a {@link QoSHandler} with this
     * {@code maxRequestCount} in front of every webapp
     * @param mounts the webapps
     */
    record Spec(int threads, boolean interlock, Map<String, String> settings, int qosMaxRequests, List<Mount> mounts)
    {
    }

    private final Server server;
    private final ServerConnector connector;
    private final InterlockServer interlock;
    private final QoSHandler qos;

    private BenchServer(Server server, ServerConnector connector, InterlockServer interlock, QoSHandler qos)
    {
        this.server = server;
        this.connector = connector;
        this.interlock = interlock;
        this.qos = qos;
    }

    static BenchServer start(Spec spec) throws Exception
    {
        QueuedThreadPool pool = spec.threads() > 0 ? new QueuedThreadPool(spec.threads(), spec.threads()) : new QueuedThreadPool();
        pool.setName(THREAD_POOL_NAME);
        Server server = new Server(pool);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);

        ContextHandlerCollection contexts = new ContextHandlerCollection();
        Map<WebAppContext, Mount> wars = new LinkedHashMap<>();
        for (Mount mount : spec.mounts())
        {
            if (mount.war() != null)
            {
                WebAppContext webapp = new WebAppContext();
                webapp.setWar(mount.war().toAbsolutePath().toString());
                webapp.setContextPath(mount.contextPath());
                webapp.setThrowUnavailableOnStartupException(true);
                contexts.addHandler(webapp);
                wars.put(webapp, mount);
            }
            else
            {
                ServletContextHandler context = new ServletContextHandler(mount.contextPath());
                context.addServlet(mount.servlet(), mount.pathSpec());
                if (spec.interlock())
                    InterlockServlets.enable(context);
                contexts.addHandler(context);
            }
        }
        QoSHandler qos = null;
        Handler top = contexts;
        if (spec.qosMaxRequests() > 0)
        {
            qos = new QoSHandler(contexts);
            qos.setMaxRequestCount(spec.qosMaxRequests());
            top = qos;
        }
        server.setHandler(top);
        if (!spec.interlock())
            wars.keySet().forEach(BenchServer::withoutInterlock);
        // Created after the handler is set, as Interlock asks: it wraps that handler.
        InterlockServer interlock = null;
        if (spec.interlock())
        {
            interlock = new InterlockServer(server);
            for (Map.Entry<String, String> e : spec.settings().entrySet())
                interlock.set(e.getKey(), e.getValue(), "benchmark");
            server.addBean(interlock, true);
        }
        BenchServer started = new BenchServer(server, connector, interlock, qos);
        try
        {
            server.start();
            for (WebAppContext webapp : wars.keySet())
            {
                if (!webapp.isAvailable())
                    throw new IllegalStateException(wars.get(webapp).war() + " is unavailable at " + webapp.getContextPath());
            }
            if (!spec.interlock() && server.getBean(InterlockServer.class) != null)
                throw new IllegalStateException("Interlock was installed on a plain Jetty server");
        }
        catch (Exception x)
        {
            started.stop();
            throw x;
        }
        return started;
    }

    /**
     * Interlock reaches every ee10 WebAppContext through its ServiceLoader-registered
     * Configuration, which is on this classpath: plain Jetty must leave it out. The list of
     * configurations is known once the context has its server, so this runs after the handler is
     * set. Jetty still hides the packages of a known configuration it does not apply
     * ({@code dev.interlock.}), so the API is exposed again, as on a server that has only the API
     * jar on its classpath: there, with no engine, {@code Interlock.blocking(...)} just runs its
     * body.
     */
    private static void withoutInterlock(WebAppContext webapp)
    {
        webapp.getConfigurations();
        webapp.removeConfiguration(new InterlockConfiguration());
        webapp.addHiddenClassMatcher(new ClassMatcher("-" + API_PACKAGE));
        webapp.addProtectedClassMatcher(new ClassMatcher(API_PACKAGE));
    }

    URI uri(String pathAndQuery)
    {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + pathAndQuery);
    }

    /** @return the counters of every lock of the engine so far, or zeros without Interlock */
    LockCounts lockCounts()
    {
        return EngineLocks.counts(interlock);
    }

    /** @return the wait-time buckets of every lock of the engine so far; empty without Interlock */
    Map<String, Long> lockWaits()
    {
        return EngineLocks.waits(interlock);
    }

    /** @return requests QoSHandler suspended so far, or -1 without one */
    long qosSuspended()
    {
        return qos == null ? -1 : qos.getTotalSuspendedRequestCount();
    }

    /** Stops, and waits for its threads to end. */
    void stop() throws Exception
    {
        server.stop();
        server.join();
    }
}
