package dev.interlock.shutdown;

import java.net.URL;
import java.net.URLClassLoader;

import dev.interlock.jetty.InterlockServer;
import dev.interlock.jetty.ee10.InterlockServlets;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Run in a forked JVM by {@link ShutdownHookTest}: an embedded server with a webapp that starts
 * a non-daemon worker and stops it only from a JVM shutdown hook — Java's version of mod_wsgi's
 * atexit deadlock: the hook runs when the JVM shuts down, which waits for the worker. Argument
 * {@code interlock} enables Interlock on the webapp, {@code plain} does not. Prints
 * {@code stopped} once {@code server.stop()} has returned, then returns from {@code main}.
 */
public final class ShutdownHookApp
{
    private ShutdownHookApp()
    {
    }

    public static void main(String[] args) throws Exception
    {
        boolean interlock = args.length > 0 && args[0].equals("interlock");
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/app");
        context.setClassLoader(new URLClassLoader(new URL[0], ShutdownHookApp.class.getClassLoader()));
        context.addEventListener(new Worker());
        server.setHandler(context);
        if (interlock)
        {
            server.addBean(new InterlockServer(server), true);
            InterlockServlets.enable(context);
        }
        server.start();
        server.stop();
        System.out.println("stopped");
        System.out.flush();
    }

    /** Starts the worker when the webapp starts; stops it only from a shutdown hook. */
    public static final class Worker implements ServletContextListener
    {
        private volatile boolean running = true;

        @Override
        public void contextInitialized(ServletContextEvent sce)
        {
            Thread worker = new Thread(() ->
            {
                try
                {
                    while (running)
                        Thread.sleep(50);
                }
                catch (InterruptedException x)
                {
                    System.out.println("worker interrupted");
                }
            }, "webapp-worker");
            worker.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() ->
            {
                running = false;
                try
                {
                    worker.join();
                }
                catch (InterruptedException x)
                {
                    Thread.currentThread().interrupt();
                }
            }));
        }
    }
}
