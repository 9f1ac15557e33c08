package dev.interlock;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.interlock.jetty.RequestWatchdog;
import dev.interlock.testing.LogCapture;
import dev.interlock.testing.Servlets;
import dev.interlock.testing.TestServer;
import jakarta.servlet.http.HttpServlet;
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
 * {@code interlock.request-timeout}: a request running too long is reported with its stack and
 * figures; with {@code request-timeout-action=interrupt} its thread is interrupted, and a thread
 * that ignores it is reported again as unstoppable, without hanging the server's stop.
 */
public class RequestTimeoutTest
{
    private TestServer server;
    private LogCapture log;
    private final AtomicBoolean release = new AtomicBoolean();

    @AfterEach
    public void tearDown()
    {
        release.set(true);
        if (server != null)
            server.close();
        if (log != null)
            log.close();
    }

    /** Spins until interrupted ({@code /spin}) or released ({@code /deaf}, ignoring interrupts); {@code /quick} answers at once. */
    private HttpServlet spinner()
    {
        return Servlets.servlet((req, resp) ->
        {
            String path = req.getPathInfo();
            if (path.equals("/spin"))
            {
                while (!Thread.interrupted())
                    Thread.onSpinWait();
                resp.getWriter().print("interrupted");
                return;
            }
            if (path.equals("/deaf"))
            {
                while (!release.get())
                    Thread.onSpinWait();
                resp.getWriter().print("released");
                return;
            }
            resp.getWriter().print("quick");
        });
    }

    private String lineWith(String fragment)
    {
        return log.lines().stream().filter(l -> l.contains(fragment)).findFirst().orElse(null);
    }

    @Test
    public void nothingIsScheduledWithoutATimeoutOrALock() throws Exception
    {
        // A lock in force would be sampled for interlock.hold-warning (HoldWarningTest).
        server = new TestServer();
        server.set("interlock.executor-groups.g.threads", "2");
        server.set("interlock.executor-group", "g");
        server.context("/app", Map.of("/*", spinner()));
        server.start();
        assertEquals("quick", server.get("/app/quick").getContentAsString());
        assertFalse(server.interlock().getWatchdog().isSampling());
    }

    @Test
    public void anActionWithoutATimeoutWarns() throws Exception
    {
        server = new TestServer();
        server.set("interlock.webapps.app.request-timeout-action", "interrupt");
        server.context("/app", Map.of("/*", spinner()));
        server.start();
        assertTrue(server.interlock().getWarnings().contains("Interlock: interlock.webapps.app.request-timeout-action=interrupt (from test) has no effect on " +
            "application group /app of webapp /app: interlock.request-timeout is off there (0), so no request is watched"), server.interlock().getWarnings().toString());
        assertFalse(server.interlock().getWatchdog().isSampling());
    }

    @Test
    public void aReportedRequestNamesItsMethodUriGroupsLockAndStack() throws Exception
    {
        log = LogCapture.start();
        server = new TestServer();
        server.set("interlock.webapps.app.lock", "application");
        server.set("interlock.webapps.app.request-timeout", "200ms");
        server.context("/app", Map.of("/*", spinner()));
        server.start();
        CompletableFuture<ContentResponse> deaf = new CompletableResponseListener(server.request("/app/deaf?x=1")).send();
        RequestWatchdog watchdog = server.interlock().getWatchdog();
        await().atMost(10, TimeUnit.SECONDS).until(() -> lineWith("has run") != null);
        String line = lineWith("has run");
        assertTrue(line.contains("Interlock: request GET /app/deaf?x=1 of webapp /app (application group /app, executor group server, lock application; " +
            "it has held its lock "), line);
        assertTrue(line.contains("longer than interlock.request-timeout=200ms; reported only (interlock.request-timeout-action=report)"), line);
        // The stack names the servlet's code.
        assertTrue(line.contains("thread test-server-"), line);
        assertTrue(line.contains(RequestTimeoutTest.class.getName() + ".lambda$spinner$"), line);
        assertEquals(1, watchdog.getStuckRequests());
        release.set(true);
        assertEquals("released", deaf.get(10, TimeUnit.SECONDS).getContentAsString());
        await().atMost(10, TimeUnit.SECONDS).until(watchdog::getStuckRequests, is(0));
        assertEquals(1, watchdog.getReports());
        assertEquals(0, watchdog.getInterrupts());
        assertEquals(1, log.count("has run"), "reported once");
    }

    @Test
    public void interruptEndsASpinnerThatChecksAndTheNextRequestIsServed() throws Exception
    {
        log = LogCapture.start();
        server = new TestServer();
        server.set("interlock.webapps.app.lock", "application");
        server.set("interlock.webapps.app.request-timeout", "200ms");
        server.set("interlock.webapps.app.request-timeout-action", "interrupt");
        server.context("/app", Map.of("/*", spinner()));
        server.start();
        ContentResponse spun = server.client().newRequest(server.uri("/app/spin")).timeout(20, TimeUnit.SECONDS).send();
        assertEquals(200, spun.getStatus());
        assertEquals("interrupted", spun.getContentAsString());
        // The interrupt comes before the report is written.
        await().atMost(10, TimeUnit.SECONDS).until(() -> lineWith("has run") != null);
        String line = lineWith("has run");
        assertTrue(line.contains("request GET /app/spin of webapp /app (application group /app, executor group server, lock application;") &&
            line.contains("its thread was interrupted (interlock.request-timeout-action=interrupt)"), String.valueOf(line));
        assertEquals("quick", server.get("/app/quick").getContentAsString());
        assertEquals(1, server.interlock().getWatchdog().getInterrupts());
    }

    @Test
    public void aThreadIgnoringInterruptsIsReportedUnstoppableAndTheStopIsBounded() throws Exception
    {
        log = LogCapture.start();
        server = new TestServer();
        // Jetty's graceful phase waits for the connection of a request that never ends, up to
        // the stop timeout; Interlock's drain gives up on it at drain-timeout, below that.
        server.server().setStopTimeout(3_000);
        server.set("interlock.executor-groups.one.threads", "1");
        server.set("interlock.webapps.app.executor-group", "one");
        server.set("interlock.webapps.app.lock", "application");
        server.set("interlock.webapps.app.request-timeout", "200ms");
        server.set("interlock.webapps.app.request-timeout-action", "interrupt");
        server.set("interlock.webapps.app.drain-timeout", "1s");
        server.context("/app", Map.of("/*", spinner()));
        server.start();
        CompletableFuture<ContentResponse> deaf = new CompletableResponseListener(server.request("/app/deaf")).send();
        await().atMost(10, TimeUnit.SECONDS).until(() -> lineWith("is unstoppable") != null);
        String line = lineWith("is unstoppable");
        assertTrue(line.contains("Interlock: request GET /app/deaf of webapp /app (application group /app, executor group one, lock application;"), line);
        assertTrue(line.contains("thread interlock-one-"), line);
        assertEquals(1, server.interlock().getWatchdog().getUnstoppable());

        CompletableFuture<Throwable> stopped = CompletableFuture.supplyAsync(() ->
        {
            try
            {
                server.server().stop();
                return null;
            }
            catch (Exception x)
            {
                return x;
            }
        });
        // Bounded: the drain gives up at drain-timeout, Jetty's graceful phase at its stop
        // timeout (it then says so with a TimeoutException); the thread spins on meanwhile.
        Throwable failure = stopped.get(30, TimeUnit.SECONDS);
        assertTrue(failure == null || failure instanceof java.util.concurrent.TimeoutException, String.valueOf(failure));
        assertFalse(server.server().isRunning());
        release.set(true);
        List<String> lines = log.lines();
        assertTrue(lines.stream().anyMatch(l -> l.contains("still running after interlock.drain-timeout=1s")), lines.toString());
    }
}
