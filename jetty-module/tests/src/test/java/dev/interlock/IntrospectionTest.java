package dev.interlock;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.interlock.api.NotThreadSafe;
import dev.interlock.group.LockDomain;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live state of groups through the Java API and Jetty's {@code dump()}.
 */
public class IntrospectionTest
{
    private TestServer server;
    private final Gate gate = new Gate();

    @AfterEach
    public void tearDown()
    {
        gate.open();
        server.close();
    }

    @NotThreadSafe
    public class Parked extends HttpServlet
    {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
        {
            gate.park();
            resp.getWriter().print("done");
        }
    }

    @Test
    public void stateIsVisibleWhileRequestsRunAndInTheDump() throws Exception
    {
        server = new TestServer();
        server.set("interlock.executor-groups.g.threads", "2");
        server.set("interlock.executor-groups.g.queue", "8");
        server.set("interlock.executor-group", "g");
        server.context("/app", Map.of("/*", new Parked()));
        server.start();

        CompletableFuture<ContentResponse> first = new CompletableResponseListener(server.request("/app/a")).send();
        assertTrue(gate.awaitEntered());
        CompletableFuture<ContentResponse> second = new CompletableResponseListener(server.request("/app/b")).send();
        CompletableFuture<ContentResponse> third = new CompletableResponseListener(server.request("/app/c")).send();

        ExecutorGroup g = server.interlock().getExecutorGroup("g");
        LockDomain app = server.interlock().getApplicationGroup("g", "/app");
        await().atMost(10, TimeUnit.SECONDS).until(g::getQueueSize, is(1));
        await().atMost(10, TimeUnit.SECONDS).until(app::getLockWaiters, is(1));
        assertEquals(2, g.getBusyThreads());
        await().atMost(10, TimeUnit.SECONDS).until(g::getThreads, is(2));
        assertEquals(3, app.getActiveRequests());
        assertTrue(app.getLockHolder().startsWith("interlock-g-"), app.getLockHolder());
        assertEquals("servlet " + Parked.class.getName() + " in app", app.getFallbacks().get(0));

        String dump = server.server().dump();
        assertTrue(dump.contains("ExecutorGroup@"), dump);
        assertTrue(dump.contains("g,platform,busy=2/2,queued=1/8"), dump);
        assertTrue(dump.contains("LockDomain@"), dump);
        assertTrue(dump.contains("application:g:/app,holder=interlock-g-"), dump);
        assertTrue(dump.contains("waiters=1"), dump);
        assertTrue(dump.contains("servlet " + Parked.class.getName() + " in app"), dump);

        gate.open();
        for (CompletableFuture<ContentResponse> f : new CompletableFuture[]{first, second, third})
            assertEquals("done", f.get(10, TimeUnit.SECONDS).getContentAsString());
        await().atMost(10, TimeUnit.SECONDS).until(app::getActiveRequests, is(0));
        // A task is counted once its thread is done with it, after its response.
        await().atMost(10, TimeUnit.SECONDS).until(g::getBusyThreads, is(0));
        assertEquals(3, g.getCompletedTasks());
        assertEquals(3, app.getOwnLock().getAcquisitions());
        // The second waited for certain; the third only if the second still held the lock.
        assertTrue(app.getOwnLock().getContendedAcquisitions() >= 1);
    }
}
