package dev.interlock.metrics;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import dev.interlock.lock.GroupLock;
import dev.interlock.testing.Gate;
import dev.interlock.testing.TestServer;
import it.war.CounterServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.jmx.MBeanContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The metrics move as they should under a known load: exact counts, histograms with counts in
 * the buckets the load must put them in, rejections counted by cause; JMX shows one MBean per
 * group.
 */
public class MetricsTest
{
    private TestServer server;
    private final Gate gate = new Gate();

    @AfterEach
    public void tearDown()
    {
        gate.open();
        if (server != null)
            server.close();
    }

    /** Holds the lock 20 ms without a yield point: 4 switch intervals of 5 ms at least. */
    private final HttpServlet holder = new HttpServlet()
    {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
        {
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
            while (System.nanoTime() < until)
                Thread.onSpinWait();
            resp.setStatus(204);
        }
    };

    private final HttpServlet parked = new HttpServlet()
    {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp)
        {
            gate.park();
            resp.setStatus(204);
        }
    };

    private static ApplicationGroupMetrics group(MetricsSnapshot snapshot, String name)
    {
        return snapshot.applicationGroups().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
    }

    private static ExecutorGroupMetrics executor(MetricsSnapshot snapshot, String name)
    {
        return snapshot.executorGroups().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }

    private static long countUpTo(Histogram h, Duration bound)
    {
        return h.buckets().stream().filter(b -> b.upTo() != null && b.upTo().compareTo(bound) < 0).mapToLong(Histogram.Bucket::count).sum();
    }

    @Test
    public void lockMetricsCountEveryAcquisitionAndPutHoldsAndWaitsInTheirBuckets() throws Exception
    {
        server = new TestServer()
            .set("interlock.webapps.held.lock", "application")
            .set("interlock.webapps.held.switch-interval", "5ms");
        server.context("/held", Map.of("/*", holder));
        server.start();
        List<ContentResponse> responses = server.load("GET", "/held/x", 64, 8);
        responses.forEach(r -> assertEquals(204, r.getStatus()));

        ApplicationGroupMetrics held = group(server.interlock().getMetrics().snapshot(), "/held");
        assertEquals(Map.of("held", "application"), held.disciplines());
        assertTrue(held.disciplineSources().get("held").startsWith("interlock.webapps.held.lock=application (from test)"), held.disciplineSources().toString());
        assertEquals(64, held.acquisitions(), "one acquisition per request");
        assertEquals(64 / GroupLock.HOLD_SAMPLE, held.lockHold().count(), "one hold in HOLD_SAMPLE is timed");
        // Each hold spins 20 ms: none can fall in a bucket ending below 20 ms (4 x 5 ms).
        assertEquals(0, countUpTo(held.lockHold(), Duration.ofMillis(20)), held.lockHold().toString());
        // 8 clients on one lock: requests waited, and each wait is counted once.
        assertTrue(held.contendedAcquisitions() > 0, held.toString());
        assertEquals(held.contendedAcquisitions(), held.lockWait().count());
        assertEquals((double)held.contendedAcquisitions() / 64, held.contentionRatio(), 1e-9);
        assertEquals(0, held.refusals());
        assertEquals("<=0.5x", held.lockWait().buckets().get(0).label());
        assertEquals(Duration.ofMillis(5), held.lockWait().buckets().get(1).upTo(), "buckets in multiples of the switch interval");
        await().atMost(5, TimeUnit.SECONDS).until(() -> group(server.interlock().getMetrics().snapshot(), "/held").activeRequests(), is(0));
        ExecutorGroupMetrics jetty = executor(server.interlock().getMetrics().snapshot(), "server");
        assertEquals(64, jetty.completed(), "requests completed in Jetty's pool");
        assertNull(jetty.queueTime(), "Jetty's pool does not time its queue");
    }

    @Test
    public void executorGroupCountsQueueTimesAndRejectionsByCause() throws Exception
    {
        // Two groups of one thread and one queue slot, held busy by parked requests: "tiny"
        // with a queue timeout no test run reaches, so every extra request is refused as full,
        // and "brief" with a short one, so its queued request is refused as timed out.
        Gate briefGate = new Gate();
        server = new TestServer()
            .set("interlock.executor-groups.tiny.threads", "1")
            .set("interlock.executor-groups.tiny.queue", "1")
            .set("interlock.executor-groups.tiny.queue-timeout", "60s")
            .set("interlock.webapps.slow.executor-group", "tiny")
            .set("interlock.executor-groups.brief.threads", "1")
            .set("interlock.executor-groups.brief.queue", "1")
            .set("interlock.executor-groups.brief.queue-timeout", "100ms")
            .set("interlock.webapps.brief.executor-group", "brief");
        server.context("/slow", Map.of("/*", parked));
        server.context("/brief", Map.of("/*", new HttpServlet()
        {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp)
            {
                briefGate.park();
                resp.setStatus(204);
            }
        }));
        server.start();
        var tiny = server.interlock().getExecutorGroup("tiny");
        var brief = server.interlock().getExecutorGroup("brief");
        try
        {
            CompletableFuture<ContentResponse> running = new CompletableResponseListener(server.request("/slow/a")).send();
            assertTrue(gate.awaitEntered());
            CompletableFuture<ContentResponse> queued = new CompletableResponseListener(server.request("/slow/b")).send();
            await().atMost(10, TimeUnit.SECONDS).until(tiny::getQueueSize, is(1));
            ExecutorGroupMetrics during = executor(server.interlock().getMetrics().snapshot(), "tiny");
            assertEquals(1, during.busyThreads());
            assertEquals(1, during.queueDepth());
            assertEquals(1, during.queueCapacity());
            for (int i = 0; i < 3; i++)
                assertEquals(503, server.get("/slow/full").getStatus());

            CompletableFuture<ContentResponse> briefRunning = new CompletableResponseListener(server.request("/brief/a")).send();
            assertTrue(briefGate.awaitEntered());
            assertEquals(503, server.get("/brief/times-out").getStatus());

            gate.open();
            briefGate.open();
            assertEquals(204, running.get(10, TimeUnit.SECONDS).getStatus());
            assertEquals(204, queued.get(10, TimeUnit.SECONDS).getStatus());
            assertEquals(204, briefRunning.get(10, TimeUnit.SECONDS).getStatus());
            // A task counts as completed once its thread is done with it, after its response.
            await().atMost(10, TimeUnit.SECONDS).until(() -> executor(server.interlock().getMetrics().snapshot(), "tiny").completed(), is(2L));
            await().atMost(10, TimeUnit.SECONDS).until(() -> executor(server.interlock().getMetrics().snapshot(), "brief").completed(), is(1L));

            ExecutorGroupMetrics after = executor(server.interlock().getMetrics().snapshot(), "tiny");
            assertEquals(3, after.rejectedQueueFull());
            assertEquals(0, after.rejectedQueueTimeout());
            assertEquals(0, after.rejectedDraining());
            assertEquals(2, after.queueTime().count(), "both tasks that ran were timed");
            assertEquals(1, after.maxThreads());
            assertFalse(after.virtual());
            ExecutorGroupMetrics briefAfter = executor(server.interlock().getMetrics().snapshot(), "brief");
            assertEquals(0, briefAfter.rejectedQueueFull());
            assertEquals(1, briefAfter.rejectedQueueTimeout());
            assertEquals(0, brief.getQueueSize());
        }
        finally
        {
            briefGate.open();
        }
    }

    @Test
    public void anIdleServerPoolIsNotBusy() throws Exception
    {
        server = new TestServer();
        server.context("/app", Map.of("/*", new CounterServlet()));
        server.start();
        assertEquals(204, server.request("/app/x").method("POST").send().getStatus());

        // Jetty's acceptor and selector threads run for good: they are not requests.
        await().atMost(10, TimeUnit.SECONDS).until(() -> serverGroup().busyThreads(), is(0));
        ExecutorGroupMetrics pool = serverGroup();
        assertTrue(pool.threads() >= 2, "the pool runs its acceptor and selector: " + pool);
        assertEquals(200, pool.maxThreads());
        assertEquals(-1, pool.queueCapacity());
    }

    private ExecutorGroupMetrics serverGroup()
    {
        return server.interlock().getMetrics().snapshot().executorGroups().stream().filter(g -> g.name().equals("server")).findFirst().orElseThrow();
    }

    @Test
    public void drainingRejectionsAreCountedForTheWebappsExecutorGroup() throws Exception
    {
        server = new TestServer().set("interlock.drain-timeout", "10s");
        var context = server.context("/draining", Map.of("/*", parked));
        server.context("/other", Map.of("/*", new CounterServlet()));
        server.start();
        CompletableFuture<ContentResponse> inFlight = new CompletableResponseListener(server.request("/draining/a")).send();
        assertTrue(gate.awaitEntered());
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() ->
        {
            try
            {
                context.stop();
            }
            catch (Exception x)
            {
                throw new IllegalStateException(x);
            }
        });
        await().atMost(10, TimeUnit.SECONDS).until(() -> server.get("/draining/b").getStatus(), is(503));
        long rejected = executor(server.interlock().getMetrics().snapshot(), "server").rejectedDraining();
        assertTrue(rejected >= 1, "counted: " + rejected);
        gate.open();
        assertEquals(204, inFlight.get(10, TimeUnit.SECONDS).getStatus());
        stopping.get(20, TimeUnit.SECONDS);
    }

    @Test
    public void metricsOffKeepsCountersAndDropsTimings() throws Exception
    {
        server = new TestServer()
            .set("interlock.metrics.enabled", "false")
            .set("interlock.webapps.held.lock", "application");
        server.context("/held", Map.of("/*", holder));
        server.start();
        server.load("GET", "/held/x", 20, 4);
        ApplicationGroupMetrics held = group(server.interlock().getMetrics().snapshot(), "/held");
        assertEquals(20, held.acquisitions());
        assertEquals(0, held.lockHold().count());
        assertEquals(0, held.lockWait().count());
        assertTrue(server.interlock().getMetrics().history().isEmpty(), "no sampling");
    }

    @Test
    public void historyIsSampledEverySecond() throws Exception
    {
        server = new TestServer().set("interlock.executor-groups.pool.threads", "2").set("interlock.webapps.app.executor-group", "pool");
        server.context("/app", Map.of("/*", holder));
        server.start();
        server.load("GET", "/app/x", 10, 2);
        await().atMost(10, TimeUnit.SECONDS).until(() -> server.interlock().getMetrics().history().size() >= 2);
        List<MetricsSnapshot> history = server.interlock().getMetrics().history();
        assertTrue(history.get(0).time().isBefore(history.get(history.size() - 1).time()));
        assertEquals(List.of("server", "pool"), history.get(history.size() - 1).executorGroups().stream().map(ExecutorGroupMetrics::name).toList());
    }

    @Test
    public void jmxShowsOneMBeanPerGroup() throws Exception
    {
        server = new TestServer()
            .set("interlock.executor-groups.reports.threads", "2")
            .set("interlock.webapps.app.executor-group", "reports")
            .set("interlock.webapps.app.lock", "application");
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        MBeanContainer container = new MBeanContainer(mbeans);
        server.server().addBean(container);
        server.context("/app", Map.of("/*", new CounterServlet()));
        server.start();
        try
        {
            server.load("POST", "/app/x", 30, 4);
            // Counted by the group's thread once it is done with a task, after the response.
            await().atMost(10, TimeUnit.SECONDS).until(() -> server.interlock().getExecutorGroup("reports").getCompletedTasks(), is(30L));
            Set<ObjectName> executorGroups = mbeans.queryNames(new ObjectName("dev.interlock.executor:type=executorgroup,*"), null);
            Set<ObjectName> applicationGroups = mbeans.queryNames(new ObjectName("dev.interlock.group:type=lockdomain,*"), null);
            assertEquals(1, executorGroups.size(), executorGroups.toString());
            assertEquals(1, applicationGroups.size(), applicationGroups.toString());
            ObjectName reports = executorGroups.iterator().next();
            assertEquals("reports", mbeans.getAttribute(reports, "name"));
            assertEquals(30L, mbeans.getAttribute(reports, "completedTasks"));
            ObjectName app = applicationGroups.iterator().next();
            assertEquals(30L, mbeans.getAttribute(app, "lockAcquisitions"));
            assertEquals(Map.of("app", "application"), mbeans.getAttribute(app, "disciplines"));
            List<String> names = new ArrayList<>();
            mbeans.queryNames(new ObjectName("dev.interlock.*:*"), null).forEach(n -> names.add(n.toString()));
            assertTrue(names.stream().anyMatch(n -> n.startsWith("dev.interlock.jetty:type=interlockmetrics")), names.toString());
        }
        finally
        {
            server.close();
            server = null;
            container.destroy();
        }
    }
}
