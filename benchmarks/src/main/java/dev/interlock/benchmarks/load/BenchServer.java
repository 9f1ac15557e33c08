package dev.interlock.benchmarks.load;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import dev.interlock.engine.ApplicationGroup;
import dev.interlock.jetty.InterlockServer;
import dev.interlock.jetty.ee10.InterlockServlets;
import dev.interlock.lock.GroupLock;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * One embedded server of one variant: {@code webapps} servlet contexts ({@code /app0},
 * {@code /app1}, ...) each serving {@link HelloServlet} at {@code /hello}, on 127.0.0.1 and an
 * ephemeral port. Everything else is Jetty's defaults, the same for every variant.
 */
final class BenchServer
{
    /** Named so that a leak check can find them. */
    static final String THREAD_POOL_NAME = "bench-server";

    private final Server server;
    private final ServerConnector connector;
    private final InterlockServer interlock;
    private final int webapps;

    private BenchServer(Server server, ServerConnector connector, InterlockServer interlock, int webapps)
    {
        this.server = server;
        this.connector = connector;
        this.interlock = interlock;
        this.webapps = webapps;
    }

    static BenchServer start(Variant variant, int webapps) throws Exception
    {
        QueuedThreadPool pool = new QueuedThreadPool();
        pool.setName(THREAD_POOL_NAME);
        Server server = new Server(pool);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);

        ContextHandlerCollection contexts = new ContextHandlerCollection();
        for (int i = 0; i < webapps; i++)
        {
            ServletContextHandler context = new ServletContextHandler("/app" + i);
            context.addServlet(new HelloServlet(), "/hello");
            if (variant.interlock())
                InterlockServlets.enable(context);
            contexts.addHandler(context);
        }
        server.setHandler(contexts);
        // Created after the handler is set, as Interlock asks: it wraps that handler.
        InterlockServer interlock = null;
        if (variant.interlock())
        {
            interlock = new InterlockServer(server);
            if (variant == Variant.APPLICATION || variant == Variant.APPLICATION_METRICS_OFF)
                interlock.set("interlock.lock", "application");
            if (variant == Variant.APPLICATION_METRICS_OFF)
                interlock.set("interlock.metrics.enabled", "false");
            server.addBean(interlock, true);
        }
        BenchServer started = new BenchServer(server, connector, interlock, webapps);
        try
        {
            server.start();
        }
        catch (Exception x)
        {
            started.stop();
            throw x;
        }
        return started;
    }

    /**
     * @return one URI per webapp, in order
     */
    List<URI> uris()
    {
        List<URI> uris = new ArrayList<>(webapps);
        for (int i = 0; i < webapps; i++)
            uris.add(URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/app" + i + "/hello"));
        return uris;
    }

    /**
     * @return {acquisitions, contended acquisitions} summed over the own locks of every
     * application group, or zeros without Interlock
     */
    long[] lockCounters()
    {
        long acquisitions = 0;
        long contended = 0;
        if (interlock != null)
        {
            for (ApplicationGroup group : interlock.getApplicationGroups())
            {
                GroupLock lock = group.getOwnLock();
                acquisitions += lock.getAcquisitions();
                contended += lock.getContendedAcquisitions();
            }
        }
        return new long[]{acquisitions, contended};
    }

    /** Stops, and waits for its threads to end. */
    void stop() throws Exception
    {
        server.stop();
        server.join();
    }
}
