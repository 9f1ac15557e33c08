package dev.interlock.prometheus;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.interlock.options.ConfigException;
import dev.interlock.testing.TestServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import it.war.CounterServlet;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.security.authentication.BasicAuthenticator;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.security.Credential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scrape on a real server: found as a service with one setting, exact counts after a known
 * load, the format the scraper asks for, an application's own registry, the status endpoint's
 * access rules, and the settings that cannot work.
 */
public class PrometheusEndpointTest
{
    private TestServer server;

    @AfterEach
    public void tearDown()
    {
        if (server != null)
            server.close();
    }

    private TestServer counterServer()
    {
        server = new TestServer();
        server.set("interlock.executor-groups.g.threads", "2");
        server.set("interlock.webapps.counter.executor-group", "g");
        server.set("interlock.webapps.counter.lock", "application");
        server.context("/counter", Map.of("/*", new CounterServlet()));
        return server;
    }

    private String scrape() throws Exception
    {
        ContentResponse response = server.get("/interlock/metrics");
        assertEquals(200, response.getStatus(), response.getContentAsString());
        return response.getContentAsString();
    }

    @Test
    public void oneSettingServesTheCountsOfAKnownLoad() throws Exception
    {
        counterServer().set("interlock.prometheus.enabled", "true").start();

        ContentResponse first = server.get("/interlock/metrics");
        assertEquals(200, first.getStatus());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", first.getHeaders().get(HttpHeader.CONTENT_TYPE));
        assertEquals("no-store", first.getHeaders().get(HttpHeader.CACHE_CONTROL));
        assertTrue(first.getContentAsString().contains("interlock_executor_threads_max_threads{executor_group=\"g\"} 2.0"), first.getContentAsString());
        assertTrue(first.getContentAsString().contains("interlock_lock_acquisitions_total{application_group=\"/counter\",executor_group=\"g\"} 0.0"),
            first.getContentAsString());

        server.load("POST", "/counter/x", 40, 8).forEach(r -> assertEquals(204, r.getStatus()));
        assertEquals(40, server.count("/counter/x"), "the application lock serialised the racy counter");

        // Completions are counted as each response ends, after the client may have it.
        await().atMost(10, TimeUnit.SECONDS).until(this::scrape, containsString("interlock_executor_completed_requests_total{executor_group=\"g\"} 41.0"));
        String body = scrape();
        assertTrue(body.contains("interlock_lock_acquisitions_total{application_group=\"/counter\",executor_group=\"g\"}"), body);
        assertTrue(body.contains("interlock_executor_rejected_requests_total{cause=\"queue.full\",executor_group=\"g\"} 0.0"), body);
        assertTrue(body.contains("interlock_lock_wait_buckets_total{application_group=\"/counter\",executor_group=\"g\",le=\"+Inf\"}"), body);
        assertTrue(body.contains("# TYPE interlock_executor_queue_time_seconds summary"), body);
        assertTrue(server.interlock().getWarnings().isEmpty(), server.interlock().getWarnings().toString());
    }

    @Test
    public void theFormatTheScraperAsksFor() throws Exception
    {
        counterServer().set("interlock.prometheus.enabled", "true").start();

        ContentResponse open = server.request("/interlock/metrics")
            .headers(h -> h.put(HttpHeader.ACCEPT, "application/openmetrics-text; version=1.0.0; charset=utf-8")).send();
        assertEquals(200, open.getStatus());
        assertTrue(open.getHeaders().get(HttpHeader.CONTENT_TYPE).startsWith("application/openmetrics-text; version=1.0.0"), open.getHeaders().toString());
        assertTrue(open.getContentAsString().endsWith("# EOF\n"), open.getContentAsString());

        ContentResponse protobuf = server.request("/interlock/metrics")
            .headers(h -> h.put(HttpHeader.ACCEPT, "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited")).send();
        assertEquals(200, protobuf.getStatus());
        assertTrue(protobuf.getHeaders().get(HttpHeader.CONTENT_TYPE).startsWith("application/vnd.google.protobuf"), protobuf.getHeaders().toString());
        assertTrue(protobuf.getContent().length > 0);

        ContentResponse head = server.request("/interlock/metrics").method(HttpMethod.HEAD).send();
        assertEquals(200, head.getStatus());
        assertEquals(0, head.getContent().length);
        ContentResponse post = server.request("/interlock/metrics").method(HttpMethod.POST).send();
        assertEquals(405, post.getStatus());
        assertEquals("GET, HEAD", post.getHeaders().get(HttpHeader.ALLOW));
    }

    @Test
    public void anApplicationsRegistryIsScrapedWhole() throws Exception
    {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.counter("shop.orders").increment(3);
        counterServer().set("interlock.prometheus.enabled", "true").set("interlock.prometheus.path", "/ops/metrics");
        // Replaces the endpoint found as a service: one scrape, one set of Interlock meters.
        server.interlock().addEndpoint(new PrometheusEndpoint(registry));
        server.start();

        assertEquals(404, server.get("/interlock/metrics").getStatus());
        ContentResponse response = server.get("/ops/metrics");
        assertEquals(200, response.getStatus());
        String body = response.getContentAsString();
        assertTrue(body.contains("shop_orders_total 3.0"), body);
        assertTrue(body.contains("interlock_executor_threads_max_threads{executor_group=\"g\"} 2.0"), body);
        assertTrue(registry.find("interlock.executor.threads.max").tag("executor.group", "g").gauge() != null);
    }

    @Test
    public void offByDefaultAndItsPathWarnsWhileOff() throws Exception
    {
        counterServer().set("interlock.prometheus.path", "/ops/metrics").start();

        assertEquals(404, server.get("/interlock/metrics").getStatus());
        assertEquals(404, server.get("/ops/metrics").getStatus());
        assertEquals(List.of("interlock.prometheus.path (from test) has no effect: its endpoint is off (interlock.prometheus.enabled=false)"),
            server.interlock().getWarnings());
    }

    @Test
    public void aPathTakenByTheStatusFailsStartup()
    {
        counterServer().set("interlock.prometheus.enabled", "true").set("interlock.status.enabled", "true")
            .set("interlock.prometheus.path", "/interlock/status.json");

        ConfigException x = assertThrows(ConfigException.class, server::start);
        assertEquals("interlock.prometheus.path=/interlock/status.json (from test) is not valid: another endpoint is served there " +
            "(interlock.status.path=/interlock/status); give each its own path", x.getMessage());
        assertFalse(server.server().isStarted());
    }

    @Test
    public void servedBesideTheStatusUnderItsRole() throws Exception
    {
        counterServer().set("interlock.prometheus.enabled", "true").set("interlock.status.enabled", "true")
            .set("interlock.status.role", "metrics");
        HashLoginService login = new HashLoginService("Interlock");
        UserStore users = new UserStore();
        users.addUser("prometheus", Credential.getCredential("scrape-secret"), new String[]{"metrics"});
        users.addUser("dev", Credential.getCredential("dev-secret"), new String[]{"user"});
        login.setUserStore(users);
        server.server().addBean(login);
        ServerConnector outside = server.addNonLoopbackConnector();
        server.start();

        URI metrics = TestServer.uri(outside, "/interlock/metrics");
        ContentResponse anonymous = server.client().newRequest(metrics).timeout(30, TimeUnit.SECONDS).send();
        assertEquals(401, anonymous.getStatus());
        assertFalse(anonymous.getContentAsString().contains("interlock_"), anonymous.getContentAsString());
        assertEquals(403, server.client().newRequest(metrics).timeout(30, TimeUnit.SECONDS)
            .headers(h -> h.put(HttpHeader.AUTHORIZATION, BasicAuthenticator.authorization("dev", "dev-secret"))).send().getStatus());
        ContentResponse scraped = server.client().newRequest(metrics).timeout(30, TimeUnit.SECONDS)
            .headers(h -> h.put(HttpHeader.AUTHORIZATION, BasicAuthenticator.authorization("prometheus", "scrape-secret"))).send();
        assertEquals(200, scraped.getStatus());
        assertTrue(scraped.getContentAsString().contains("interlock_executor_threads_max_threads{executor_group=\"g\"} 2.0"));
        assertEquals(200, server.client().newRequest(metrics.resolve("/interlock/status.json")).timeout(30, TimeUnit.SECONDS)
            .headers(h -> h.put(HttpHeader.AUTHORIZATION, BasicAuthenticator.authorization("prometheus", "scrape-secret"))).send().getStatus());
    }

    @Test
    public void loopbackOnlyWithoutARole() throws Exception
    {
        counterServer().set("interlock.prometheus.enabled", "true");
        ServerConnector outside = server.addNonLoopbackConnector();
        server.start();

        ContentResponse refused = server.client().newRequest(TestServer.uri(outside, "/interlock/metrics"))
            .timeout(30, TimeUnit.SECONDS).send();
        assertEquals(403, refused.getStatus());
        assertFalse(refused.getContentAsString().contains("interlock_"), refused.getContentAsString());
        assertEquals(200, server.get("/interlock/metrics").getStatus());
    }

    @Test
    public void anEndpointServesOneEngine() throws Exception
    {
        PrometheusEndpoint shared = new PrometheusEndpoint();
        counterServer().set("interlock.prometheus.enabled", "true");
        server.interlock().addEndpoint(shared);
        server.start();
        try (TestServer other = new TestServer())
        {
            other.set("interlock.prometheus.enabled", "true");
            other.interlock().addEndpoint(shared);
            IllegalStateException x = assertThrows(IllegalStateException.class, other::start);
            assertTrue(x.getMessage().startsWith("A PrometheusEndpoint serves one engine; it already serves "), x.getMessage());
        }
    }
}
