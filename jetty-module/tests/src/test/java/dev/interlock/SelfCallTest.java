package dev.interlock;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.interlock.testing.LogCapture;
import dev.interlock.testing.Servlets;
import dev.interlock.testing.TestServer;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.component.LifeCycle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A webapp calling itself over HTTP under {@code shared}: the inner request waits for the lock
 * the outer one holds while it waits for the inner one. Reported long before the lock timeout,
 * which still ends the inner request with 503 as before.
 */
public class SelfCallTest
{
    private TestServer server;
    private LogCapture log;
    private final HttpClient selfClient = new HttpClient();

    @AfterEach
    public void tearDown()
    {
        LifeCycle.stop(selfClient);
        if (server != null)
            server.close();
        if (log != null)
            log.close();
    }

    @Test
    public void aSelfCallIsReportedBeforeTheLockTimeout() throws Exception
    {
        assumeTrue(java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self/fd")), "needs Linux's /proc");
        log = LogCapture.start();
        selfClient.start();
        server = new TestServer();
        server.set("interlock.webapps.app.lock", "shared");
        server.set("interlock.webapps.app.lock-timeout", "10s");
        server.context("/app", Map.of("/*", Servlets.servlet((req, resp) ->
        {
            if (req.getPathInfo().equals("/inner"))
            {
                resp.getWriter().print("inner");
                return;
            }
            try
            {
                ContentResponse inner = selfClient.newRequest(server.uri("/app/inner")).timeout(30, TimeUnit.SECONDS).send();
                resp.getWriter().print("outer got " + inner.getStatus());
            }
            catch (Exception x)
            {
                resp.getWriter().print("outer failed " + x);
            }
        })));
        server.start();

        CompletableFuture<ContentResponse> outer = new CompletableResponseListener(server.request("/app/outer"), 1024).send();
        await().atMost(8, TimeUnit.SECONDS).until(() -> log.count("Interlock: self-call: request GET /app/inner from 127.0.0.1:") == 1);
        // Found while the inner request still waits (the lock timeout is 10 s).
        assertFalse(outer.isDone());
        String line = log.lines().stream().filter(l -> l.contains("self-call")).findFirst().orElseThrow();
        assertTrue(line.contains("waits for lock shared:server, held for "), line);
        assertTrue(line.contains("comes from a socket of this very process: the holder most likely called its own server over HTTP"), line);
        assertTrue(line.contains(SelfCallTest.class.getName() + ".lambda$"), line);
        assertEquals(1, server.interlock().getWatchdog().getSelfCalls());

        // As before: the inner request gets 503 at the lock timeout, and the outer one goes on.
        ContentResponse done = outer.get(30, TimeUnit.SECONDS);
        assertEquals("outer got 503", done.getContentAsString());
        assertEquals(1, log.count("Interlock: self-call:"), "reported once");
    }
}
