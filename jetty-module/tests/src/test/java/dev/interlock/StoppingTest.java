package dev.interlock;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.interlock.api.StopReason;
import dev.interlock.api.Stopping;
import dev.interlock.api.UnfinishedTasks;
import dev.interlock.api.Webapp;
import dev.interlock.jetty.WebappBinding;
import dev.interlock.testing.Environment;
import dev.interlock.testing.Gate;
import dev.interlock.testing.TestServer;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stopping sequence of a webapp: drain with 503 for newcomers, callbacks in order with the
 * reason and deadline, tracked workers joined, interrupted, reported and handed back, leaked
 * threads interrupted. For each environment Interlock covers (ee10, ee11).
 */
public class StoppingTest
{
    private TestServer server;
    private final Gate gate = new Gate();
    private final Queue<String> events = new ConcurrentLinkedQueue<>();

    @AfterEach
    public void tearDown()
    {
        gate.open();
        server.close();
    }

    private Environment environment;

    /** A context of the test's environment with a classloader of its own, as a deployed WAR has. */
    private ContextHandler context(String path, Map<String, jakarta.servlet.Servlet> servlets)
    {
        ContextHandler context = server.context(environment, path, servlets);
        context.setClassLoader(new URLClassLoader(new URL[0], getClass().getClassLoader()));
        return context;
    }

    private WebappBinding binding(ContextHandler context)
    {
        return context.getBean(WebappBinding.class);
    }

    private final HttpServlet parked = new HttpServlet()
    {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
        {
            gate.park();
            events.add("request done");
            resp.getWriter().print("done");
        }
    };

    private final HttpServlet hello = new HttpServlet()
    {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
        {
            resp.getWriter().print("hello");
        }
    };

    @ParameterizedTest
    @EnumSource(Environment.class)
    public void inFlightRequestsFinishThenCallbacksRunInOrderWhileNewRequestsGet503(Environment environment) throws Exception
    {
        this.environment = environment;
        server = new TestServer();
        server.set("interlock.webapps.app.retry-after", "2s");
        ContextHandler app = context("/app", Map.of("/*", parked));
        AtomicReference<Stopping> seen = new AtomicReference<>();
        app.addEventListener(new ServletContextListener()
        {
            @Override
            public void contextInitialized(ServletContextEvent sce)
            {
                Webapp webapp = Webapp.current();
                webapp.onStopping(10, s -> events.add("late"));
                webapp.onStopping(0, s ->
                {
                    events.add("throws");
                    throw new IllegalStateException("a failing callback, on purpose");
                });
                webapp.onStopping(-5, s ->
                {
                    seen.set(s);
                    events.add("early");
                });
                webapp.onStopping(0, s -> events.add("after the failing one"));
            }
        });
        context("/other", Map.of("/*", hello));
        server.start();

        CompletableFuture<ContentResponse> inFlight = new CompletableResponseListener(server.request("/app/x")).send();
        assertTrue(gate.awaitEntered());
        Instant beforeStop = Instant.now();
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() ->
        {
            try
            {
                app.stop();
            }
            catch (Exception x)
            {
                throw new RuntimeException(x);
            }
        });
        await().atMost(10, TimeUnit.SECONDS).until(() -> binding(app).isShutdown());
        Instant drainStarted = Instant.now();

        ContentResponse refused = server.get("/app/y");
        assertEquals(503, refused.getStatus());
        assertEquals("2", refused.getHeaders().get("Retry-After"));
        assertEquals("hello", server.get("/other/z").getContentAsString());
        assertTrue(events.isEmpty(), "no callback may run before the drain: " + events);

        gate.open();
        assertEquals("done", inFlight.get(10, TimeUnit.SECONDS).getContentAsString());
        stopped.get(30, TimeUnit.SECONDS);
        assertEquals(List.of("request done", "early", "throws", "after the failing one", "late"), List.copyOf(events));
        assertEquals(StopReason.UNDEPLOY, seen.get().reason());
        assertEquals("/app", seen.get().contextPath());
        // One deadline for the whole sequence: 15 s from when the drain began.
        Instant deadline = seen.get().deadline();
        assertFalse(deadline.isBefore(beforeStop.plusSeconds(15).minusMillis(50)), "deadline " + deadline + " before " + beforeStop + " + 15 s");
        assertFalse(deadline.isAfter(drainStarted.plusSeconds(15).plusMillis(50)), "deadline " + deadline + " after " + drainStarted + " + 15 s");
    }

    @ParameterizedTest
    @EnumSource(Environment.class)
    public void trackedWorkersAreJoinedInterruptedAndTheirUnstartedTasksHandedBack(Environment environment) throws Exception
    {
        this.environment = environment;
        server = new TestServer();
        server.set("interlock.webapps.app.drain-timeout", "3s");
        server.set("interlock.webapps.app.worker-join", "300ms");
        List<UnfinishedTasks> handedBack = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> rejection = new AtomicReference<>();
        AtomicReference<ManagedExecutorService> executor = new AtomicReference<>();
        AtomicReference<Thread> bare = new AtomicReference<>();
        ContextHandler app = context("/app", Map.of("/*", hello));
        app.addEventListener(new ServletContextListener()
        {
            @Override
            public void contextInitialized(ServletContextEvent sce)
            {
                Webapp webapp = Webapp.current();
                webapp.onUnfinishedTasks(handedBack::add);
                webapp.onStopping(s ->
                {
                    try
                    {
                        executor.get().execute(() -> { });
                    }
                    catch (RejectedExecutionException x)
                    {
                        rejection.set(x);
                    }
                });
                executor.set(webapp.executor("indexer", 1));
                // A task that runs until interrupted, and two that never get a thread.
                executor.get().execute(() ->
                {
                    events.add("long task started");
                    gate.awaitOpen();
                    events.add("long task ended " + Thread.currentThread().isInterrupted());
                });
                executor.get().execute(new Named("second"));
                executor.get().execute(new Named("third"));
                // A bare worker thread that ends when interrupted.
                Thread t = webapp.threadFactory("poller").newThread(() ->
                {
                    try
                    {
                        Thread.sleep(TimeUnit.SECONDS.toMillis(30));
                    }
                    catch (InterruptedException x)
                    {
                        events.add("poller interrupted");
                    }
                });
                bare.set(t);
                t.start();
            }
        });
        server.start();
        await().atMost(10, TimeUnit.SECONDS).until(() -> events.contains("long task started"));
        assertFalse(bare.get().isDaemon());
        assertTrue(bare.get().getName().startsWith("interlock-worker-app-poller-"), bare.get().getName());
        assertEquals(app.getClassLoader(), bare.get().getContextClassLoader());

        app.stop();

        assertTrue(rejection.get().getMessage().startsWith("Executor 'indexer' of webapp /app accepts no new tasks: the webapp is stopping"), rejection.get().getMessage());
        // Written by the workers' own threads once interrupted.
        await().atMost(10, TimeUnit.SECONDS).until(() -> events.contains("long task ended true") && events.contains("poller interrupted") && !bare.get().isAlive());
        assertEquals(1, handedBack.size());
        assertEquals("indexer", handedBack.get(0).executor());
        assertEquals("[second, third]", handedBack.get(0).tasks().toString());
        // Handed back means runnable by the application.
        handedBack.get(0).tasks().forEach(Runnable::run);
        assertTrue(events.contains("ran second") && events.contains("ran third"), events.toString());
    }

    private final class Named implements Runnable
    {
        private final String name;

        private Named(String name)
        {
            this.name = name;
        }

        @Override
        public void run()
        {
            events.add("ran " + name);
        }

        @Override
        public String toString()
        {
            return name;
        }
    }

    @ParameterizedTest
    @EnumSource(Environment.class)
    public void leakedThreadsAreInterruptedOnceTheWebappHasStopped(Environment environment) throws Exception
    {
        this.environment = environment;
        server = new TestServer();
        AtomicReference<Thread> leaked = new AtomicReference<>();
        ContextHandler app = context("/app", Map.of("/*", new HttpServlet()
        {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
            {
                // A plain thread: not from Interlock, inheriting the webapp's classloader.
                Thread t = new Thread(() ->
                {
                    try
                    {
                        Thread.sleep(TimeUnit.SECONDS.toMillis(60));
                    }
                    catch (InterruptedException x)
                    {
                        events.add("leak interrupted");
                    }
                }, "leaky");
                leaked.set(t);
                t.start();
                resp.getWriter().print("started");
            }
        }));
        server.start();
        assertEquals("started", server.get("/app/x").getContentAsString());
        assertTrue(leaked.get().isAlive());
        app.stop();
        await().atMost(10, TimeUnit.SECONDS).until(() -> !leaked.get().isAlive());
        assertEquals(List.of("leak interrupted"), List.copyOf(events));
    }

    @ParameterizedTest
    @EnumSource(Environment.class)
    public void reasonsAreServerStopAndRedeploy(Environment environment) throws Exception
    {
        this.environment = environment;
        server = new TestServer();
        Queue<StopReason> reasons = new ConcurrentLinkedQueue<>();
        ServletContextListener record = new ServletContextListener()
        {
            @Override
            public void contextInitialized(ServletContextEvent sce)
            {
                Webapp.current().onStopping(s -> reasons.add(s.reason()));
            }
        };
        ContextHandler first = context("/app", Map.of("/*", hello));
        first.addEventListener(record);
        server.start();
        // A new instance of /app serves; the old one stops: a redeploy.
        ContextHandler second = context("/app", Map.of("/*", hello));
        second.addEventListener(record);
        second.start();
        // Started by hand, as a deployer does: make the collection stop it with the server.
        server.contexts().manage(second);
        first.stop();
        assertEquals(List.of(StopReason.REDEPLOY), List.copyOf(reasons));
        server.server().stop();
        assertEquals(List.of(StopReason.REDEPLOY, StopReason.SERVER_STOP), List.copyOf(reasons));
    }

    @ParameterizedTest
    @EnumSource(Environment.class)
    public void serverStopDrainsInJettysGracefulPhase(Environment environment) throws Exception
    {
        this.environment = environment;
        server = new TestServer();
        server.server().setStopTimeout(20_000);
        ContextHandler app = context("/app", Map.of("/*", parked));
        app.addEventListener(new ServletContextListener()
        {
            @Override
            public void contextInitialized(ServletContextEvent sce)
            {
                Webapp.current().onStopping(s -> events.add("stopping " + s.reason()));
            }
        });
        server.start();
        CompletableFuture<ContentResponse> inFlight = new CompletableResponseListener(server.request("/app/x")).send();
        assertTrue(gate.awaitEntered());
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() ->
        {
            try
            {
                server.server().stop();
            }
            catch (Exception x)
            {
                throw new RuntimeException(x);
            }
        });
        // The graceful phase shuts the webapp's door before the connectors close...
        await().atMost(10, TimeUnit.SECONDS).until(() -> binding(app).isShutdown());
        assertFalse(stopped.isDone());
        assertTrue(events.isEmpty(), events.toString());
        // ... and the request in flight still gets its response.
        gate.open();
        assertEquals("done", inFlight.get(10, TimeUnit.SECONDS).getContentAsString());
        stopped.get(30, TimeUnit.SECONDS);
        assertEquals(List.of("request done", "stopping SERVER_STOP"), List.copyOf(events));
    }
}
