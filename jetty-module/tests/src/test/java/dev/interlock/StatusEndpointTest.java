package dev.interlock;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.interlock.lock.GroupLock;
import dev.interlock.options.ConfigException;
import dev.interlock.testing.Gate;
import dev.interlock.testing.TestServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ajax.JSON;
import org.eclipse.jetty.util.security.Credential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The status endpoint over real HTTP: off by default; when on, JSON that validates against
 * {@code status.schema.json} and follows a known load; loopback only, judged on the physical
 * connection; a role checked through the server's {@code LoginService}.
 */
public class StatusEndpointTest
{
    private static Schema schema;
    private TestServer server;
    private final Gate gate = new Gate();

    @BeforeAll
    public static void loadSchema() throws IOException
    {
        try (InputStream in = StatusEndpointTest.class.getResourceAsStream("/dev/interlock/jetty/status.schema.json"))
        {
            assertNotNull(in, "status.schema.json is not on the classpath");
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        }
    }

    @AfterEach
    public void tearDown()
    {
        gate.open();
        if (server != null)
            server.close();
    }

    /** Parks on the gate, holding its group's lock. */
    public class Parked extends HttpServlet
    {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
        {
            gate.park();
            resp.getWriter().print("done");
        }
    }

    /** Answers with the client's address as the request sees it (X-Forwarded-For applied). */
    public static class RemoteAddress extends HttpServlet
    {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
        {
            resp.getWriter().print(req.getRemoteAddr());
        }
    }

    @Test
    public void offByDefault() throws Exception
    {
        server = new TestServer();
        server.context("/app", Map.of("/*", new RemoteAddress()));
        server.start();

        // Nothing at the path: the request passes through to the server's handlers.
        assertEquals(404, server.get("/interlock/status").getStatus());
        assertEquals(404, server.get("/interlock/status.json").getStatus());
        assertEquals(200, server.get("/app/x").getStatus());
    }

    @Test
    public void statusSettingsWithoutTheEndpointWarn() throws Exception
    {
        server = new TestServer();
        server.set("interlock.status.role", "admin");
        server.context("/app", Map.of("/*", new RemoteAddress()));
        server.start();

        assertEquals(404, server.get("/interlock/status.json").getStatus());
        assertTrue(server.interlock().getWarnings().contains(
            "interlock.status.role (from test) has no effect: no endpoint is on (interlock.status.enabled=false, interlock.health.enabled=false)"), server.interlock().getWarnings().toString());
    }

    @Test
    public void thePrometheusSettingWithoutItsJarFailsStartup()
    {
        server = new TestServer();
        server.set("interlock.prometheus.enabled", "true");
        server.context("/app", Map.of("/*", new RemoteAddress()));

        ConfigException x = assertThrows(ConfigException.class, server::start);
        assertEquals("interlock.prometheus.enabled=true (from test) is not valid: the Prometheus endpoint is in interlock-prometheus, which is " +
            "not on the server's classpath (in a jetty-base, add the interlock-prometheus module; embedded, the dev.interlock:interlock-prometheus jar)",
            x.getMessage());
        assertFalse(server.server().isStarted());
    }

    @Test
    public void thePrometheusPathWithoutItsJarWarns() throws Exception
    {
        server = new TestServer();
        server.set("interlock.status.enabled", "true");
        server.set("interlock.prometheus.path", "/metrics");
        server.context("/app", Map.of("/*", new RemoteAddress()));
        server.start();

        assertEquals(List.of("interlock.prometheus.path (from test) has no effect: the Prometheus endpoint, in interlock-prometheus, is not on " +
            "the server's classpath"), server.interlock().getWarnings());
        assertEquals(404, server.get("/metrics").getStatus());
    }

    @Test
    public void jsonValidatesAndFollowsAKnownLoad() throws Exception
    {
        server = new TestServer();
        server.set("interlock.status.enabled", "true");
        server.set("interlock.executor-groups.g.threads", "2");
        server.set("interlock.executor-groups.g.queue", "8");
        server.set("interlock.webapps.app.executor-group", "g");
        server.set("interlock.webapps.app.lock", "application");
        server.context("/app", Map.of("/*", new Parked()));
        server.start();

        Status before = status(server.get("/interlock/status.json"));
        assertEquals(0L, before.executorGroup("g").get("completed"));
        assertEquals(0L, before.applicationGroup("g", "/app").get("acquisitions"));
        assertEquals(Map.of("app", "application"), before.applicationGroup("g", "/app").get("disciplines"));
        assertEquals("server", before.executorGroups().get(0).get("name"));

        // The load: one request holds the lock, one waits for it on the group's second thread,
        // one waits in the group's queue.
        CompletableFuture<ContentResponse> first = new CompletableResponseListener(server.request("/app/1")).send();
        assertTrue(gate.awaitEntered());
        CompletableFuture<ContentResponse> second = new CompletableResponseListener(server.request("/app/2")).send();
        CompletableFuture<ContentResponse> third = new CompletableResponseListener(server.request("/app/3")).send();
        AtomicReference<Status> during = new AtomicReference<>();
        await().atMost(10, TimeUnit.SECONDS).until(() ->
        {
            Status s = status(server.get("/interlock/status.json"));
            during.set(s);
            Map<String, Object> g = s.executorGroup("g");
            return g.get("busyThreads").equals(2L) && g.get("queueDepth").equals(1L) && s.applicationGroup("g", "/app").get("waiters").equals(1L);
        });
        assertEquals(3L, during.get().applicationGroup("g", "/app").get("activeRequests"));
        assertEquals(8L, during.get().executorGroup("g").get("queueCapacity"));

        gate.open();
        for (CompletableFuture<ContentResponse> f : List.of(first, second, third))
            assertEquals(200, f.get(20, TimeUnit.SECONDS).getStatus());

        // The history (one sample a second) catches up with the counters.
        AtomicReference<Status> after = new AtomicReference<>();
        await().atMost(15, TimeUnit.SECONDS).until(() ->
        {
            Status s = status(server.get("/interlock/status.json"));
            after.set(s);
            List<Map<String, Object>> history = s.history();
            return s.executorGroup("g").get("completed").equals(3L) && s.applicationGroup("g", "/app").get("activeRequests").equals(0L) &&
                !history.isEmpty() && new Status(history.get(history.size() - 1)).executorGroup("g").get("completed").equals(3L);
        });
        Map<String, Object> app = after.get().applicationGroup("g", "/app");
        long acquisitions = (Long)app.get("acquisitions");
        assertTrue(acquisitions >= 3, app.toString());
        assertTrue((Long)app.get("contendedAcquisitions") >= 1, app.toString());
        // One acquisition in GroupLock.HOLD_SAMPLE has its hold time measured.
        assertEquals(acquisitions / GroupLock.HOLD_SAMPLE, histogram(app, "lockHold").get("count"), app.toString());
        assertTrue((Long)histogram(app, "lockWait").get("count") >= 1, app.toString());
        assertEquals(0L, app.get("waiters"));
        assertEquals(0L, app.get("activeRequests"));
        Map<String, Object> queueTime = histogram(after.get().executorGroup("g"), "queueTime");
        assertEquals(3L, queueTime.get("count"));
        assertTrue(((Object[])queueTime.get("buckets")).length > 1, queueTime.toString());
        assertEquals(null, after.get().executorGroup("server").get("queueTime"));

        // ?since= keeps only the later samples.
        List<Map<String, Object>> history = after.get().history();
        long lastTime = (Long)history.get(history.size() - 1).get("time");
        Status since = status(server.get("/interlock/status.json?since=" + lastTime));
        assertTrue(since.history().stream().allMatch(h -> (Long)h.get("time") > lastTime), since.history().toString());
        assertEquals(400, server.get("/interlock/status.json?since=yesterday").getStatus());
    }

    @Test
    public void aStuckRequestIsListedByTheWatchdog() throws Exception
    {
        server = new TestServer();
        server.set("interlock.status.enabled", "true");
        server.set("interlock.webapps.app.lock", "application");
        server.set("interlock.webapps.app.request-timeout", "200ms");
        server.context("/app", Map.of("/*", new HttpServlet()
        {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
            {
                gate.park();
                resp.getWriter().print("done");
            }
        }));
        server.start();
        CompletableFuture<ContentResponse> stuck = new CompletableResponseListener(server.request("/app/stuck?x=1")).send();
        assertTrue(gate.awaitEntered());
        await().atMost(10, TimeUnit.SECONDS).until(() -> server.interlock().getWatchdog().getReports() == 1);

        @SuppressWarnings("unchecked")
        Map<String, Object> watchdog = (Map<String, Object>)status(server.get("/interlock/status.json")).root().get("watchdog");
        assertEquals(true, watchdog.get("sampling"));
        assertEquals(1L, watchdog.get("stuckRequests"));
        assertEquals(1L, watchdog.get("reports"));
        Object[] requests = (Object[])watchdog.get("longRequests");
        assertEquals(1, requests.length);
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>)requests[0];
        assertEquals(List.of("GET", "/app/stuck?x=1", "/app", "/app", "server", 200L, "reported"),
            List.of(r.get("method"), r.get("uri"), r.get("webapp"), r.get("applicationGroup"), r.get("executorGroup"), r.get("timeoutMillis"), r.get("state")));
        assertTrue((Long)r.get("runningMillis") > 200 && (Long)r.get("lockHeldMillis") > 0, r.toString());
        assertTrue(((String)r.get("thread")).startsWith("test-server-"), r.toString());

        gate.open();
        assertEquals("done", stuck.get(10, TimeUnit.SECONDS).getContentAsString());
        await().atMost(10, TimeUnit.SECONDS).until(() -> server.interlock().getWatchdog().getLongRequests().isEmpty());
    }

    @Test
    public void theValidationCanFail() throws Exception
    {
        server = new TestServer();
        server.set("interlock.status.enabled", "true");
        server.context("/app", Map.of("/*", new RemoteAddress()));
        server.start();

        String json = server.get("/interlock/status.json").getContentAsString();
        assertEquals(List.of(), schema.validate(json, InputFormat.JSON));
        // A document missing the snapshot, or with a negative count, does not validate.
        assertFalse(schema.validate(json.replaceFirst("\"snapshot\":", "\"snapshots\":"), InputFormat.JSON).isEmpty());
        assertFalse(schema.validate(json.replaceFirst("\"completed\":\\d+", "\"completed\":-1"), InputFormat.JSON).isEmpty());
    }

    @Test
    public void thePageIsSelfContained() throws Exception
    {
        server = new TestServer();
        server.set("interlock.status.enabled", "true");
        server.set("interlock.status.path", "/ops/interlock");
        server.context("/app", Map.of("/*", new RemoteAddress()));
        server.start();

        ContentResponse page = server.get("/ops/interlock");
        assertEquals(200, page.getStatus());
        assertEquals("text/html;charset=utf-8", page.getHeaders().get(HttpHeader.CONTENT_TYPE));
        assertEquals("no-store", page.getHeaders().get(HttpHeader.CACHE_CONTROL));
        String csp = page.getHeaders().get("Content-Security-Policy");
        assertNotNull(csp);
        assertTrue(csp.startsWith("default-src 'none'; script-src 'sha256-"), csp);
        assertTrue(csp.contains("connect-src 'self'"), csp);
        assertFalse(csp.contains("http") || csp.contains("unsafe") || csp.contains("*"), csp);
        String html = page.getContentAsString();
        assertTrue(html.contains("data-json=\"interlock.json\""), html);
        assertFalse(html.contains("src=") || html.contains("href="), "no external resource: " + html);
        assertEquals(200, server.get("/ops/interlock.json").getStatus());
        // The default path is free again; other methods are refused.
        assertEquals(404, server.get("/interlock/status").getStatus());
        ContentResponse head = server.request("/ops/interlock").method(HttpMethod.HEAD).send();
        assertEquals(200, head.getStatus());
        assertEquals(0, head.getContent().length);
        ContentResponse post = server.request("/ops/interlock.json").method(HttpMethod.POST).send();
        assertEquals(405, post.getStatus());
        assertEquals("GET, HEAD", post.getHeaders().get(HttpHeader.ALLOW));
    }

    @Test
    public void onlyLoopbackConnectionsWhateverTheHeadersSay() throws Exception
    {
        server = new TestServer();
        server.set("interlock.status.enabled", "true");
        server.context("/app", Map.of("/*", new RemoteAddress()));
        // A second connector on a non-loopback address of this machine; both trust
        // X-Forwarded-For and Forwarded, so that a check on those headers would be fooled.
        HttpConfiguration forwarded = new HttpConfiguration();
        forwarded.addCustomizer(new ForwardedRequestCustomizer());
        ServerConnector outside = server.addNonLoopbackConnector(new HttpConnectionFactory(forwarded));
        server.server().getConnectors()[0].getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration()
            .addCustomizer(new ForwardedRequestCustomizer());
        server.start();
        URI base = TestServer.uri(outside, "/");

        // The request's own view is fooled by the header...
        ContentResponse spoofed = server.client().newRequest(base.resolve("/app/x")).timeout(30, TimeUnit.SECONDS)
            .headers(h -> h.put(HttpHeader.X_FORWARDED_FOR, "127.0.0.1")).send();
        assertEquals("127.0.0.1", spoofed.getContentAsString());
        // ...the status endpoint is not.
        for (String path : List.of("/interlock/status", "/interlock/status.json"))
        {
            ContentResponse plain = server.client().newRequest(base.resolve(path)).timeout(30, TimeUnit.SECONDS).send();
            assertRefused(plain);
            ContentResponse withHeaders = server.client().newRequest(base.resolve(path)).timeout(30, TimeUnit.SECONDS)
                .headers(h -> h.put(HttpHeader.X_FORWARDED_FOR, "127.0.0.1").put(HttpHeader.FORWARDED, "for=127.0.0.1")).send();
            assertRefused(withHeaders);
        }
        // Over loopback it is served, whatever a header claims.
        ContentResponse loopback = server.request("/interlock/status.json").headers(h -> h.put(HttpHeader.X_FORWARDED_FOR, "203.0.113.7")).send();
        assertEquals(200, loopback.getStatus());
        status(loopback);
    }

    @Test
    public void aRoleIsCheckedThroughTheServersLoginService() throws Exception
    {
        server = new TestServer();
        server.set("interlock.status.enabled", "true");
        server.set("interlock.status.role", "admin");
        server.context("/app", Map.of("/*", new RemoteAddress()));
        HashLoginService login = new HashLoginService("Interlock");
        UserStore users = new UserStore();
        users.addUser("ops", Credential.getCredential("ops-secret"), new String[]{"admin"});
        users.addUser("dev", Credential.getCredential("dev-secret"), new String[]{"user"});
        login.setUserStore(users);
        server.server().addBean(login);
        ServerConnector outside = server.addNonLoopbackConnector();
        server.start();

        ContentResponse anonymous = server.get("/interlock/status.json");
        assertEquals(401, anonymous.getStatus());
        String challenge = anonymous.getHeaders().get(HttpHeader.WWW_AUTHENTICATE);
        assertTrue(challenge != null && challenge.matches("(?i:basic) realm=\"Interlock\".*"), challenge);
        assertNoGroups(anonymous);
        ContentResponse badPassword = withUser("/interlock/status.json", "ops", "wrong");
        assertEquals(401, badPassword.getStatus());
        assertNoGroups(badPassword);
        ContentResponse wrongRole = withUser("/interlock/status.json", "dev", "dev-secret");
        assertEquals(403, wrongRole.getStatus());
        assertNoGroups(wrongRole);
        ContentResponse admin = withUser("/interlock/status.json", "ops", "ops-secret");
        assertEquals(200, admin.getStatus());
        status(admin);
        assertEquals(200, withUser("/interlock/status", "ops", "ops-secret").getStatus());

        // With a role, the address no longer matters: the credentials do.
        URI outsideUri = TestServer.uri(outside, "/interlock/status.json");
        assertEquals(401, server.client().newRequest(outsideUri).timeout(30, TimeUnit.SECONDS).send().getStatus());
        assertEquals(200, server.client().newRequest(outsideUri).timeout(30, TimeUnit.SECONDS)
            .headers(h -> h.put(HttpHeader.AUTHORIZATION, basic("ops", "ops-secret"))).send().getStatus());
        // The server's LoginService is still the server's.
        assertTrue(login.isStarted());
    }

    @Test
    public void aRoleWithoutALoginServiceFailsStartup()
    {
        server = new TestServer();
        server.set("interlock.status.enabled", "true");
        server.set("interlock.status.role", "admin");
        server.context("/app", Map.of("/*", new RemoteAddress()));

        ConfigException x = assertThrows(ConfigException.class, server::start);
        assertEquals("interlock.status.role=admin (from test) is not valid: a role is checked through Jetty's security, and the server " +
            "has no LoginService bean: add one (such as an org.eclipse.jetty.security.HashLoginService) to the Server with addBean, " +
            "or leave interlock.status.role empty to serve the status to loopback clients only", x.getMessage());
        assertFalse(server.server().isStarted());
    }

    private ContentResponse withUser(String path, String user, String password) throws Exception
    {
        return server.request(path).headers(h -> h.put(HttpHeader.AUTHORIZATION, basic(user, password))).send();
    }

    private static String basic(String user, String password)
    {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void assertRefused(ContentResponse response)
    {
        assertEquals(403, response.getStatus(), response.getContentAsString());
        assertNoGroups(response);
    }

    private static void assertNoGroups(ContentResponse response)
    {
        String body = response.getContentAsString();
        assertFalse(body.contains("/app") || body.contains("executorGroups") || body.contains("acquisitions"), body);
    }

    /**
     * @return an address of this machine that is not loopback (a container's eth0), to connect
     * from; fails if there is none, since the loopback rule then cannot be tested here
     */
    /**
     * @return the response's JSON, after checking it against the schema
     */
    static Status status(ContentResponse response)
    {
        assertEquals(200, response.getStatus(), response.getContentAsString());
        assertEquals("application/json;charset=utf-8", response.getHeaders().get(HttpHeader.CONTENT_TYPE));
        String json = response.getContentAsString();
        assertEquals(List.of(), schema.validate(json, InputFormat.JSON), json);
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>)new JSON().fromJSON(json);
        Status status = new Status(root);
        status.checkHistograms(root);
        return status;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> histogram(Map<String, Object> group, String name)
    {
        return (Map<String, Object>)group.get(name);
    }

    /** A status document, or one of its history samples, parsed with Jetty's JSON. */
    record Status(Map<String, Object> root)
    {
        @SuppressWarnings("unchecked")
        Map<String, Object> snapshot()
        {
            return root.containsKey("snapshot") ? (Map<String, Object>)root.get("snapshot") : root;
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> history()
        {
            List<Map<String, Object>> list = new ArrayList<>();
            for (Object o : (Object[])root.get("history"))
                list.add((Map<String, Object>)o);
            return list;
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> executorGroups()
        {
            List<Map<String, Object>> list = new ArrayList<>();
            for (Object o : (Object[])snapshot().get("executorGroups"))
                list.add((Map<String, Object>)o);
            return list;
        }

        Map<String, Object> executorGroup(String name)
        {
            return executorGroups().stream().filter(g -> name.equals(g.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no executor group " + name + " in " + snapshot()));
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> applicationGroup(String executorGroup, String name)
        {
            for (Object o : (Object[])snapshot().get("applicationGroups"))
            {
                Map<String, Object> a = (Map<String, Object>)o;
                if (name.equals(a.get("name")) && executorGroup.equals(a.get("executorGroup")))
                    return a;
            }
            throw new AssertionError("no application group " + executorGroup + "/" + name + " in " + snapshot());
        }

        /** In every histogram of the document, the bucket counts add up to the count. */
        @SuppressWarnings("unchecked")
        void checkHistograms(Object node)
        {
            if (node instanceof Map<?, ?> map)
            {
                if (map.containsKey("buckets") && map.containsKey("sumMillis"))
                {
                    long sum = 0;
                    for (Object b : (Object[])map.get("buckets"))
                        sum += (Long)((Map<String, Object>)b).get("count");
                    assertEquals(map.get("count"), sum, map.toString());
                    Object[] buckets = (Object[])map.get("buckets");
                    assertEquals(null, ((Map<String, Object>)buckets[buckets.length - 1]).get("upToMillis"));
                    assertNotEquals(null, ((Map<String, Object>)buckets[0]).get("label"));
                }
                map.values().forEach(this::checkHistograms);
            }
            else if (node instanceof Object[] array)
            {
                for (Object o : array)
                    checkHistograms(o);
            }
        }
    }
}
