package dev.interlock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.interlock.testing.Gate;
import dev.interlock.testing.TestServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.RequestLogWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Interlock's per-request figures reach Jetty's own {@link CustomRequestLog} through
 * {@code %{NAME}attr}, written after the request completed.
 */
public class RequestLogTest
{
    /** The format documented in jetty-module/README.md, behind the path and status. */
    static final String FORMAT = "%U %s %{interlock.executorGroup}attr %{interlock.applicationGroup}attr " +
        "%{interlock.queueTime}attr %{interlock.lockWait}attr %{interlock.lockHold}attr %{interlock.refused}attr";

    @TempDir
    Path dir;

    private TestServer server;
    private final Gate gate = new Gate();
    private final Gate lockGate = new Gate();

    @AfterEach
    public void tearDown()
    {
        gate.open();
        lockGate.open();
        server.close();
    }

    /** Parks its {@code /a} request on {@code gate}. */
    private static HttpServlet parked(Gate gate)
    {
        return new HttpServlet()
        {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
            {
                if (req.getRequestURI().endsWith("/a"))
                    gate.park();
                resp.getWriter().print("ok");
            }
        };
    }

    @Test
    public void queuedContendedAndRefusedRequestsAreLoggedWithTheirFigures() throws Exception
    {
        Path log = dir.resolve("access.log");
        server = new TestServer();
        server.set("interlock.executor-groups.one.threads", "1");
        server.set("interlock.executor-groups.one.queue", "1");
        server.set("interlock.executor-groups.one.queue-timeout", "60s");
        server.set("interlock.webapps.queued.executor-group", "one");
        server.set("interlock.webapps.locked.lock", "application");
        server.set("interlock.webapps.locked.max-lock-waiters", "1");
        server.context("/queued", Map.of("/*", parked(gate)));
        server.context("/locked", Map.of("/*", parked(lockGate)));
        server.context("/plain", Map.of("/*", parked(gate)));
        server.server().setRequestLog(new CustomRequestLog(new RequestLogWriter(log.toString()), FORMAT));
        server.start();

        // Executor group "one": a runs, b queues behind it, c finds the queue full.
        CompletableFuture<ContentResponse> a = new CompletableResponseListener(server.request("/queued/a")).send();
        assertTrue(gate.awaitEntered());
        CompletableFuture<ContentResponse> b = new CompletableResponseListener(server.request("/queued/b")).send();
        await().atMost(10, TimeUnit.SECONDS).until(server.interlock().getExecutorGroup("one")::getQueueSize, is(1));
        assertEquals(503, server.get("/queued/c").getStatus());
        gate.open();
        assertEquals(200, a.get(10, TimeUnit.SECONDS).getStatus());
        assertEquals(200, b.get(10, TimeUnit.SECONDS).getStatus());

        // Application group /locked: a holds the lock, b waits for it, c is one waiter too many.
        CompletableFuture<ContentResponse> la = new CompletableResponseListener(server.request("/locked/a")).send();
        assertTrue(lockGate.awaitEntered());
        CompletableFuture<ContentResponse> lb = new CompletableResponseListener(server.request("/locked/b")).send();
        var lock = server.interlock().getApplicationGroup("server", "/locked").getOwnLock();
        await().atMost(10, TimeUnit.SECONDS).until(lock::getWaiters, is(1));
        assertEquals(503, server.get("/locked/c").getStatus());
        lockGate.open();
        assertEquals(200, la.get(10, TimeUnit.SECONDS).getStatus());
        assertEquals(200, lb.get(10, TimeUnit.SECONDS).getStatus());

        assertEquals(200, server.get("/plain/x").getStatus());

        await().atMost(10, TimeUnit.SECONDS).until(() -> line(log, "/plain/x").isPresent() && line(log, "/locked/b").isPresent() && line(log, "/queued/b").isPresent());

        String[] qa = fields(log, "/queued/a");
        assertEquals(List.of("200", "one", "/queued"), List.of(qa[1], qa[2], qa[3]));
        assertEquals("-", qa[5], "no lock under free");
        assertEquals("-", qa[7]);
        String[] qb = fields(log, "/queued/b");
        assertTrue(Long.parseLong(qb[4]) > 0, "queued behind a: " + String.join(" ", qb));
        assertEquals("-", qb[7]);
        String[] qc = fields(log, "/queued/c");
        assertEquals(List.of("503", "one", "/queued", "-", "-", "-", "queue-full"), List.of(qc).subList(1, 8));

        String[] lb2 = fields(log, "/locked/b");
        assertEquals(List.of("200", "server", "/locked", "-"), List.of(lb2).subList(1, 5));
        assertTrue(Long.parseLong(lb2[5]) > 0, "waited for a's lock: " + String.join(" ", lb2));
        assertTrue(Long.parseLong(lb2[6]) >= 0);
        String[] la2 = fields(log, "/locked/a");
        assertTrue(Long.parseLong(la2[6]) > 0, "held the lock while parked: " + String.join(" ", la2));
        String[] lc = fields(log, "/locked/c");
        assertEquals(List.of("503", "server", "/locked", "-"), List.of(lc).subList(1, 5));
        assertEquals("too-many-waiters", lc[7]);

        // Nothing configured: no figures at all.
        assertEquals(List.of("200", "-", "-", "-", "-", "-", "-"), List.of(fields(log, "/plain/x")).subList(1, 8));
    }

    private static Optional<String> line(Path log, String path) throws IOException
    {
        if (!Files.exists(log))
            return Optional.empty();
        return Files.readAllLines(log).stream().filter(l -> l.startsWith(path + " ")).findFirst();
    }

    private static String[] fields(Path log, String path) throws IOException
    {
        String l = line(log, path).orElseThrow(() -> new AssertionError("no line for " + path));
        String[] f = l.split(" ");
        assertEquals(8, f.length, l);
        return f;
    }
}
