package dev.interlock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.interlock.api.Interlock;
import dev.interlock.group.LockDomain;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.interlock.testing.Servlets.servlet;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every entry into application code — first dispatch, forward, include, error page, async
 * start, async dispatch, async timeout listener, read listener — runs under the lock; and
 * whatever happens (exceptions, async, client aborts) no lock stays held and no permit is lost;
 * on Jetty's pool, on a named group's platform threads, and on virtual threads (Java 21+); for
 * each environment Interlock covers (ee10, ee11).
 */
@Tag("virtual-threads")
public class LockHygieneTest
{
    private TestServer server;
    private final Queue<String> unlocked = new ConcurrentLinkedQueue<>();
    private final AtomicLong aborted = new AtomicLong();

    @AfterEach
    public void tearDown()
    {
        server.close();
    }

    private void check(String where)
    {
        if (!Interlock.holdsLock())
            unlocked.add(where);
    }

    private void start(Environment environment, String executorGroup) throws Exception
    {
        server = new TestServer();
        server.set("interlock.executor-groups.g.threads", "8");
        server.set("interlock.executor-groups.v.threads", "8");
        server.set("interlock.executor-groups.v.virtual", "true");
        server.set("interlock.executor-group", executorGroup);
        server.set("interlock.lock", "application");
        // The burst below puts 120 requests in flight: keep them all inside the waiter bound.
        server.set("interlock.max-lock-waiters", "1000");
        ContextHandler context = server.context(environment, "/app", Map.ofEntries(
            Map.entry("/hello", servlet((req, resp) ->
            {
                check("hello " + req.getDispatcherType());
                resp.getWriter().print("hello");
            })),
            Map.entry("/throw", servlet((req, resp) ->
            {
                check("throw");
                throw new IllegalStateException("thrown on purpose");
            })),
            Map.entry("/error-page", servlet((req, resp) ->
            {
                check("error-page " + req.getDispatcherType());
                resp.getWriter().print("error page");
            })),
            Map.entry("/forward", servlet((req, resp) ->
            {
                check("forward");
                req.getRequestDispatcher("/hello").forward(req, resp);
            })),
            Map.entry("/include", servlet((req, resp) ->
            {
                check("include");
                resp.getWriter().print("<");
                req.getRequestDispatcher("/hello").include(req, resp);
                resp.getWriter().print(">");
            })),
            Map.entry("/async-start", servlet((req, resp) ->
            {
                AsyncContext async = req.startAsync();
                async.start(() ->
                {
                    check("async-start task");
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
            Map.entry("/async-dispatch", servlet((req, resp) ->
            {
                if (req.getDispatcherType() == DispatcherType.ASYNC)
                {
                    check("async-dispatch second dispatch");
                    resp.getWriter().print("dispatched");
                    return;
                }
                AsyncContext async = req.startAsync();
                // Dispatch from a thread that is neither Jetty's nor Interlock's.
                new Thread(() -> async.dispatch(), "test-dispatcher").start();
            })),
            Map.entry("/async-timeout", servlet((req, resp) ->
            {
                AsyncContext async = req.startAsync();
                async.setTimeout(100);
                async.addListener(new AsyncListener()
                {
                    @Override
                    public void onTimeout(AsyncEvent event) throws IOException
                    {
                        check("async timeout listener");
                        event.getAsyncContext().getResponse().getWriter().print("timed out");
                        event.getAsyncContext().complete();
                    }

                    @Override
                    public void onComplete(AsyncEvent event)
                    {
                    }

                    @Override
                    public void onError(AsyncEvent event)
                    {
                    }

                    @Override
                    public void onStartAsync(AsyncEvent event)
                    {
                    }
                });
            })),
            Map.entry("/read-listener", Servlets.readListener(this::check)),
            Map.entry("/abort", servlet((req, resp) ->
            {
                byte[] chunk = new byte[64 * 1024];
                try
                {
                    for (int i = 0; i < 4096; i++)
                    {
                        resp.getOutputStream().write(chunk);
                        resp.getOutputStream().flush();
                    }
                }
                catch (IOException x)
                {
                    aborted.incrementAndGet();
                    throw x;
                }
            }))));
        environment.errorPage(context, 500, "/error-page");
        server.start();
    }

    private void assertClean(String executorGroup)
    {
        LockDomain group = server.interlock().getApplicationGroup(executorGroup, "/app");
        await().atMost(10, TimeUnit.SECONDS).until(group::getActiveRequests, is(0));
        // An AsyncContext.start task may complete the response before it releases the lock.
        await().atMost(10, TimeUnit.SECONDS).until(() -> group.getOwnLock().getHolder() == null && group.getOwnLock().getWaiters() == 0);
        ExecutorGroup executor = server.interlock().getExecutorGroup(executorGroup);
        if (executor != null)
        {
            await().atMost(10, TimeUnit.SECONDS).until(executor::getBusyThreads, is(0));
            assertEquals(0, executor.getQueueSize());
        }
        assertTrue(unlocked.isEmpty(), "application code ran without the lock: " + unlocked);
    }

    static java.util.stream.Stream<Arguments> environmentsAndGroups()
    {
        return java.util.Arrays.stream(Environment.values())
            .flatMap(e -> java.util.stream.Stream.of("server", "g", "v").map(g -> Arguments.of(e, g)));
    }

    @ParameterizedTest
    @MethodSource("environmentsAndGroups")
    public void everyEntryRunsUnderTheLockAndNothingLeaks(Environment environment, String executorGroup) throws Exception
    {
        start(environment, executorGroup);
        for (int round = 0; round < 3; round++)
        {
            assertEquals("hello", server.get("/app/hello").getContentAsString());
            ContentResponse thrown = server.get("/app/throw");
            assertEquals(500, thrown.getStatus());
            assertEquals("error page", thrown.getContentAsString());
            assertEquals("hello", server.get("/app/forward").getContentAsString());
            assertEquals("<hello>", server.get("/app/include").getContentAsString());
            assertEquals("started", server.get("/app/async-start").getContentAsString());
            assertEquals("dispatched", server.get("/app/async-dispatch").getContentAsString());
            assertEquals("timed out", server.get("/app/async-timeout").getContentAsString());

            AsyncRequestContent body = new AsyncRequestContent();
            Request post = server.request("/app/read-listener").method("POST").body(body);
            CompletableFuture<ContentResponse> posted = new CompletableResponseListener(post).send();
            body.write(ByteBuffer.wrap("abc".getBytes(StandardCharsets.UTF_8)), Callback.NOOP);
            body.write(ByteBuffer.wrap("def".getBytes(StandardCharsets.UTF_8)), Callback.NOOP);
            body.close();
            assertEquals("read abcdef", posted.get(10, TimeUnit.SECONDS).getContentAsString());
        }

        // A client that aborts in the middle of a large response.
        long before = aborted.get();
        Request download = server.request("/app/abort");
        download.onResponseContent((r, c) -> download.abort(new IOException("client gives up")));
        CompletableFuture<ContentResponse> downloading = new CompletableResponseListener(download, 512 * 1024 * 1024).send();
        downloading.handle((r, x) -> null).get(10, TimeUnit.SECONDS);
        await().atMost(10, TimeUnit.SECONDS).until(aborted::get, greaterThan(before));

        // Many requests of every kind at once, then check that nothing is held or lost.
        var all = new java.util.ArrayList<CompletableFuture<ContentResponse>>();
        for (int i = 0; i < 20; i++)
        {
            for (String path : new String[]{"/app/hello", "/app/throw", "/app/forward", "/app/async-start", "/app/async-dispatch", "/app/async-timeout"})
                all.add(new CompletableResponseListener(server.request(path)).send());
        }
        for (CompletableFuture<ContentResponse> f : all)
        {
            int status = f.get(30, TimeUnit.SECONDS).getStatus();
            assertTrue(status == 200 || status == 500, "status " + status);
        }
        assertClean(executorGroup);
    }
}
