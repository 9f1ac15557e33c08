package dev.interlock;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.interlock.api.Interlock;
import dev.interlock.api.Webapp;
import dev.interlock.testing.Gate;
import dev.interlock.testing.LogCapture;
import dev.interlock.testing.TestServer;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import org.eclipse.jetty.client.AsyncRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults that must not hang, block or drop: a stopping callback, a {@code destroy()} or a
 * {@code contextDestroyed} that hangs; a client that sends its form or multipart body slowly; a
 * lock not had back after blocking I/O, before and after the response is committed; requests
 * queued for a thread when the server stops; a request thread still running at the deadline.
 * Every wait here is bounded, and each case fails without the fix it guards.
 */
public class FaultsTest
{
    private TestServer server;
    private final Gate gate = new Gate();
    private final List<CountDownLatch> releases = new ArrayList<>();

    @AfterEach
    public void tearDown()
    {
        gate.open();
        releases.forEach(CountDownLatch::countDown);
        if (server != null)
            server.close();
    }

    private CountDownLatch release()
    {
        CountDownLatch l = new CountDownLatch(1);
        releases.add(l);
        return l;
    }

    /** A context with a classloader of its own, as a deployed WAR has. */
    private ServletContextHandler context(String path, Map<String, jakarta.servlet.Servlet> servlets)
    {
        ServletContextHandler context = server.context(path, servlets);
        context.setClassLoader(new URLClassLoader(new URL[0], getClass().getClassLoader()));
        return context;
    }

    private static CompletableFuture<Void> stopAsync(ServletContextHandler context)
    {
        return CompletableFuture.runAsync(() ->
        {
            try
            {
                context.stop();
            }
            catch (Exception x)
            {
                throw new IllegalStateException(x);
            }
            // The thread that stopped it owes nobody an interrupt afterwards.
            if (Thread.currentThread().isInterrupted())
                throw new IllegalStateException("the stopping thread was left interrupted");
        });
    }

    private final HttpServlet hello = new HttpServlet()
    {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
        {
            resp.getWriter().print("hello");
        }
    };

    @Test
    public void aHangingStoppingCallbackIsInterruptedAtTheDeadlineAndTheStopGoesOn() throws Exception
    {
        server = new TestServer().set("interlock.webapps.app.drain-timeout", "1s");
        ServletContextHandler app = context("/app", Map.of("/*", hello));
        CountDownLatch never = release();
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicBoolean laterRan = new AtomicBoolean();
        app.addEventListener(new ServletContextListener()
        {
            @Override
            public void contextInitialized(ServletContextEvent sce)
            {
                Webapp webapp = Webapp.current();
                webapp.onStopping(0, stopping ->
                {
                    try
                    {
                        never.await(60, TimeUnit.SECONDS);
                    }
                    catch (InterruptedException x)
                    {
                        interrupted.set(true);
                    }
                });
                webapp.onStopping(10, stopping -> laterRan.set(true));
            }
        });
        server.start();
        assertEquals("hello", server.get("/app/x").getContentAsString());

        try (LogCapture log = LogCapture.start())
        {
            stopAsync(app).get(20, TimeUnit.SECONDS);
            assertTrue(app.isStopped());
            await().atMost(10, TimeUnit.SECONDS).untilTrue(interrupted);
            assertFalse(laterRan.get(), "the callback after it is past the deadline");
            assertEquals(1, log.count("is still running at the stopping deadline"), log.lines().toString());
        }
    }

    @Test
    public void aStoppingCallbackThatIgnoresInterruptsIsLeftBehind() throws Exception
    {
        server = new TestServer().set("interlock.webapps.app.drain-timeout", "1s");
        ServletContextHandler app = context("/app", Map.of("/*", hello));
        CountDownLatch release = release();
        AtomicReference<Thread> stuck = new AtomicReference<>();
        app.addEventListener(new ServletContextListener()
        {
            @Override
            public void contextInitialized(ServletContextEvent sce)
            {
                Webapp.current().onStopping(stopping ->
                {
                    stuck.set(Thread.currentThread());
                    while (release.getCount() > 0)
                    {
                        try
                        {
                            release.await(10, TimeUnit.MILLISECONDS);
                        }
                        catch (InterruptedException ignored)
                        {
                            // Deaf to interrupts, on purpose.
                        }
                    }
                });
            }
        });
        server.start();
        try (LogCapture log = LogCapture.start())
        {
            stopAsync(app).get(20, TimeUnit.SECONDS);
            assertTrue(app.isStopped());
            assertTrue(stuck.get().isDaemon(), "cannot keep the JVM alive");
            assertEquals(1, log.count("did not return when interrupted; the stop goes on without it"), log.lines().toString());
            assertEquals(0, log.count("it started is still running"), "Interlock's own thread is not the webapp's leak: " + log.lines());
        }
        release.countDown();
        stuck.get().join(10_000);
        assertFalse(stuck.get().isAlive());
    }

    @Test
    public void aHangingDestroyAndContextDestroyedAreInterruptedAtTheDeadline() throws Exception
    {
        server = new TestServer().set("interlock.webapps.app.drain-timeout", "1s");
        CountDownLatch never = release();
        AtomicInteger interrupted = new AtomicInteger();
        ServletContextHandler app = context("/app", Map.of("/*", new HttpServlet()
        {
            @Override
            public void destroy()
            {
                awaitOrCount(never, interrupted);
            }
        }));
        app.addEventListener(new ServletContextListener()
        {
            @Override
            public void contextDestroyed(ServletContextEvent sce)
            {
                awaitOrCount(never, interrupted);
            }
        });
        server.start();
        server.get("/app/x");
        try (LogCapture log = LogCapture.start())
        {
            stopAsync(app).get(30, TimeUnit.SECONDS);
            assertTrue(app.isStopped());
            // Each is interrupted in turn: the first at the deadline, the next two seconds later.
            assertEquals(2, interrupted.get());
            assertEquals(1, log.count("is still tearing down at its stopping deadline"), log.lines().toString());
            assertEquals(1, log.count("is still tearing down after being interrupted"), log.lines().toString());
        }
        // The server goes on: the next webapp deploys and serves.
        ServletContextHandler next = context("/next", Map.of("/*", hello));
        next.start();
        assertEquals("hello", server.get("/next/x").getContentAsString());
    }

    private static void awaitOrCount(CountDownLatch latch, AtomicInteger interrupted)
    {
        try
        {
            latch.await(60, TimeUnit.SECONDS);
        }
        catch (InterruptedException x)
        {
            interrupted.incrementAndGet();
        }
    }

    @Test
    public void aSlowFormBodyDoesNotHoldTheLock() throws Exception
    {
        server = new TestServer()
            .set("interlock.webapps.app.lock", "application")
            .set("interlock.webapps.app.lock-timeout", "1s");
        server.context("/app", Map.of("/*", new HttpServlet()
        {
            @Override
            protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException
            {
                gate.enter();
                resp.getWriter().print("form " + req.getParameter("v"));
            }

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
            {
                resp.getWriter().print("quick");
            }
        }));
        server.start();
        AsyncRequestContent body = new AsyncRequestContent();
        CompletableFuture<ContentResponse> slow = new CompletableResponseListener(server.request("/app/form").method("POST")
            .headers(h -> h.put("Content-Type", "application/x-www-form-urlencoded")).body(body)).send();
        body.write(ByteBuffer.wrap("v=hel".getBytes(StandardCharsets.US_ASCII)), Callback.NOOP);
        assertTrue(gate.awaitEntered());
        // The servlet waits for the rest of the form inside getParameter; others are served meanwhile.
        for (int i = 0; i < 4; i++)
        {
            ContentResponse quick = server.get("/app/quick");
            assertEquals(200, quick.getStatus(), quick.getContentAsString());
            assertEquals("quick", quick.getContentAsString());
        }
        assertFalse(slow.isDone());
        body.write(ByteBuffer.wrap("lo".getBytes(StandardCharsets.US_ASCII)), Callback.NOOP);
        body.close();
        assertEquals("form hello", slow.get(10, TimeUnit.SECONDS).getContentAsString());
    }

    @Test
    public void aSlowMultipartBodyDoesNotHoldTheLock() throws Exception
    {
        server = new TestServer()
            .set("interlock.webapps.app.lock", "application")
            .set("interlock.webapps.app.lock-timeout", "1s");
        ServletContextHandler app = server.context("/app", Map.of("/*", new HttpServlet()
        {
            @Override
            protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException, jakarta.servlet.ServletException
            {
                gate.enter();
                Part part = req.getPart("v");
                resp.getWriter().print("part " + new String(part.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
            {
                resp.getWriter().print("quick");
            }
        }));
        for (ServletHolder holder : app.getServletHandler().getServlets())
            holder.getRegistration().setMultipartConfig(new MultipartConfigElement(Files.createTempDirectory("parts").toString()));
        server.start();
        AsyncRequestContent body = new AsyncRequestContent();
        CompletableFuture<ContentResponse> slow = new CompletableResponseListener(server.request("/app/upload").method("POST")
            .headers(h -> h.put("Content-Type", "multipart/form-data; boundary=XyZ")).body(body)).send();
        body.write(ByteBuffer.wrap("--XyZ\r\nContent-Disposition: form-data; name=\"v\"\r\n\r\nhel".getBytes(StandardCharsets.US_ASCII)), Callback.NOOP);
        assertTrue(gate.awaitEntered());
        for (int i = 0; i < 4; i++)
        {
            ContentResponse quick = server.get("/app/quick");
            assertEquals(200, quick.getStatus(), quick.getContentAsString());
        }
        assertFalse(slow.isDone());
        body.write(ByteBuffer.wrap("lo\r\n--XyZ--\r\n".getBytes(StandardCharsets.US_ASCII)), Callback.NOOP);
        body.close();
        assertEquals("part hello", slow.get(10, TimeUnit.SECONDS).getContentAsString());
    }

    /** Gives the lock up in a blocking section until another request holds it, then wants it back. */
    private HttpServlet giveUpUntilTaken(CountDownLatch inBlocking, CountDownLatch taken, boolean commitFirst)
    {
        return new HttpServlet()
        {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
            {
                if (commitFirst)
                {
                    resp.getOutputStream().write("partial".getBytes(StandardCharsets.US_ASCII));
                    resp.flushBuffer();
                }
                try
                {
                    Interlock.<Boolean, InterruptedException>blocking(() ->
                    {
                        inBlocking.countDown();
                        return taken.await(10, TimeUnit.SECONDS);
                    });
                }
                catch (InterruptedException x)
                {
                    Thread.currentThread().interrupt();
                }
                resp.getOutputStream().write(" and the rest".getBytes(StandardCharsets.US_ASCII));
            }
        };
    }

    /** Takes the lock and keeps it, without a yield point, until released. */
    private HttpServlet holder(CountDownLatch taken, CountDownLatch release)
    {
        return new HttpServlet()
        {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
            {
                taken.countDown();
                try
                {
                    release.await(10, TimeUnit.SECONDS);
                }
                catch (InterruptedException x)
                {
                    Thread.currentThread().interrupt();
                }
                resp.getWriter().print("held");
            }
        };
    }

    @Test
    public void aLockNotHadBackBeforeTheResponseIsCommittedIsA503() throws Exception
    {
        CountDownLatch inBlocking = new CountDownLatch(1);
        CountDownLatch taken = new CountDownLatch(1);
        CountDownLatch release = release();
        server = new TestServer()
            .set("interlock.webapps.app.lock", "application")
            .set("interlock.webapps.app.lock-timeout", "300ms")
            .set("interlock.webapps.app.retry-after", "2s");
        server.context("/app", Map.of("/give/*", giveUpUntilTaken(inBlocking, taken, false), "/hold/*", holder(taken, release)));
        server.start();
        CompletableFuture<ContentResponse> giving = new CompletableResponseListener(server.request("/app/give/x")).send();
        assertTrue(inBlocking.await(10, TimeUnit.SECONDS));
        CompletableFuture<ContentResponse> holding = new CompletableResponseListener(server.request("/app/hold/x")).send();
        ContentResponse refused = giving.get(20, TimeUnit.SECONDS);
        assertEquals(503, refused.getStatus(), refused.getContentAsString());
        assertEquals("2", refused.getHeaders().get("Retry-After"));
        assertTrue(refused.getContentAsString().contains("not acquired within interlock.lock-timeout=300ms"), refused.getContentAsString());
        release.countDown();
        assertEquals("held", holding.get(10, TimeUnit.SECONDS).getContentAsString());
        assertEquals(0, server.interlock().getApplicationGroup("server", "/app").getAbortedResponses());
    }

    @Test
    public void aLockNotHadBackAfterTheResponseIsCommittedAbortsItAndCountsIt() throws Exception
    {
        CountDownLatch inBlocking = new CountDownLatch(1);
        CountDownLatch taken = new CountDownLatch(1);
        CountDownLatch release = release();
        server = new TestServer()
            .set("interlock.webapps.app.lock", "application")
            .set("interlock.webapps.app.lock-timeout", "300ms");
        server.context("/app", Map.of("/give/*", giveUpUntilTaken(inBlocking, taken, true), "/hold/*", holder(taken, release)));
        server.start();
        try (LogCapture log = LogCapture.start())
        {
            CompletableFuture<ContentResponse> giving = new CompletableResponseListener(server.request("/app/give/x")).send();
            assertTrue(inBlocking.await(10, TimeUnit.SECONDS));
            CompletableFuture<ContentResponse> holding = new CompletableResponseListener(server.request("/app/hold/x")).send();
            // The client sees the response cut short: never the whole body as if all went well.
            boolean cut;
            try
            {
                ContentResponse r = giving.get(20, TimeUnit.SECONDS);
                cut = !r.getContentAsString().endsWith(" and the rest");
            }
            catch (ExecutionException x)
            {
                cut = true;
            }
            assertTrue(cut);
            var domain = server.interlock().getApplicationGroup("server", "/app");
            await().atMost(10, TimeUnit.SECONDS).until(domain::getAbortedResponses, is(1L));
            assertEquals(1, log.count("Interlock: response to GET /app/give/x aborted:"), log.lines().toString());
            release.countDown();
            assertEquals("held", holding.get(10, TimeUnit.SECONDS).getContentAsString());
        }
    }

    @Test
    public void requestsQueuedWhenTheServerStopsAreAnswered503() throws Exception
    {
        server = new TestServer()
            .set("interlock.executor-groups.single.threads", "1")
            .set("interlock.executor-groups.single.queue", "10")
            .set("interlock.webapps.app.executor-group", "single")
            .set("interlock.webapps.app.retry-after", "3s")
            .set("interlock.drain-timeout", "2s");
        server.server().setStopTimeout(10_000);
        context("/app", Map.of("/*", new HttpServlet()
        {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
            {
                boolean opened = gate.park();
                // Interrupted at the drain deadline: it answers rather than dies.
                Thread.interrupted();
                resp.getWriter().print(opened ? "opened" : "interrupted");
            }
        }));
        server.start();
        var single = server.interlock().getExecutorGroup("single");
        CompletableFuture<ContentResponse> running = new CompletableResponseListener(server.request("/app/running")).send();
        assertTrue(gate.awaitEntered());
        List<CompletableFuture<ContentResponse>> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++)
            queued.add(new CompletableResponseListener(server.request("/app/queued-" + i)).send());
        await().atMost(10, TimeUnit.SECONDS).until(single::getQueueSize, is(5));

        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() ->
        {
            try
            {
                server.server().stop();
            }
            catch (Exception x)
            {
                throw new IllegalStateException(x);
            }
        });
        for (CompletableFuture<ContentResponse> q : queued)
        {
            ContentResponse r = q.get(10, TimeUnit.SECONDS);
            assertEquals(503, r.getStatus(), r.getContentAsString());
            assertEquals("3", r.getHeaders().get("Retry-After"));
            assertTrue(r.getContentAsString().contains("webapp /app is stopping"), r.getContentAsString());
        }
        assertEquals("interrupted", running.get(20, TimeUnit.SECONDS).getContentAsString());
        stopped.get(30, TimeUnit.SECONDS);
    }

    @Test
    public void aRequestStillRunningAtTheDeadlineIsReportedAsARequestNotAsALeak() throws Exception
    {
        server = new TestServer()
            .set("interlock.webapps.app.drain-timeout", "1s")
            .set("interlock.webapps.app.leak-policy", "interrupt");
        CountDownLatch release = release();
        CountDownLatch entered = new CountDownLatch(1);
        AtomicInteger interrupts = new AtomicInteger();
        ServletContextHandler app = context("/app", Map.of("/*", new HttpServlet()
        {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
            {
                entered.countDown();
                // Deaf to interrupts, counting them, until the test lets it go.
                while (release.getCount() > 0)
                {
                    try
                    {
                        release.await(10, TimeUnit.MILLISECONDS);
                    }
                    catch (InterruptedException x)
                    {
                        interrupts.incrementAndGet();
                    }
                }
                resp.getWriter().print("done");
            }
        }));
        server.start();
        CompletableFuture<ContentResponse> running = new CompletableResponseListener(server.request("/app/x")).send();
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        try (LogCapture log = LogCapture.start())
        {
            stopAsync(app).get(20, TimeUnit.SECONDS);
            assertEquals(1, log.count("is still running after interlock.drain-timeout=1s; interrupting it"), log.lines().toString());
            assertEquals(0, log.count("it started is still running with its classloader"), log.lines().toString());
            assertEquals(1, interrupts.get(), "interrupted once, by the drain's deadline, not by the leak check");
        }
        release.countDown();
        try
        {
            running.get(10, TimeUnit.SECONDS);
        }
        catch (ExecutionException x)
        {
            // Its webapp was torn down under it: any ending will do, as long as it ends.
        }
    }
}
