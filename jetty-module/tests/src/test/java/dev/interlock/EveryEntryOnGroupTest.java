package dev.interlock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.interlock.api.Interlock;
import dev.interlock.executor.ExecutorGroup;
import dev.interlock.testing.Environment;
import dev.interlock.testing.Servlets;
import dev.interlock.testing.TestServer;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.client.AsyncRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.interlock.testing.Servlets.servlet;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every entry into application code of a webapp in a named executor group runs on a thread of
 * that group, under its discipline: the first dispatch, an {@code AsyncContext.start} task, an
 * async dispatch asked for from a foreign thread, an async timeout's listener, the listener of an
 * {@code AsyncContext.complete()} called from a foreign thread, {@code ReadListener} and
 * {@code WriteListener} callbacks, and an error page. Each entry records the executor group its
 * thread belongs to ({@link ExecutorGroup#current()}) and whether it holds the lock; the test
 * compares the record with what the discipline promises. For each environment (ee10, ee11), under
 * {@code free} and {@code application}.
 */
public class EveryEntryOnGroupTest
{
    private TestServer server;
    // entry -> "group g, lock true" (or the thread's name when it runs in no group)
    private final Map<String, String> entries = new ConcurrentHashMap<>();

    @AfterEach
    public void tearDown()
    {
        if (server != null)
            server.close();
    }

    private void record(String entry)
    {
        ExecutorGroup group = ExecutorGroup.current();
        String where = group == null ? "thread " + Thread.currentThread().getName() : "group " + group.getName();
        // The first record of an entry is kept: a second one elsewhere is a failure of its own.
        String was = entries.putIfAbsent(entry, where + ", lock " + Interlock.holdsLock());
        if (was != null && !was.equals(where + ", lock " + Interlock.holdsLock()))
            entries.put(entry + " (again)", where + ", lock " + Interlock.holdsLock());
    }

    private abstract static class Listener implements AsyncListener
    {
        @Override
        public void onComplete(AsyncEvent event) throws IOException
        {
        }

        @Override
        public void onTimeout(AsyncEvent event) throws IOException
        {
        }

        @Override
        public void onError(AsyncEvent event) throws IOException
        {
        }

        @Override
        public void onStartAsync(AsyncEvent event) throws IOException
        {
        }
    }

    private void start(Environment environment, String lock) throws Exception
    {
        server = new TestServer();
        server.set("interlock.executor-groups.g.threads", "4");
        server.set("interlock.executor-group", "g");
        server.set("interlock.lock", lock);
        ContextHandler context = server.context(environment, "/app", Map.ofEntries(
            Map.entry("/initial", servlet((req, resp) ->
            {
                record("initial dispatch");
                resp.getWriter().print("initial");
            })),
            Map.entry("/start", servlet((req, resp) ->
            {
                AsyncContext async = req.startAsync();
                async.start(() ->
                {
                    record("AsyncContext.start task");
                    try
                    {
                        async.getResponse().getWriter().print("started");
                    }
                    catch (IOException x)
                    {
                        throw new RuntimeException(x);
                    }
                    async.complete();
                });
            })),
            Map.entry("/dispatch", servlet((req, resp) ->
            {
                if (req.getDispatcherType() == DispatcherType.ASYNC)
                {
                    record("async dispatch");
                    resp.getWriter().print("dispatched");
                    return;
                }
                AsyncContext async = req.startAsync();
                // From a thread that is neither Jetty's nor the group's.
                new Thread(async::dispatch, "test-dispatcher").start();
            })),
            Map.entry("/timeout", servlet((req, resp) ->
            {
                AsyncContext async = req.startAsync();
                async.setTimeout(50);
                async.addListener(new Listener()
                {
                    @Override
                    public void onTimeout(AsyncEvent event) throws IOException
                    {
                        record("async timeout listener");
                        event.getAsyncContext().getResponse().getWriter().print("timed out");
                        event.getAsyncContext().complete();
                    }
                });
            })),
            Map.entry("/complete", servlet((req, resp) ->
            {
                AsyncContext async = req.startAsync();
                async.addListener(new Listener()
                {
                    @Override
                    public void onComplete(AsyncEvent event)
                    {
                        record("async complete listener");
                    }
                });
                resp.getWriter().print("completed");
                // Completed from a foreign thread: its listeners run where Jetty handles it.
                new Thread(async::complete, "test-completer").start();
            })),
            Map.entry("/read", Servlets.readListener(callback -> record("ReadListener." + callback))),
            Map.entry("/write", servlet((req, resp) ->
            {
                AsyncContext async = req.startAsync();
                ServletOutputStream out = resp.getOutputStream();
                out.setWriteListener(new WriteListener()
                {
                    private boolean written;

                    @Override
                    public void onWritePossible() throws IOException
                    {
                        record("WriteListener.onWritePossible");
                        if (!written && out.isReady())
                        {
                            written = true;
                            out.write("written".getBytes(StandardCharsets.UTF_8));
                        }
                        if (written && out.isReady())
                            async.complete();
                    }

                    @Override
                    public void onError(Throwable t)
                    {
                        async.complete();
                    }
                });
            })),
            Map.entry("/throw", servlet((req, resp) ->
            {
                throw new IllegalStateException("thrown on purpose");
            })),
            Map.entry("/error-page", servlet((req, resp) ->
            {
                record("error page " + req.getDispatcherType());
                resp.getWriter().print("error page");
            }))));
        environment.errorPage(context, 500, "/error-page");
        server.start();
    }

    static Stream<Arguments> environmentsAndLocks()
    {
        return Stream.of(Environment.values()).flatMap(e -> Stream.of("free", "application").map(l -> Arguments.of(e, l)));
    }

    @ParameterizedTest
    @MethodSource("environmentsAndLocks")
    public void everyEntryRunsOnTheWebappsExecutorGroup(Environment environment, String lock) throws Exception
    {
        start(environment, lock);
        assertEquals("initial", server.get("/app/initial").getContentAsString());
        assertEquals("started", server.get("/app/start").getContentAsString());
        assertEquals("dispatched", server.get("/app/dispatch").getContentAsString());
        assertEquals("timed out", server.get("/app/timeout").getContentAsString());
        assertEquals("completed", server.get("/app/complete").getContentAsString());
        assertEquals("written", server.get("/app/write").getContentAsString());
        ContentResponse thrown = server.get("/app/throw");
        assertEquals(500, thrown.getStatus());
        assertEquals("error page", thrown.getContentAsString());

        AsyncRequestContent body = new AsyncRequestContent();
        Request post = server.request("/app/read").method("POST").body(body);
        CompletableFuture<ContentResponse> posted = new CompletableResponseListener(post).send();
        body.write(ByteBuffer.wrap("abc".getBytes(StandardCharsets.UTF_8)), Callback.NOOP);
        body.write(ByteBuffer.wrap("def".getBytes(StandardCharsets.UTF_8)), Callback.NOOP);
        body.close();
        assertEquals("read abcdef", posted.get(10, TimeUnit.SECONDS).getContentAsString());
        // The complete listener may run just after the response has gone.
        await().atMost(10, TimeUnit.SECONDS).until(() -> entries.containsKey("async complete listener"));

        String expected = "group g, lock " + "application".equals(lock);
        Map<String, String> want = new TreeMap<>();
        for (String entry : List.of("initial dispatch", "AsyncContext.start task", "async dispatch", "async timeout listener", "async complete listener",
            "ReadListener.onDataAvailable", "ReadListener.onAllDataRead", "WriteListener.onWritePossible", "error page ERROR"))
            want.put(entry, expected);
        assertEquals(want, new TreeMap<>(entries));
    }
}
