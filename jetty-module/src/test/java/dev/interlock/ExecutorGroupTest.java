package dev.interlock;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.interlock.executor.ExecutorGroup;
import dev.interlock.testing.Gate;
import dev.interlock.testing.TestServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Executor groups are bulkheads: bounded threads, bounded queue, queue timeout, 503 with
 * {@code Retry-After} beyond either bound, and a saturated group never delays another.
 */
public class ExecutorGroupTest
{
    private TestServer server;
    private final Gate gate = new Gate();

    @AfterEach
    public void tearDown()
    {
        gate.open();
        server.close();
    }

    private final HttpServlet parked = new HttpServlet()
    {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
        {
            gate.park();
            resp.getWriter().print(Thread.currentThread().getName() + " " + Thread.currentThread().getContextClassLoader());
        }
    };

    private final HttpServlet hello = new HttpServlet()
    {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
        {
            resp.getWriter().print(Thread.currentThread().getName());
        }
    };

    @Test
    public void queueFullAndQueueTimeoutAnswer503WithRetryAfterAndOtherGroupsGoOn() throws Exception
    {
        server = new TestServer();
        server.set("interlock.executor-groups.tiny.threads", "1");
        server.set("interlock.executor-groups.tiny.queue", "1");
        server.set("interlock.executor-groups.tiny.queue-timeout", "300ms");
        server.set("interlock.executor-groups.other.threads", "2");
        server.set("interlock.webapps.slow.executor-group", "tiny");
        server.set("interlock.webapps.slow.retry-after", "3s");
        server.set("interlock.webapps.fast.executor-group", "other");
        server.context("/slow", Map.of("/*", parked));
        server.context("/fast", Map.of("/*", hello));
        server.start();
        ExecutorGroup tiny = server.interlock().getExecutorGroup("tiny");

        CompletableFuture<ContentResponse> running = new CompletableResponseListener(server.request("/slow/a")).send();
        assertTrue(gate.awaitEntered());
        CompletableFuture<ContentResponse> queued = new CompletableResponseListener(server.request("/slow/b")).send();
        await().atMost(10, TimeUnit.SECONDS).until(tiny::getQueueSize, is(1));

        ContentResponse full = server.get("/slow/c");
        assertEquals(503, full.getStatus());
        assertEquals("3", full.getHeaders().get("Retry-After"));
        assertTrue(full.getContentAsString().contains("executor group tiny is full"), full.getContentAsString());

        // While tiny is saturated, the other group serves, on its own threads.
        ContentResponse other = server.get("/fast/x");
        assertEquals(200, other.getStatus());
        assertTrue(other.getContentAsString().startsWith("interlock-other-"), other.getContentAsString());

        ContentResponse timedOut = queued.get(10, TimeUnit.SECONDS);
        assertEquals(503, timedOut.getStatus());
        assertEquals("3", timedOut.getHeaders().get("Retry-After"));
        assertTrue(timedOut.getContentAsString().contains("queue timeout of executor group tiny"), timedOut.getContentAsString());

        assertFalse(running.isDone());
        gate.open();
        ContentResponse ok = running.get(10, TimeUnit.SECONDS);
        assertEquals(200, ok.getStatus());
        // Ran on a thread of its group, with the context's classloader set on that thread.
        assertTrue(ok.getContentAsString().startsWith("interlock-tiny-"), ok.getContentAsString());

        assertEquals(1, tiny.getRejectedQueueFull());
        assertEquals(1, tiny.getRejectedQueueTimeout());
        await().atMost(5, TimeUnit.SECONDS).until(tiny::getBusyThreads, is(0));
        assertEquals(0, tiny.getQueueSize());
    }

    @Test
    public void serverGroupRunsOnJettysOwnThreads() throws Exception
    {
        server = new TestServer();
        server.set("interlock.lock", "application");
        server.context("/app", Map.of("/*", hello));
        server.start();
        ContentResponse response = server.get("/app/x");
        assertTrue(response.getContentAsString().startsWith("test-server-"), response.getContentAsString());
    }

    @Test
    public void waitingForTheLockCountsAgainstTheQueueTimeout() throws Exception
    {
        server = new TestServer();
        server.set("interlock.executor-groups.g.threads", "4");
        server.set("interlock.executor-groups.g.queue-timeout", "300ms");
        server.set("interlock.executor-group", "g");
        server.set("interlock.lock", "application");
        server.context("/slow", Map.of("/*", parked));
        server.start();
        CompletableFuture<ContentResponse> running = new CompletableResponseListener(server.request("/slow/a")).send();
        assertTrue(gate.awaitEntered());
        // A thread is free, but the lock is not: the wait is bounded by the 300ms queue timeout,
        // not by the 30s lock timeout.
        ContentResponse waited = server.get("/slow/b");
        assertEquals(503, waited.getStatus());
        assertEquals("1", waited.getHeaders().get("Retry-After"));
        gate.open();
        assertEquals(200, running.get(10, TimeUnit.SECONDS).getStatus());
    }
}
