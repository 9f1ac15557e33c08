package dev.interlock.micrometer;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.interlock.jetty.InterlockServer;
import dev.interlock.lock.GroupLock;
import dev.interlock.testing.Gate;
import dev.interlock.testing.TestServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import it.war.CounterServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.interlock.micrometer.InterlockMetricsBinder.APPLICATION_GROUP;
import static dev.interlock.micrometer.InterlockMetricsBinder.CAUSE;
import static dev.interlock.micrometer.InterlockMetricsBinder.EXECUTOR_GROUP;
import static dev.interlock.micrometer.InterlockMetricsBinder.LE;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The binder's meters under a known load on a real server, read from a
 * {@link SimpleMeterRegistry}: exact counts, rejections by cause, histogram buckets, gauges with
 * the configured sizes, groups created after binding, and an engine that is not kept alive.
 */
public class InterlockMetricsBinderTest
{
    /** The default switch interval (5 ms) times 0.5, 1, 2, 4, 8, 16, in seconds. */
    private static final List<String> LOCK_BOUNDS = List.of("0.0025", "0.005", "0.01", "0.02", "0.04", "0.08", "+Inf");
    private static final List<String> QUEUE_BOUNDS = List.of("0.001", "0.005", "0.01", "0.05", "0.1", "0.5", "1", "5", "10", "30", "+Inf");

    private TestServer server;
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final Gate gate = new Gate();
    private final Gate otherGate = new Gate();

    @AfterEach
    public void tearDown()
    {
        gate.open();
        otherGate.open();
        if (server != null)
            server.close();
        registry.close();
    }

    private static final class Parked extends HttpServlet
    {
        private final Gate gate;

        Parked(Gate gate)
        {
            this.gate = gate;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp)
        {
            gate.park();
            resp.setStatus(204);
        }
    }

    /** A new one each time: a servlet keeps its config, and with it the server, after it is destroyed. */
    private static final class Hello extends HttpServlet
    {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
        {
            resp.getWriter().print("hello");
        }
    }

    private CompletableFuture<ContentResponse> send(String path)
    {
        return new CompletableResponseListener(server.request(path)).send();
    }

    private double gauge(String name, String... tags)
    {
        return registry.get(name).tags(tags).gauge().value();
    }

    private double counter(String name, String... tags)
    {
        return registry.get(name).tags(tags).functionCounter().count();
    }

    private FunctionTimer timer(String name, String... tags)
    {
        return registry.get(name).tags(tags).functionTimer();
    }

    /**
     * The bucket counters of a histogram, by ascending bound, checked to be cumulative and to end
     * with {@code +Inf} equal to the histogram's count.
     */
    private List<FunctionCounter> buckets(String name, String... tags)
    {
        List<FunctionCounter> buckets = registry.get(name + ".buckets").tags(tags).functionCounters().stream()
            .sorted(Comparator.comparingDouble(c -> Double.parseDouble(c.getId().getTag(LE).replace("+Inf", "Infinity"))))
            .toList();
        double previous = 0;
        for (FunctionCounter bucket : buckets)
        {
            assertTrue(bucket.count() >= previous, "cumulative: " + describe(buckets));
            previous = bucket.count();
        }
        assertEquals("+Inf", buckets.get(buckets.size() - 1).getId().getTag(LE));
        assertEquals(timer(name, tags).count(), buckets.get(buckets.size() - 1).count(), describe(buckets));
        return buckets;
    }

    private static List<String> bounds(List<FunctionCounter> buckets)
    {
        return buckets.stream().map(c -> c.getId().getTag(LE)).toList();
    }

    private static String describe(List<FunctionCounter> buckets)
    {
        return buckets.stream().map(c -> c.getId().getTag(LE) + "=" + c.count()).collect(Collectors.joining(", "));
    }

    private Set<String> values(String name, String tag)
    {
        return registry.find(name).meters().stream().map(m -> m.getId().getTag(tag)).collect(Collectors.toSet());
    }

    @Test
    public void lockMetersCountEveryAcquisitionUnderLoad() throws Exception
    {
        server = new TestServer().set("interlock.lock", "application");
        server.context("/counter", Map.of("/count/*", new CounterServlet(), "/park/*", new Parked(gate)));
        server.start();
        InterlockMetricsBinder.builder(server.interlock()).maxAge(Duration.ZERO).build().bindTo(registry);
        String[] counter = {APPLICATION_GROUP, "/counter", EXECUTOR_GROUP, "server"};

        List<ContentResponse> responses = server.load("POST", "/counter/count/x", 200, 16);
        responses.forEach(r -> assertEquals(204, r.getStatus()));
        assertEquals(200, server.count("/counter/count/x"), "the lock serialised the racy counter");

        // One request holds the lock, parked; the next one waits for it.
        CompletableFuture<ContentResponse> holder = send("/counter/park/a");
        assertTrue(gate.awaitEntered());
        CompletableFuture<ContentResponse> waiter = send("/counter/count/y");
        await().atMost(10, TimeUnit.SECONDS).until(() -> gauge("interlock.lock.waiters", counter), is(1.0));
        assertEquals(2.0, gauge("interlock.application.active", counter));
        gate.open();
        assertEquals(204, holder.get(10, TimeUnit.SECONDS).getStatus());
        assertEquals(200, waiter.get(10, TimeUnit.SECONDS).getStatus());

        // 200 POSTs, the GET of the count, the parked request and the one that waited for it.
        await().atMost(10, TimeUnit.SECONDS).until(() -> counter("interlock.executor.completed", EXECUTOR_GROUP, "server"), is(203.0));
        await().atMost(10, TimeUnit.SECONDS).until(() -> gauge("interlock.application.active", counter), is(0.0));
        assertEquals(0.0, gauge("interlock.lock.waiters", counter));
        double acquisitions = counter("interlock.lock.acquisitions", counter);
        double contended = counter("interlock.lock.acquisitions.contended", counter);
        assertTrue(acquisitions >= 203, "acquisitions: " + acquisitions);
        assertTrue(contended >= 1 && contended <= acquisitions, "contended: " + contended);
        assertEquals(contended / acquisitions, gauge("interlock.lock.contention", counter), 1e-9);
        assertEquals(0.0, counter("interlock.lock.refusals", counter));
        assertTrue(counter("interlock.lock.handovers", counter) >= 0);

        // Every contended acquisition waited once; one acquisition in HOLD_SAMPLE has its hold timed.
        FunctionTimer hold = timer("interlock.lock.hold", counter);
        assertEquals(Math.floor(acquisitions / GroupLock.HOLD_SAMPLE), hold.count());
        assertTrue(hold.totalTime(TimeUnit.SECONDS) > 0);
        assertEquals(LOCK_BOUNDS, bounds(buckets("interlock.lock.hold", counter)));
        FunctionTimer wait = timer("interlock.lock.wait", counter);
        assertEquals(contended, wait.count());
        assertTrue(wait.totalTime(TimeUnit.SECONDS) > 0);
        assertEquals(LOCK_BOUNDS, bounds(buckets("interlock.lock.wait", counter)));

        // Jetty's own pool, as the server executor group: its configured size, no queue timing.
        assertEquals(200.0, gauge("interlock.executor.threads.max", EXECUTOR_GROUP, "server"));
        assertTrue(gauge("interlock.executor.threads.current", EXECUTOR_GROUP, "server") >= 1);
        double utilization = gauge("interlock.executor.utilization", EXECUTOR_GROUP, "server");
        assertTrue(utilization >= 0 && utilization <= 1, "utilization: " + utilization);
        assertNull(registry.find("interlock.executor.queue.time").tags(EXECUTOR_GROUP, "server").functionTimer());
        assertEquals(Set.of("/counter"), values("interlock.lock.acquisitions", APPLICATION_GROUP));
    }

    @Test
    public void theWatchdogsMetersCountAStuckRequest() throws Exception
    {
        server = new TestServer()
            .set("interlock.lock", "application")
            .set("interlock.request-timeout", "200ms");
        server.context("/app", Map.of("/*", new Parked(gate)));
        InterlockMetricsBinder.of(server.interlock()).bindTo(registry);
        server.start();
        assertEquals(0.0, gauge("interlock.requests.stuck"));
        CompletableFuture<ContentResponse> stuck = new CompletableResponseListener(server.request("/app/x")).send();
        assertTrue(gate.awaitEntered());
        await().atMost(10, TimeUnit.SECONDS).until(() -> counter("interlock.requests.timeout.reports"), is(1.0));
        assertEquals(1.0, gauge("interlock.requests.stuck"));
        assertEquals(0.0, counter("interlock.requests.timeout.interrupts"));
        assertEquals(0.0, counter("interlock.requests.unstoppable"));
        assertEquals(0.0, counter("interlock.lock.self.calls"));
        gate.open();
        // Parked answers nothing: 204.
        assertEquals(204, stuck.get(10, TimeUnit.SECONDS).getStatus());
        await().atMost(10, TimeUnit.SECONDS).until(() -> gauge("interlock.requests.stuck"), is(0.0));
        assertEquals(1.0, counter("interlock.requests.timeout.reports"));
    }

    @Test
    public void watchedClassesEnteredConcurrentlyAreCounted() throws Exception
    {
        server = new TestServer()
            .set("interlock.detect-concurrency", "true")
            .set("interlock.detect-concurrency.watch", Parked.class.getName());
        server.context("/app", Map.of("/*", new Parked(gate)));
        server.context("/other", Map.of("/*", new Hello()));
        InterlockMetricsBinder.of(server.interlock()).bindTo(registry);
        server.start();
        assertEquals(0.0, gauge("interlock.concurrency.watched.concurrent"));
        assertEquals(200, server.get("/other/x").getStatus());
        CompletableFuture<ContentResponse> first = send("/app/a");
        CompletableFuture<ContentResponse> second = send("/app/b");
        // Both parked inside the watched servlet at once: read live, with no snapshot age.
        await().atMost(10, TimeUnit.SECONDS).until(() -> gauge("interlock.concurrency.watched.concurrent"), is(1.0));
        gate.open();
        assertEquals(204, first.get(10, TimeUnit.SECONDS).getStatus());
        assertEquals(204, second.get(10, TimeUnit.SECONDS).getStatus());
        // Counted for the run of the webapp, not only while inside.
        assertEquals(1.0, gauge("interlock.concurrency.watched.concurrent"));
    }

    @Test
    public void rejectionsAreCountedByCause() throws Exception
    {
        server = new TestServer()
            .set("interlock.executor-groups.tiny.threads", "1")
            .set("interlock.executor-groups.tiny.queue", "1")
            .set("interlock.executor-groups.brief.threads", "1")
            .set("interlock.executor-groups.brief.queue", "1")
            .set("interlock.executor-groups.brief.queue-timeout", "200ms")
            .set("interlock.webapps.slow.executor-group", "tiny")
            .set("interlock.webapps.short.executor-group", "brief");
        server.context("/slow", Map.of("/*", new Parked(gate)));
        server.context("/short", Map.of("/*", new Parked(otherGate)));
        server.start();
        InterlockMetricsBinder.builder(server.interlock()).maxAge(Duration.ZERO).build().bindTo(registry);
        String[] tiny = {EXECUTOR_GROUP, "tiny"};
        String[] brief = {EXECUTOR_GROUP, "brief"};
        assertEquals(Set.of("queue.full", "queue.timeout", "draining", "stopped"), registry.find("interlock.executor.rejected").tags(tiny)
            .functionCounters().stream().map(c -> c.getId().getTag(CAUSE)).collect(Collectors.toSet()));

        // tiny: its one thread parked, its one queue slot taken (for up to 30 s): the next 5 are full.
        CompletableFuture<ContentResponse> running = send("/slow/a");
        assertTrue(gate.awaitEntered());
        CompletableFuture<ContentResponse> queued = send("/slow/b");
        await().atMost(10, TimeUnit.SECONDS).until(() -> gauge("interlock.executor.queue.depth", tiny), is(1.0));
        assertEquals(1.0, gauge("interlock.executor.threads.max", tiny));
        assertEquals(1.0, gauge("interlock.executor.threads.busy", tiny));
        assertEquals(1.0, gauge("interlock.executor.threads.current", tiny));
        assertEquals(1.0, gauge("interlock.executor.queue.capacity", tiny));
        for (int i = 0; i < 5; i++)
            assertEquals(503, server.get("/slow/full").getStatus());

        // brief: its one thread parked until the queued request has timed out.
        CompletableFuture<ContentResponse> briefRunning = send("/short/a");
        assertTrue(otherGate.awaitEntered());
        assertEquals(503, server.get("/short/b").getStatus());

        gate.open();
        otherGate.open();
        assertEquals(204, running.get(10, TimeUnit.SECONDS).getStatus());
        assertEquals(204, queued.get(10, TimeUnit.SECONDS).getStatus());
        assertEquals(204, briefRunning.get(10, TimeUnit.SECONDS).getStatus());
        await().atMost(10, TimeUnit.SECONDS).until(() -> counter("interlock.executor.completed", tiny), is(2.0));
        await().atMost(10, TimeUnit.SECONDS).until(() -> counter("interlock.executor.completed", brief), is(1.0));
        await().atMost(10, TimeUnit.SECONDS).until(() -> gauge("interlock.executor.threads.busy", tiny), is(0.0));

        assertEquals(5.0, counter("interlock.executor.rejected", EXECUTOR_GROUP, "tiny", CAUSE, "queue.full"));
        assertEquals(0.0, counter("interlock.executor.rejected", EXECUTOR_GROUP, "tiny", CAUSE, "queue.timeout"));
        assertEquals(0.0, counter("interlock.executor.rejected", EXECUTOR_GROUP, "tiny", CAUSE, "draining"));
        assertEquals(0.0, counter("interlock.executor.rejected", EXECUTOR_GROUP, "tiny", CAUSE, "stopped"));
        assertEquals(1.0, counter("interlock.executor.rejected", EXECUTOR_GROUP, "brief", CAUSE, "queue.timeout"));
        assertEquals(0.0, counter("interlock.executor.rejected", EXECUTOR_GROUP, "brief", CAUSE, "queue.full"));
        assertEquals(0.0, gauge("interlock.executor.queue.depth", tiny));

        // Both requests tiny ran were timed in its queue; the queued one waited for the gate.
        FunctionTimer queueTime = timer("interlock.executor.queue.time", tiny);
        assertEquals(2, queueTime.count());
        assertTrue(queueTime.totalTime(TimeUnit.NANOSECONDS) > 0);
        assertEquals(QUEUE_BOUNDS, bounds(buckets("interlock.executor.queue.time", tiny)));
    }

    @Test
    public void drainingRejectionsAreCountedForTheWebappsExecutorGroup() throws Exception
    {
        server = new TestServer().set("interlock.drain-timeout", "10s");
        ServletContextHandler context = server.context("/draining", Map.of("/park/*", new Parked(gate), "/hello/*", new Hello()));
        server.start();
        InterlockMetricsBinder.builder(server.interlock()).maxAge(Duration.ZERO).build().bindTo(registry);

        CompletableFuture<ContentResponse> inFlight = send("/draining/park/a");
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
        // Until the drain begins the webapp answers; from then on each request is a 503, counted:
        // the one that ends this wait and the two after it.
        int[] rejected = {0};
        await().atMost(10, TimeUnit.SECONDS).until(() ->
        {
            int status = server.get("/draining/hello/b").getStatus();
            if (status == 503)
                rejected[0]++;
            return status == 503;
        });
        assertEquals(503, server.get("/draining/hello/c").getStatus());
        assertEquals(503, server.get("/draining/hello/d").getStatus());
        gate.open();
        assertEquals(204, inFlight.get(10, TimeUnit.SECONDS).getStatus());
        stopping.get(20, TimeUnit.SECONDS);

        assertEquals(1, rejected[0]);
        assertEquals(3.0, counter("interlock.executor.rejected", EXECUTOR_GROUP, "server", CAUSE, "draining"));
        assertEquals(0.0, counter("interlock.executor.rejected", EXECUTOR_GROUP, "server", CAUSE, "queue.full"));
    }

    @Test
    public void groupsCreatedAfterBindingAppearAtTheNextRead() throws Exception
    {
        server = new TestServer()
            .set("interlock.executor-groups.pool.threads", "2")
            .set("interlock.webapps.first.executor-group", "pool");
        server.context("/first", Map.of("/*", new Hello()));
        // Bound before the engine starts: only Jetty's own pool exists yet.
        InterlockMetricsBinder binder = InterlockMetricsBinder.builder(server.interlock()).tags("server", "main").build();
        binder.bindTo(registry);
        assertEquals(Set.of("server"), values("interlock.executor.threads.max", EXECUTOR_GROUP));
        assertTrue(registry.find("interlock.lock.acquisitions").meters().isEmpty());

        server.start();
        assertEquals(200, server.get("/first/x").getStatus());
        // A scrape reads the meters it has; the first one after the max age brings the new groups.
        await().atMost(10, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100)).until(() ->
        {
            gauge("interlock.executor.threads.max", EXECUTOR_GROUP, "server");
            return registry.find("interlock.executor.threads.max").tags(EXECUTOR_GROUP, "pool").gauge() != null
                && registry.find("interlock.lock.acquisitions").tags(APPLICATION_GROUP, "/first").functionCounter() != null;
        });
        assertEquals(2.0, gauge("interlock.executor.threads.max", EXECUTOR_GROUP, "pool"));
        assertEquals("pool", registry.get("interlock.lock.acquisitions").tags(APPLICATION_GROUP, "/first").meter().getId().getTag(EXECUTOR_GROUP));

        // A webapp deployed later, on a running server.
        ServletContextHandler late = server.context("/late", Map.of("/*", new CounterServlet()));
        if (!late.isStarted())
            late.start();
        assertEquals(0, server.count("/late/x"));
        await().atMost(10, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100)).until(() ->
        {
            gauge("interlock.executor.threads.max", EXECUTOR_GROUP, "server");
            return registry.find("interlock.application.active").tags(APPLICATION_GROUP, "/late").gauge() != null;
        });
        assertEquals(0.0, counter("interlock.lock.acquisitions", APPLICATION_GROUP, "/late"), "free: no lock taken");

        // refresh() brings a new group at once, whatever the max age.
        ServletContextHandler later = server.context("/later", Map.of("/*", new Hello()));
        if (!later.isStarted())
            later.start();
        assertEquals(200, server.get("/later/x").getStatus());
        binder.refresh();
        assertNotNull(registry.find("interlock.application.active").tags(APPLICATION_GROUP, "/later").gauge());

        for (Meter meter : registry.getMeters())
            assertEquals("main", meter.getId().getTag("server"), meter.getId().toString());
        // Binding the same registry again adds nothing.
        int meters = registry.getMeters().size();
        binder.bindTo(registry);
        assertEquals(meters, registry.getMeters().size());
    }

    @Test
    public void metersDoNotKeepAStoppedEngineAlive() throws Exception
    {
        TestServer local = new TestServer();
        local.context("/app", Map.of("/*", new Hello()));
        local.start();
        InterlockMetricsBinder.builder(local.interlock()).maxAge(Duration.ZERO).build().bindTo(registry);
        assertEquals(200, local.get("/app/x").getStatus());
        assertNotNull(registry.find("interlock.lock.acquisitions").tags(APPLICATION_GROUP, "/app").functionCounter());
        WeakReference<InterlockServer> engine = new WeakReference<>(local.interlock());

        local.close();
        // The next read sees that the stopped engine has no groups left: their meters go.
        gauge("interlock.executor.threads.max", EXECUTOR_GROUP, "server");
        assertNull(registry.find("interlock.lock.acquisitions").tags(APPLICATION_GROUP, "/app").functionCounter());
        assertFalse(registry.find("interlock.executor.threads.max").gauges().isEmpty(), "Jetty's own pool is always there");

        local = null;
        await().atMost(20, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() ->
        {
            System.gc();
            return engine.get() == null;
        });
        assertTrue(Double.isNaN(gauge("interlock.executor.threads.max", EXECUTOR_GROUP, "server")));
    }

    @Test
    public void maxAgeMustNotBeNegative()
    {
        server = new TestServer();
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
            () -> InterlockMetricsBinder.builder(server.interlock()).maxAge(Duration.ofMillis(-1)));
        assertEquals("maxAge must be a duration >= 0, not PT-0.001S", x.getMessage());
    }
}
