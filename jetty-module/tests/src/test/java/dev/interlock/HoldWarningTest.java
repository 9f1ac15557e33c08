package dev.interlock;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.interlock.lock.GroupLock;
import dev.interlock.testing.LogCapture;
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
 * {@code interlock.hold-warning}: a lock held past it while requests wait is reported once per
 * episode, with the holder's stack, the waiters' count and what to do.
 */
public class HoldWarningTest
{
    static final AtomicBoolean RELEASE = new AtomicBoolean();

    private TestServer server;
    private LogCapture log;

    @AfterEach
    public void tearDown()
    {
        RELEASE.set(true);
        if (server != null)
            server.close();
        if (log != null)
            log.close();
    }

    /** A CPU loop without a checkpoint on {@code /spin}; an immediate answer otherwise. */
    public static class SpinServlet extends HttpServlet
    {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
        {
            if (req.getPathInfo().equals("/spin"))
            {
                while (!RELEASE.get())
                    Thread.onSpinWait();
            }
            resp.getWriter().print("done");
        }
    }

    @Test
    public void aLockHeldWithoutYieldPointsWhileOthersWaitIsReportedOnce() throws Exception
    {
        RELEASE.set(false);
        log = LogCapture.start();
        server = new TestServer();
        server.set("interlock.webapps.app.lock", "application");
        server.context("/app", Map.of("/*", new SpinServlet()));
        server.start();
        GroupLock lock = server.interlock().getApplicationGroup("server", "/app").getOwnLock();
        assertTrue(server.interlock().getWatchdog().isSampling(), "sampling from the start: a lock is in force");

        CompletableFuture<ContentResponse> spin = new CompletableResponseListener(server.request("/app/spin")).send();
        await().atMost(10, TimeUnit.SECONDS).until(() -> lock.getHolder() != null);
        CompletableFuture<ContentResponse> waiting = new CompletableResponseListener(server.request("/app/quick")).send();
        await().atMost(10, TimeUnit.SECONDS).until(lock::getWaiters, is(1));
        await().atMost(10, TimeUnit.SECONDS).until(() -> log.count("has been held for at least") == 1);

        String line = log.lines().stream().filter(l -> l.contains("has been held for at least")).findFirst().orElseThrow();
        assertTrue(line.contains("Interlock: lock " + lock.getName() + " has been held for at least "), line);
        assertTrue(line.contains(" while 1 request(s) wait for it (interlock.hold-warning=100ms): the code below runs without a yield point. " +
            "Call Interlock.checkpoint() in long computations, wrap blocking calls (JDBC, remote calls, files) in Interlock.blocking(...), " +
            "and keep interlock.io-release=true so that servlet I/O releases the lock"), line);
        assertTrue(line.contains("at " + SpinServlet.class.getName() + ".doGet(HoldWarningTest.java:") ||
            line.contains("/" + SpinServlet.class.getName() + ".doGet(HoldWarningTest.java:"), line);

        RELEASE.set(true);
        assertEquals("done", spin.get(10, TimeUnit.SECONDS).getContentAsString());
        assertEquals("done", waiting.get(10, TimeUnit.SECONDS).getContentAsString());
        assertEquals(1, log.count("has been held for at least"), "once per episode");
        assertEquals(1, server.interlock().getWatchdog().getHoldWarnings());
    }

    @Test
    public void aHoldWarningWhereTheLockIsFreeWarns() throws Exception
    {
        server = new TestServer();
        server.set("interlock.webapps.app.hold-warning", "50ms");
        server.context("/app", Map.of("/*", new SpinServlet()));
        server.start();
        assertTrue(server.interlock().getWarnings().contains("Interlock: interlock.webapps.app.hold-warning=50ms (from test) has no effect on application group /app " +
            "of webapp /app: its lock is free (interlock.lock=free), so no lock is in force there"), server.interlock().getWarnings().toString());
        assertTrue(!server.interlock().getWatchdog().isSampling());
    }
}
