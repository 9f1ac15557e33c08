package dev.interlock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.interlock.api.Interlock;
import dev.interlock.group.LockDomain;
import dev.interlock.testing.Environment;
import dev.interlock.testing.Gate;
import dev.interlock.testing.TestServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.client.AsyncRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A request blocked on I/O — a slow reader of a large response, a {@code blocking(...)} wait, a
 * slowly sent request body — does not keep the other requests of its group out. Each case has a
 * twin where the release is absent (strict lock, or a wait outside {@code blocking}) and the
 * quick request is refused with 503 after the lock timeout, which shows the first would fail
 * without the feature. For each environment Interlock covers (ee10, ee11), on Servlet 6.1's API,
 * whose {@code write(ByteBuffer)} and {@code read(ByteBuffer)} release the lock as the array
 * methods do.
 */
public class IoReleaseTest
{
    private TestServer server;
    private final AtomicLong streamed = new AtomicLong();
    private final AtomicBoolean streamEnded = new AtomicBoolean();
    private final Gate gate = new Gate();

    @AfterEach
    public void tearDown()
    {
        gate.open();
        server.close();
    }

    private final HttpServlet quick = new HttpServlet()
    {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
        {
            resp.getWriter().print("quick " + Interlock.holdsLock());
        }
    };

    private final HttpServlet stream = new HttpServlet()
    {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp)
        {
            byte[] chunk = new byte[64 * 1024];
            try
            {
                var out = resp.getOutputStream();
                boolean buffers = req.getParameter("buffer") != null;
                for (int i = 0; i < 1024; i++)
                {
                    // Servlet 6.1's write(ByteBuffer), which the lock's stream does not override.
                    if (buffers)
                        out.write(ByteBuffer.wrap(chunk));
                    else
                        out.write(chunk);
                    out.flush();
                    streamed.addAndGet(chunk.length);
                }
            }
            catch (IOException x)
            {
                // the client went away: expected at the end of the test
            }
            finally
            {
                streamEnded.set(true);
            }
        }
    };

    private final HttpServlet block = new HttpServlet()
    {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
        {
            boolean released;
            if (req.getParameter("plain") != null)
                released = gate.park();
            else
                released = Interlock.blocking(gate::park);
            resp.getWriter().print("released " + released + " " + Interlock.holdsLock());
        }
    };

    private final HttpServlet echo = new HttpServlet()
    {
        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException
        {
            gate.enter();
            byte[] body;
            if (req.getParameter("buffer") != null)
            {
                // Servlet 6.1's read(ByteBuffer), which the lock's stream does not override.
                ByteBuffer buffer = ByteBuffer.allocate(64);
                var in = req.getInputStream();
                while (in.read(buffer) >= 0 && buffer.hasRemaining())
                {
                    // until the end of the body
                }
                buffer.flip();
                body = new byte[buffer.remaining()];
                buffer.get(body);
            }
            else
            {
                body = req.getInputStream().readAllBytes();
            }
            resp.getWriter().print(new String(body, StandardCharsets.UTF_8) + " " + Interlock.holdsLock());
        }
    };

    private final HttpServlet sized = new HttpServlet()
    {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
        {
            resp.setContentLength(5);
            resp.getWriter().print("hel");
            resp.getWriter().print("lo");
            resp.getWriter().flush();
        }
    };

    private void start(Environment environment, boolean ioRelease) throws Exception
    {
        server = new TestServer();
        server.set("interlock.lock", "application");
        server.set("interlock.io-release", Boolean.toString(ioRelease));
        server.set("interlock.lock-timeout", "500ms");
        server.context(environment, "/app", Map.of("/quick", quick, "/stream", stream, "/block", block, "/echo", echo, "/sized", sized));
        server.start();
    }

    private LockDomain group()
    {
        return server.interlock().getApplicationGroup("server", "/app");
    }

    private CompletableFuture<ContentResponse> slowReader(String path)
    {
        Request request = server.request(path);
        // Never demand content: the client stops reading and the server's writes block.
        request.onResponseContentSource((response, source) -> { });
        return new CompletableResponseListener(request, 64 * 1024 * 1024).send();
    }

    @ParameterizedTest
    @EnumSource(Environment.class)
    public void slowReaderOfLargeResponseDoesNotKeepOthersOut(Environment environment) throws Exception
    {
        start(environment, true);
        CompletableFuture<ContentResponse> slow = slowReader("/app/stream");
        await().atMost(10, TimeUnit.SECONDS).until(streamed::get, greaterThan(0L));
        // The server is now stuck writing to a client that does not read.
        long before = streamed.get();
        ContentResponse response = server.get("/app/quick");
        assertEquals(200, response.getStatus());
        assertEquals("quick true", response.getContentAsString());
        assertFalse(streamEnded.get(), "the stream must still be blocked, streamed " + before);
        slow.cancel(true);
        server.client().stop();
        await().atMost(10, TimeUnit.SECONDS).until(streamEnded::get);
        await().atMost(5, TimeUnit.SECONDS).until(() -> group().getOwnLock().getHolder(), nullValue());
    }

    @ParameterizedTest
    @EnumSource(Environment.class)
    public void strictLockKeepsOthersOutWhileWriting(Environment environment) throws Exception
    {
        start(environment, false);
        CompletableFuture<ContentResponse> slow = slowReader("/app/stream");
        await().atMost(10, TimeUnit.SECONDS).until(streamed::get, greaterThan(0L));
        await().atMost(10, TimeUnit.SECONDS).pollDelay(100, TimeUnit.MILLISECONDS).until(() -> group().getOwnLock().getHolder() != null);
        ContentResponse response = server.get("/app/quick");
        assertEquals(503, response.getStatus());
        assertEquals("1", response.getHeaders().get("Retry-After"));
        assertFalse(streamEnded.get());
        slow.cancel(true);
        server.client().stop();
        await().atMost(10, TimeUnit.SECONDS).until(streamEnded::get);
    }

    @ParameterizedTest
    @EnumSource(Environment.class)
    public void blockingSectionReleasesTheLock(Environment environment) throws Exception
    {
        start(environment, true);
        CompletableFuture<ContentResponse> blocked = new CompletableResponseListener(server.request("/app/block")).send();
        assertTrue(gate.awaitEntered());
        ContentResponse response = server.get("/app/quick");
        assertEquals("quick true", response.getContentAsString());
        assertFalse(blocked.isDone());
        gate.open();
        assertEquals("released true true", blocked.get(10, TimeUnit.SECONDS).getContentAsString());
        assertEquals(0, group().getOwnLock().getWaiters());
        assertEquals(null, group().getOwnLock().getHolder());
    }

    @ParameterizedTest
    @EnumSource(Environment.class)
    public void plainWaitKeepsTheLock(Environment environment) throws Exception
    {
        start(environment, true);
        CompletableFuture<ContentResponse> blocked = new CompletableResponseListener(server.request("/app/block?plain=1")).send();
        assertTrue(gate.awaitEntered());
        ContentResponse response = server.get("/app/quick");
        assertEquals(503, response.getStatus());
        assertTrue(response.getContentAsString().contains("not acquired within interlock.lock-timeout"), response.getContentAsString());
        gate.open();
        assertEquals("released true true", blocked.get(10, TimeUnit.SECONDS).getContentAsString());
    }

    @ParameterizedTest
    @EnumSource(Environment.class)
    public void slowlySentRequestBodyDoesNotKeepOthersOut(Environment environment) throws Exception
    {
        start(environment, true);
        AsyncRequestContent body = new AsyncRequestContent();
        CompletableFuture<ContentResponse> posted = new CompletableResponseListener(server.request("/app/echo").method("POST").body(body)).send();
        assertTrue(gate.awaitEntered());
        // The servlet is now reading a body that has not been sent.
        ContentResponse response = server.get("/app/quick");
        assertEquals("quick true", response.getContentAsString());
        assertFalse(posted.isDone());
        body.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)), org.eclipse.jetty.util.Callback.NOOP);
        body.close();
        assertEquals("hello true", posted.get(10, TimeUnit.SECONDS).getContentAsString());
        await().atMost(5, TimeUnit.SECONDS).until(() -> group().getOwnLock().getHolder(), nullValue());
        // Counted out by the request's completion listener, after its response.
        await().atMost(5, TimeUnit.SECONDS).until(group()::getActiveRequests, is(0));
    }

    @ParameterizedTest
    @EnumSource(Environment.class)
    public void theWriteThatCompletesTheContentLengthReleasesTheLock(Environment environment) throws Exception
    {
        start(environment, true);
        ContentResponse response = server.get("/app/sized");
        assertEquals("hello", response.getContentAsString());
        // "hel" fits in the buffer and keeps the lock; "lo" completes the content length, so the
        // container commits and sends inside it: the lock is released around that write and
        // taken back after it (a second acquisition). The flush after it finds nothing to send
        // but is a blocking call all the same (a third).
        // The client has the whole response as soon as "lo" is sent: the servlet may still run.
        await().atMost(5, TimeUnit.SECONDS).until(() -> group().getOwnLock().getAcquisitions() == 3 && group().getOwnLock().getHolder() == null);
    }

    @ParameterizedTest
    @EnumSource(Environment.class)
    public void servlet61ByteBufferWritesReleaseTheLock(Environment environment) throws Exception
    {
        start(environment, true);
        CompletableFuture<ContentResponse> slow = slowReader("/app/stream?buffer=1");
        await().atMost(10, TimeUnit.SECONDS).until(streamed::get, greaterThan(0L));
        ContentResponse response = server.get("/app/quick");
        assertEquals(200, response.getStatus());
        assertEquals("quick true", response.getContentAsString());
        assertFalse(streamEnded.get());
        slow.cancel(true);
        server.client().stop();
        await().atMost(10, TimeUnit.SECONDS).until(streamEnded::get);
        await().atMost(5, TimeUnit.SECONDS).until(() -> group().getOwnLock().getHolder(), nullValue());
    }

    @ParameterizedTest
    @EnumSource(Environment.class)
    public void servlet61ByteBufferReadsReleaseTheLock(Environment environment) throws Exception
    {
        start(environment, true);
        AsyncRequestContent body = new AsyncRequestContent();
        CompletableFuture<ContentResponse> posted = new CompletableResponseListener(server.request("/app/echo?buffer=1").method("POST").body(body)).send();
        assertTrue(gate.awaitEntered());
        ContentResponse response = server.get("/app/quick");
        assertEquals("quick true", response.getContentAsString());
        assertFalse(posted.isDone());
        body.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)), org.eclipse.jetty.util.Callback.NOOP);
        body.close();
        assertEquals("hello true", posted.get(10, TimeUnit.SECONDS).getContentAsString());
        await().atMost(5, TimeUnit.SECONDS).until(() -> group().getOwnLock().getHolder(), nullValue());
    }
}
