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
        // "tiny" refuses what finds its one queue slot taken (its queue timeout is out of reach);
        // "brief" refuses what waits longer than its short queue timeout.
        Gate briefGate = new Gate();
        server = new TestServer();
        server.set("interlock.executor-groups.tiny.threads", "1");
        server.set("interlock.executor-groups.tiny.queue", "1");
        server.set("interlock.executor-groups.tiny.queue-timeout", "60s");
        server.set("interlock.executor-groups.brief.threads", "1");
        server.set("interlock.executor-groups.brief.queue", "1");
        server.set("interlock.executor-groups.brief.queue-timeout", "100ms");
        server.set("interlock.executor-groups.other.threads", "2");
        server.set("interlock.webapps.slow.executor-group", "tiny");
        server.set("interlock.webapps.slow.retry-after", "3s");
        server.set("interlock.webapps.brief.executor-group", "brief");
        server.set("interlock.webapps.brief.retry-after", "3s");
        server.set("interlock.webapps.fast.executor-group", "other");
        server.context("/slow", Map.of("/*", parked));
        server.context("/brief", Map.of("/*", new HttpServlet()
        {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp)
            {
                briefGate.park();
            }
        }));
        server.context("/fast", Map.of("/*", hello));
        server.start();
        ExecutorGroup tiny = server.interlock().getExecutorGroup("tiny");
        ExecutorGroup brief = server.interlock().getExecutorGroup("brief");
        try
        {
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

            CompletableFuture<ContentResponse> briefRunning = new CompletableResponseListener(server.request("/brief/a")).send();
            assertTrue(briefGate.awaitEntered());
            ContentResponse timedOut = server.get("/brief/b");
            assertEquals(503, timedOut.getStatus());
            assertEquals("3", timedOut.getHeaders().get("Retry-After"));
            assertTrue(timedOut.getContentAsString().contains("queue timeout of executor group brief"), timedOut.getContentAsString());

            assertFalse(running.isDone());
            gate.open();
            briefGate.open();
            ContentResponse ok = running.get(10, TimeUnit.SECONDS);
            assertEquals(200, ok.getStatus());
            // Ran on a thread of its group, with the context's classloader set on that thread.
            assertTrue(ok.getContentAsString().startsWith("interlock-tiny-"), ok.getContentAsString());
            assertEquals(200, queued.get(10, TimeUnit.SECONDS).getStatus(), "the queued request ran once a thread was free");
            assertEquals(200, briefRunning.get(10, TimeUnit.SECONDS).getStatus());

            assertEquals(1, tiny.getRejectedQueueFull());
            assertEquals(0, tiny.getRejectedQueueTimeout());
            assertEquals(0, brief.getRejectedQueueFull());
            assertEquals(1, brief.getRejectedQueueTimeout());
            await().atMost(5, TimeUnit.SECONDS).until(tiny::getBusyThreads, is(0));
            assertEquals(0, tiny.getQueueSize());
        }
        finally
        {
            briefGate.open();
        }
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

    @Test
    public void anAsyncStartTaskTheGroupCannotTakeIsAnsweredLikeEveryOther503() throws Exception
    {
        // The group's only thread runs the servlet, and no task may queue: the task it starts
        // is refused at once, and the request ends with the one 503 Interlock writes.
        server = new TestServer();
        server.set("interlock.executor-groups.single.threads", "1");
        server.set("interlock.executor-groups.single.queue", "0");
        server.set("interlock.webapps.app.executor-group", "single");
        server.set("interlock.webapps.app.lock", "application");
        server.set("interlock.webapps.app.retry-after", "4s");
        server.context("/app", Map.of("/*", new HttpServlet()
        {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp)
            {
                req.startAsync().start(() -> resp.setStatus(200));
            }
        }));
        server.start();
        ContentResponse refused = server.get("/app/x");
        assertEquals(503, refused.getStatus());
        assertEquals("4", refused.getHeaders().get("Retry-After"));
        assertEquals("no-store", refused.getHeaders().get("Cache-Control"));
        assertEquals("503 Service Unavailable: executor group single is full\n", refused.getContentAsString());
        assertEquals(1, server.interlock().getExecutorGroup("single").getRejectedQueueFull());
    }
}
