package dev.interlock.testing;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.interlock.jetty.InterlockServer;
import jakarta.servlet.Servlet;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A real Jetty server on 127.0.0.1 and a real {@link HttpClient}, for one test. Close it in
 * {@code @AfterEach}: it stops both, so no thread or port outlives the test.
 */
public final class TestServer implements AutoCloseable
{
    private final Server server;
    private final ServerConnector connector;
    private final ContextHandlerCollection contexts = new ContextHandlerCollection();
    private final InterlockServer interlock;
    private HttpClient client;

    public TestServer()
    {
        this(200);
    }

    public TestServer(int maxThreads)
    {
        QueuedThreadPool pool = new QueuedThreadPool(maxThreads);
        pool.setName("test-server");
        server = new Server(pool);
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(contexts);
        interlock = new InterlockServer(server);
        server.addBean(interlock, true);
    }

    public Server server()
    {
        return server;
    }

    public InterlockServer interlock()
    {
        return interlock;
    }

    public TestServer set(String key, String value)
    {
        interlock.set(key, value, "test");
        return this;
    }

    public TestServer setAll(Map<String, String> settings)
    {
        settings.forEach(this::set);
        return this;
    }

    /**
     * Adds an ee10 context with Interlock enabled and the given servlets.
     */
    public ServletContextHandler context(String contextPath, Map<String, Servlet> servlets)
    {
        return (ServletContextHandler)context(Environment.EE10, contextPath, servlets);
    }

    /**
     * Adds a context of {@code environment} with Interlock enabled and the given servlets.
     *
     * @param environment ee10 or ee11
     * @param contextPath its context path
     * @param servlets path spec to servlet
     * @return the context, an {@code eeN} {@code ServletContextHandler}
     */
    public ContextHandler context(Environment environment, String contextPath, Map<String, Servlet> servlets)
    {
        ContextHandler context = environment.context(contextPath, servlets);
        contexts.addHandler(context);
        return context;
    }

    public ContextHandlerCollection contexts()
    {
        return contexts;
    }

    public void addHandler(Handler handler)
    {
        contexts.addHandler(handler);
    }

    /**
     * Adds a connector on a non-loopback address of this machine, on a free port, for tests of
     * what only loopback clients may see. Call before {@link #start()}.
     *
     * @param factories its connection factories, or none for plain HTTP/1.1
     * @return the connector
     * @throws SocketException if the network interfaces cannot be listed
     */
    public ServerConnector addNonLoopbackConnector(ConnectionFactory... factories) throws SocketException
    {
        InetAddress address = nonLoopbackAddress();
        ServerConnector outside = factories.length == 0 ? new ServerConnector(server) : new ServerConnector(server, factories);
        outside.setHost(address.getHostAddress());
        outside.setPort(0);
        server.addConnector(outside);
        return outside;
    }

    /**
     * @param connector a started connector of this server
     * @param path a path
     * @return the URI of the path on that connector
     */
    public static URI uri(ServerConnector connector, String path)
    {
        String host = connector.getHost();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + connector.getLocalPort() + path);
    }

    /**
     * @return an address of this machine that is not loopback, IPv4 if there is one
     * @throws SocketException if the network interfaces cannot be listed
     * @throws IllegalStateException if there is none: such tests cannot run here
     */
    public static InetAddress nonLoopbackAddress() throws SocketException
    {
        List<InetAddress> found = new ArrayList<>();
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces()))
        {
            if (!nif.isUp() || nif.isLoopback())
                continue;
            for (InetAddress a : Collections.list(nif.getInetAddresses()))
            {
                if (!a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isAnyLocalAddress())
                    found.add(a);
            }
        }
        if (found.isEmpty())
            throw new IllegalStateException("This machine has no non-loopback address to connect from, so what only loopback clients may see " +
                "cannot be tested; run the tests where a network interface such as eth0 is up");
        return found.stream().filter(a -> a instanceof Inet4Address).findFirst().orElse(found.get(0));
    }

    public TestServer start() throws Exception
    {
        server.start();
        QueuedThreadPool clientPool = new QueuedThreadPool(64);
        clientPool.setName("test-client");
        client = new HttpClient();
        client.setExecutor(clientPool);
        client.setMaxConnectionsPerDestination(256);
        client.setIdleTimeout(30_000);
        client.start();
        return this;
    }

    public URI uri(String path)
    {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + path);
    }

    public int port()
    {
        return connector.getLocalPort();
    }

    public HttpClient client()
    {
        return client;
    }

    public Request request(String path)
    {
        return client.newRequest(uri(path)).timeout(30, TimeUnit.SECONDS);
    }

    public ContentResponse get(String path) throws InterruptedException, ExecutionException, TimeoutException
    {
        return request(path).send();
    }

    /**
     * @return the count a {@link it.war.CounterServlet} at {@code path} answers
     */
    public int count(String path) throws InterruptedException, ExecutionException, TimeoutException
    {
        return Integer.parseInt(get(path).getContentAsString().split(" ")[0]);
    }

    /**
     * Sends {@code count} requests with at most {@code concurrency} in flight and waits, at
     * most 60 s, for all of their responses.
     */
    public List<ContentResponse> load(String method, String path, int count, int concurrency) throws Exception
    {
        List<ContentResponse> responses = new ArrayList<>();
        List<CompletableFuture<ContentResponse>> inFlight = new ArrayList<>();
        java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(concurrency);
        for (int i = 0; i < count; i++)
        {
            if (!permits.tryAcquire(60, TimeUnit.SECONDS))
                throw new TimeoutException("load did not progress");
            CompletableFuture<ContentResponse> f = new CompletableFuture<>();
            org.eclipse.jetty.client.CompletableResponseListener listener =
                new org.eclipse.jetty.client.CompletableResponseListener(request(path).method(method));
            listener.send().whenComplete((r, x) ->
            {
                permits.release();
                if (x != null)
                    f.completeExceptionally(x);
                else
                    f.complete(r);
            });
            inFlight.add(f);
        }
        for (CompletableFuture<ContentResponse> f : inFlight)
            responses.add(f.get(60, TimeUnit.SECONDS));
        return responses;
    }

    @Override
    public void close()
    {
        LifeCycle.stop(client);
        LifeCycle.stop(server);
    }
}
