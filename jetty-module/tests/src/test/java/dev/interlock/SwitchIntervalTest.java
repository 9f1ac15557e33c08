package dev.interlock;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.interlock.api.Interlock;
import dev.interlock.testing.TestServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A CPU-bound request that calls {@link Interlock#checkpoint()} hands the lock to a waiter once
 * the waiter has waited the switch interval; one that never yields keeps it, and the waiter is
 * refused after the lock timeout.
 */
public class SwitchIntervalTest
{
    private TestServer server;
    private final AtomicBoolean quickDone = new AtomicBoolean();
    private final CountDownLatch spinning = new CountDownLatch(1);

    @AfterEach
    public void tearDown()
    {
        server.close();
    }

    private final HttpServlet spin = new HttpServlet()
    {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
        {
            boolean yields = req.getParameter("yield") != null;
            spinning.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            // Bounded busy work: ends when the quick request is done or after 5 s.
            while (!quickDone.get() && System.nanoTime() < deadline)
            {
                Thread.onSpinWait();
                if (yields)
                    Interlock.checkpoint();
            }
            resp.getWriter().print("quick done while spinning: " + quickDone.get());
        }
    };

    private final HttpServlet quick = new HttpServlet()
    {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
        {
            quickDone.set(true);
            resp.getWriter().print("quick");
        }
    };

    @ParameterizedTest
    @ValueSource(strings = {"application", "shared"})
    public void checkpointsHandTheLockOver(String lock) throws Exception
    {
        server = new TestServer();
        server.set("interlock.lock", lock);
        server.set("interlock.switch-interval", "1ms");
        server.set("interlock.lock-timeout", "2s");
        server.context("/app", Map.of("/spin", spin, "/quick", quick));
        server.start();
        CompletableFuture<ContentResponse> spinner = new CompletableResponseListener(server.request("/app/spin?yield=1")).send();
        assertTrue(spinning.await(10, TimeUnit.SECONDS));
        ContentResponse q = server.get("/app/quick");
        assertEquals("quick", q.getContentAsString());
        assertEquals("quick done while spinning: true", spinner.get(10, TimeUnit.SECONDS).getContentAsString());
        var locks = server.interlock();
        long handOvers = "shared".equals(lock) ? locks.getSharedLock("server").getHandOvers()
            : locks.getApplicationGroup("server", "/app").getOwnLock().getHandOvers();
        assertTrue(handOvers >= 1, "hand-overs " + handOvers);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application"})
    public void codeWithoutYieldPointsKeepsTheLock(String lock) throws Exception
    {
        server = new TestServer();
        server.set("interlock.lock", lock);
        server.set("interlock.switch-interval", "1ms");
        server.set("interlock.lock-timeout", "300ms");
        server.context("/app", Map.of("/spin", spin, "/quick", quick));
        server.start();
        CompletableFuture<ContentResponse> spinner = new CompletableResponseListener(server.request("/app/spin")).send();
        assertTrue(spinning.await(10, TimeUnit.SECONDS));
        ContentResponse q = server.get("/app/quick");
        assertEquals(503, q.getStatus());
        // Let the spinner end: nothing else will.
        quickDone.set(true);
        assertEquals(200, spinner.get(10, TimeUnit.SECONDS).getStatus());
        assertEquals(0, server.interlock().getApplicationGroup("server", "/app").getOwnLock().getHandOvers());
    }
}
