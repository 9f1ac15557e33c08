package dev.interlock;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.interlock.jetty.WebappBinding;
import dev.interlock.options.ConfigException;
import dev.interlock.testing.Gate;
import dev.interlock.testing.TestServer;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpTester;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.security.Credential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The readiness and liveness endpoints ({@code interlock.health.*}) and {@code interlock.stop-delay},
 * over real HTTP: readiness 200 while the server serves, 503 from the moment an undeploy or a
 * server stop begins while the requests in flight finish, and while an executor group is saturated
 * when the operator asks for it; liveness 200 throughout; during the stop delay, requests served as
 * before while readiness says 503; the status page's access rules, or any client; bad settings
 * stopping startup with the setting, the value and what is allowed.
 */
public class HealthEndpointTest
{
    private TestServer server;
    private final Gate gate = new Gate();
    private final List<Socket> sockets = new ArrayList<>();
    private Thread stopper;

    @AfterEach
    public void tearDown() throws Exception
    {
        gate.open();
        for (Socket s : sockets)
            s.close();
        if (stopper != null)
        {
            // A test that failed during a long stop delay: end it.
            stopper.interrupt();
            stopper.join(TimeUnit.SECONDS.toMillis(30));
        }
        if (server != null)
            server.close();
    }

    private final HttpServlet parked = new HttpServlet()
    {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
        {
            gate.park();
            resp.getWriter().print("done");
        }
    };

    private static HttpServlet hello()
    {
        return new HttpServlet()
        {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
            {
                resp.getWriter().print("hello");
            }
        };
    }

    /** A context with a classloader of its own, as a deployed WAR has. */
    private ServletContextHandler context(String path, Map<String, Servlet> servlets)
    {
        ServletContextHandler context = server.context(path, servlets);
        context.setClassLoader(new URLClassLoader(new URL[0], getClass().getClassLoader()));
        return context;
    }

    private TestServer healthServer()
    {
        server = new TestServer();
        server.set("interlock.health.enabled", "true");
        return server;
    }

    private static void assertAnswer(ContentResponse response, int status, String body)
    {
        assertEquals(status, response.getStatus(), response.getContentAsString());
        assertEquals(body, response.getContentAsString());
        assertEquals("text/plain;charset=utf-8", response.getHeaders().get(HttpHeader.CONTENT_TYPE));
        assertEquals("no-store", response.getHeaders().get(HttpHeader.CACHE_CONTROL));
    }

    /**
     * A connection to the server opened now, and used once so that Jetty has accepted it: in
     * Jetty's graceful phase the connectors take no new connection, while those open go on.
     */
    private Socket openConnection() throws IOException
    {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout((int)TimeUnit.SECONDS.toMillis(20));
        sockets.add(socket);
        assertEquals(200, get(socket, "/interlock/live").getStatus());
        return socket;
    }

    private static HttpTester.Response get(Socket socket, String path) throws IOException
    {
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        HttpTester.Response response = HttpTester.parseResponse(HttpTester.from(socket.getInputStream()));
        assertTrue(response != null, "no response to " + path);
        return response;
    }

    private WebappBinding binding(ContextHandler context)
    {
        return context.getBean(WebappBinding.class);
    }

    private void stopServerInBackground()
    {
        stopper = new Thread(() ->
        {
            try
            {
                server.server().stop();
            }
            catch (Exception x)
            {
                // An interrupted stop delay cuts Jetty's graceful phase, which Jetty reports by
                // throwing once everything has stopped; the tests check the server's state.
            }
        }, "test-stopper");
        stopper.start();
    }

    @Test
    public void offByDefaultAndItsSettingsWarnWithoutIt() throws Exception
    {
        server = new TestServer();
        server.set("interlock.health.ready-path", "/ready");
        server.set("interlock.health.allow", "any");
        context("/app", Map.of("/*", hello()));
        server.start();

        for (String path : List.of("/interlock/ready", "/interlock/live", "/interlock/ready/app", "/ready"))
            assertEquals(404, server.get(path).getStatus(), path);
        assertEquals(List.of(
                "interlock.health.ready-path (from test) has no effect: its endpoint is off (interlock.health.enabled=false)",
                "interlock.health.allow (from test) has no effect: the health endpoints are off (interlock.health.enabled=false)"),
            server.interlock().getWarnings());
    }

    @Test
    public void readyAndAliveWhileServingAndPerWebapp() throws Exception
    {
        healthServer();
        context("/app", Map.of("/*", hello()));
        context("/shop/eu", Map.of("/*", hello()));
        // A root webapp takes every path: the endpoints are answered before it.
        context("/", Map.of("/*", hello()));
        server.start();

        assertAnswer(server.get("/interlock/ready"), 200, "ready\n");
        assertAnswer(server.get("/interlock/live"), 200, "alive\n");
        assertAnswer(server.get("/interlock/ready/app"), 200, "ready\n");
        assertAnswer(server.get("/interlock/ready/shop/eu"), 200, "ready\n");
        assertAnswer(server.get("/interlock/ready/ROOT"), 200, "ready\n");
        assertAnswer(server.get("/interlock/ready/shop"), 503, "not ready: no webapp is deployed at /shop\n");
        // What is not an endpoint's goes to the webapps.
        assertEquals("hello", server.get("/interlock/ready/").getContentAsString());
        assertEquals("hello", server.get("/interlock/readiness").getContentAsString());

        ContentResponse head = server.request("/interlock/ready").method(HttpMethod.HEAD).send();
        assertEquals(200, head.getStatus());
        assertEquals(0, head.getContent().length);
        ContentResponse post = server.request("/interlock/ready").method(HttpMethod.POST).send();
        assertEquals(405, post.getStatus());
        assertEquals("GET, HEAD", post.getHeaders().get(HttpHeader.ALLOW));
    }

    @Test
    public void thePathsAreSettings() throws Exception
    {
        healthServer();
        server.set("interlock.health.ready-path", "/ops/ready");
        server.set("interlock.health.live-path", "/ops/live");
        context("/app", Map.of("/*", hello()));
        server.start();

        assertAnswer(server.get("/ops/ready"), 200, "ready\n");
        assertAnswer(server.get("/ops/ready/app"), 200, "ready\n");
        assertAnswer(server.get("/ops/live"), 200, "alive\n");
        assertEquals(404, server.get("/interlock/ready").getStatus());
        assertEquals(404, server.get("/interlock/live").getStatus());
    }

    @Test
    public void anUndeployMakesItsWebappNotReadyWhileItDrains() throws Exception
    {
        healthServer();
        ContextHandler app = context("/app", Map.of("/*", parked));
        context("/other", Map.of("/*", hello()));
        server.start();

        CompletableFuture<ContentResponse> inFlight = new CompletableResponseListener(server.request("/app/x")).send();
        assertTrue(gate.awaitEntered());
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() ->
        {
            try
            {
                app.stop();
            }
            catch (Exception x)
            {
                throw new RuntimeException(x);
            }
        });
        await().atMost(10, TimeUnit.SECONDS).until(() -> binding(app).isShutdown());

        assertAnswer(server.get("/interlock/ready/app"), 503, "not ready: webapp /app is stopping\n");
        assertEquals(503, server.get("/app/y").getStatus(), "new requests are refused while it drains");
        assertAnswer(server.get("/interlock/ready/other"), 200, "ready\n");
        assertAnswer(server.get("/interlock/ready"), 200, "ready\n");
        assertAnswer(server.get("/interlock/live"), 200, "alive\n");
        assertFalse(inFlight.isDone());

        gate.open();
        assertEquals("done", inFlight.get(10, TimeUnit.SECONDS).getContentAsString());
        stopped.get(30, TimeUnit.SECONDS);
        assertAnswer(server.get("/interlock/ready/app"), 503, "not ready: webapp /app is not started\n");
    }

    @Test
    public void aRedeployKeepsTheWebappReady() throws Exception
    {
        healthServer();
        ContextHandler old = context("/app", Map.of("/*", parked));
        server.start();
        CompletableFuture<ContentResponse> inFlight = new CompletableResponseListener(server.request("/app/x")).send();
        assertTrue(gate.awaitEntered());

        // Jetty 12.1's atomic redeploy: the new instance starts, then the old one stops.
        ContextHandler fresh = context("/app", Map.of("/*", hello()));
        fresh.start();
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() ->
        {
            try
            {
                old.stop();
            }
            catch (Exception x)
            {
                throw new RuntimeException(x);
            }
        });
        await().atMost(10, TimeUnit.SECONDS).until(() -> binding(old).isShutdown());
        assertAnswer(server.get("/interlock/ready/app"), 200, "ready\n");
        assertEquals("hello", server.get("/app/y").getContentAsString(), "the new instance serves");

        gate.open();
        assertEquals("done", inFlight.get(10, TimeUnit.SECONDS).getContentAsString());
        stopped.get(30, TimeUnit.SECONDS);
        server.contexts().removeHandler(old);
        assertAnswer(server.get("/interlock/ready/app"), 200, "ready\n");
    }

    @Test
    public void anUnavailableWebappIsNotReady() throws Exception
    {
        healthServer();
        context("/app", Map.of("/*", hello()));
        ServletContextHandler broken = context("/broken", Map.of("/*", hello()));
        server.start();
        // What a deployer does with a webapp that failed to start (a bad setting of its own, say).
        broken.setAvailable(false);

        assertEquals(503, server.get("/broken/x").getStatus());
        assertAnswer(server.get("/interlock/ready/broken"), 503, "not ready: webapp /broken is unavailable\n");
        assertAnswer(server.get("/interlock/ready/app"), 200, "ready\n");
        broken.setAvailable(true);
        assertAnswer(server.get("/interlock/ready/broken"), 200, "ready\n");
    }

    @ParameterizedTest(name = "stop-delay {0}")
    @ValueSource(strings = {"0", "300ms"})
    public void aServerStopMakesItNotReadyWhileInFlightRequestsFinishAndItStaysAlive(String delay) throws Exception
    {
        healthServer();
        server.set("interlock.stop-delay", delay);
        server.server().setStopTimeout(20_000);
        // Jetty cuts the idle time of open connections to 1 s when its graceful phase begins; the
        // test's own stay open while it reads them.
        ((ServerConnector)server.server().getConnectors()[0]).setShutdownIdleTimeout(60_000);
        ContextHandler app = context("/app", Map.of("/*", parked));
        server.start();
        Socket forReadiness = openConnection();
        Socket forLiveness = openConnection();

        CompletableFuture<ContentResponse> inFlight = new CompletableResponseListener(server.request("/app/x")).send();
        assertTrue(gate.awaitEntered());
        stopServerInBackground();
        // The drain has begun (after the delay, if any)...
        await().atMost(20, TimeUnit.SECONDS).until(() -> binding(app).isShutdown());
        // ...while the request in flight is still running: not ready, alive.
        HttpTester.Response ready = get(forReadiness, "/interlock/ready");
        assertEquals(503, ready.getStatus());
        assertEquals("not ready: the server is stopping\n", ready.getContent());
        assertEquals("no-store", ready.get(HttpHeader.CACHE_CONTROL));
        HttpTester.Response live = get(forLiveness, "/interlock/live");
        assertEquals(200, live.getStatus());
        assertEquals("alive\n", live.getContent());
        assertFalse(inFlight.isDone());

        gate.open();
        ContentResponse answered = inFlight.get(10, TimeUnit.SECONDS);
        assertEquals(200, answered.getStatus());
        assertEquals("done", answered.getContentAsString());
        // Jetty's graceful phase ends once every connection has closed: close the test's.
        for (Socket s : sockets)
            s.close();
        server.client().stop();
        stopper.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(stopper.isAlive(), "the server did not stop");
        assertTrue(server.server().isStopped());
        assertEquals(20_000, server.server().getStopTimeout(), "the server's own stop timeout is back");
    }

    @Test
    public void duringTheStopDelayRequestsAreServedAsBeforeWhileReadinessSays503() throws Exception
    {
        healthServer();
        // Long enough for every check below on any machine; the test ends it with an interrupt.
        server.set("interlock.stop-delay", "60s");
        server.server().setStopTimeout(120_000);
        ContextHandler app = context("/app", Map.of("/parked", parked, "/*", hello()));
        server.start();
        CompletableFuture<ContentResponse> inFlight = new CompletableResponseListener(server.request("/app/parked")).send();
        assertTrue(gate.awaitEntered());

        stopServerInBackground();
        // New connections are taken during the delay: a balancer's checks and requests get answers.
        AtomicReference<ContentResponse> ready = new AtomicReference<>();
        await().atMost(10, TimeUnit.SECONDS).until(() ->
        {
            ready.set(server.get("/interlock/ready"));
            return ready.get().getStatus() == 503;
        });
        assertAnswer(ready.get(), 503, "not ready: the server is stopping\n");
        assertAnswer(server.get("/interlock/ready/app"), 503, "not ready: the server is stopping\n");
        assertAnswer(server.get("/interlock/live"), 200, "alive\n");
        ContentResponse served = server.get("/app/hello");
        assertEquals(200, served.getStatus());
        assertEquals("hello", served.getContentAsString());
        assertFalse(binding(app).isShutdown(), "no drain during the delay");
        assertTrue(server.server().isStopping());
        assertFalse(inFlight.isDone());
        gate.open();
        assertEquals("done", inFlight.get(10, TimeUnit.SECONDS).getContentAsString());

        // An interrupt ends the delay; the stop goes on.
        stopper.interrupt();
        stopper.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(stopper.isAlive(), "the server did not stop");
        assertFalse(server.server().isRunning());
        assertEquals(120_000, server.server().getStopTimeout(), "the server's own stop timeout is back");
    }

    @Test
    public void aStopDelayLongerThanTheStopTimeoutIsCutToItWithAWarningAtStartup() throws Exception
    {
        healthServer();
        server.set("interlock.stop-delay", "30s");
        server.server().setStopTimeout(2000);
        context("/app", Map.of("/*", hello()));
        server.start();
        assertEquals(List.of("interlock.stop-delay=30s + interlock.drain-timeout=15s does not fit in the server's stop timeout of 2000 ms " +
                "(jetty.server.stopTimeout in a jetty-base, Server.setStopTimeout embedded): the stop delay counts against it, so a server stop " +
                "cuts the delay to it and leaves no time to drain; raise the stop timeout above their sum"),
            server.interlock().getWarnings());

        stopServerInBackground();
        // Bounded well below the 30 s of the delay: the stop timeout cut it.
        stopper.join(TimeUnit.SECONDS.toMillis(20));
        assertFalse(stopper.isAlive(), "the stop delay was not cut to the stop timeout");
        assertFalse(server.server().isRunning());
        assertEquals(2000, server.server().getStopTimeout());
    }

    @Test
    public void theStopTimeoutWarningsNameBothSettings() throws Exception
    {
        healthServer();
        server.set("interlock.stop-delay", "5s");
        server.server().setStopTimeout(18_000);
        context("/app", Map.of("/*", hello()));
        server.start();
        assertEquals(List.of("interlock.stop-delay=5s + interlock.drain-timeout=15s does not fit in the server's stop timeout of 18000 ms " +
                "(jetty.server.stopTimeout in a jetty-base, Server.setStopTimeout embedded): the stop delay counts against it, so a server stop " +
                "cuts its drain short; raise the stop timeout above their sum"),
            server.interlock().getWarnings());
        // Nothing to drain here: a stop without a graceful phase, and so without the delay.
        server.server().setStopTimeout(0);
        server.close();

        server = new TestServer();
        server.set("interlock.stop-delay", "5s");
        context("/app", Map.of("/*", hello()));
        server.start();
        assertEquals(List.of("interlock.stop-delay=5s (from test) has no effect: the server stops without a graceful phase (its stop timeout is 0); " +
                "set jetty.server.stopTimeout in a jetty-base, Server.setStopTimeout embedded, above interlock.stop-delay + interlock.drain-timeout"),
            server.interlock().getWarnings());
    }

    @ParameterizedTest(name = "unready-when-saturated={0}")
    @ValueSource(booleans = {true, false})
    public void aSaturatedExecutorGroupMakesItNotReadyOnlyWhenAsked(boolean unreadyWhenSaturated) throws Exception
    {
        healthServer();
        server.set("interlock.health.unready-when-saturated", String.valueOf(unreadyWhenSaturated));
        server.set("interlock.executor-groups.g.threads", "1");
        server.set("interlock.executor-groups.g.queue", "1");
        server.set("interlock.webapps.app.executor-group", "g");
        context("/app", Map.of("/*", parked));
        context("/other", Map.of("/*", hello()));
        server.start();

        // One request runs on the group's only thread, one waits in its queue of one: full.
        CompletableFuture<ContentResponse> running = new CompletableResponseListener(server.request("/app/1")).send();
        assertTrue(gate.awaitEntered());
        CompletableFuture<ContentResponse> queued = new CompletableResponseListener(server.request("/app/2")).send();
        await().atMost(10, TimeUnit.SECONDS).until(() -> server.interlock().getExecutorGroup("g").getQueueSize() == 1);

        String saturated = "not ready: executor group g is saturated (1 of 1 threads busy, 1 of 1 queued)\n";
        if (unreadyWhenSaturated)
        {
            assertAnswer(server.get("/interlock/ready"), 503, saturated);
            assertAnswer(server.get("/interlock/ready/app"), 503, saturated);
        }
        else
        {
            assertAnswer(server.get("/interlock/ready"), 200, "ready\n");
            assertAnswer(server.get("/interlock/ready/app"), 200, "ready\n");
        }
        assertAnswer(server.get("/interlock/ready/other"), 200, "ready\n");
        assertAnswer(server.get("/interlock/live"), 200, "alive\n");

        gate.open();
        assertEquals(200, running.get(10, TimeUnit.SECONDS).getStatus());
        assertEquals(200, queued.get(10, TimeUnit.SECONDS).getStatus());
        await().atMost(10, TimeUnit.SECONDS).until(() -> server.get("/interlock/ready").getStatus() == 200);
        assertAnswer(server.get("/interlock/ready/app"), 200, "ready\n");
    }

    @Test
    public void onlyLoopbackClientsByDefaultLikeTheStatusPage() throws Exception
    {
        healthServer();
        context("/app", Map.of("/*", hello()));
        ServerConnector outside = server.addNonLoopbackConnector();
        server.start();

        for (String path : List.of("/interlock/ready", "/interlock/ready/app", "/interlock/live"))
        {
            ContentResponse refused = server.client().newRequest(TestServer.uri(outside, path)).timeout(30, TimeUnit.SECONDS).send();
            assertEquals(403, refused.getStatus(), path);
            assertFalse(refused.getContentAsString().contains("ready"), refused.getContentAsString());
            assertEquals(200, server.get(path).getStatus(), path);
        }
    }

    @Test
    public void anyClientWhenAllowedWhileTheStatusPageKeepsItsRole() throws Exception
    {
        healthServer();
        server.set("interlock.health.allow", "any");
        server.set("interlock.status.enabled", "true");
        server.set("interlock.status.role", "admin");
        HashLoginService login = new HashLoginService("Interlock");
        UserStore users = new UserStore();
        users.addUser("ops", Credential.getCredential("ops-secret"), new String[]{"admin"});
        login.setUserStore(users);
        server.server().addBean(login);
        context("/app", Map.of("/*", hello()));
        ServerConnector outside = server.addNonLoopbackConnector();
        server.start();

        URI base = TestServer.uri(outside, "/");
        assertAnswer(server.client().newRequest(base.resolve("/interlock/ready")).timeout(30, TimeUnit.SECONDS).send(), 200, "ready\n");
        assertAnswer(server.client().newRequest(base.resolve("/interlock/ready/app")).timeout(30, TimeUnit.SECONDS).send(), 200, "ready\n");
        assertAnswer(server.client().newRequest(base.resolve("/interlock/live")).timeout(30, TimeUnit.SECONDS).send(), 200, "alive\n");
        // The status page still asks for the role, from anywhere.
        assertEquals(401, server.client().newRequest(base.resolve("/interlock/status.json")).timeout(30, TimeUnit.SECONDS).send().getStatus());
        assertEquals(401, server.get("/interlock/status.json").getStatus());
        assertEquals(List.of(), server.interlock().getWarnings());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "interlock.stop-delay|-1s|expected a duration >= 0 and <= 24h, such as 5ms, 30s or 2m",
        "interlock.stop-delay|soon|expected a duration >= 0 and <= 24h, such as 5ms, 30s or 2m",
        "interlock.health.ready-path|interlock/ready|expected an absolute path such as /interlock/ready (letters, digits, '.', '_', '~', '-' and '/', not ending with '/')",
        "interlock.health.ready-path|/interlock/ready/|expected an absolute path such as /interlock/ready (letters, digits, '.', '_', '~', '-' and '/', not ending with '/')",
        "interlock.health.live-path|/interlock/live?x|expected an absolute path such as /interlock/live (letters, digits, '.', '_', '~', '-' and '/', not ending with '/')",
        "interlock.health.allow|everyone|allowed values are status, any",
        "interlock.health.unready-when-saturated|yes|expected true or false",
        "interlock.health.enabled|on|expected true or false"})
    public void badSettingsStopStartupNamingSettingValueAndWhatIsAllowed(String key, String value, String allowed)
    {
        healthServer();
        server.set(key, value);
        context("/app", Map.of("/*", hello()));

        ConfigException x = assertThrows(ConfigException.class, server::start);
        assertEquals(key + "=" + value + " (from test) is not valid: " + allowed, x.getMessage());
        assertFalse(server.server().isStarted());
    }

    @Test
    public void twoEndpointsOnOnePathStopStartup()
    {
        healthServer();
        server.set("interlock.status.enabled", "true");
        server.set("interlock.health.ready-path", "/interlock/status");
        context("/app", Map.of("/*", hello()));

        ConfigException x = assertThrows(ConfigException.class, server::start);
        assertEquals("interlock.health.ready-path=/interlock/status (from test) is not valid: another endpoint is served there " +
            "(interlock.status.path=/interlock/status); give each its own path", x.getMessage());
    }
}
