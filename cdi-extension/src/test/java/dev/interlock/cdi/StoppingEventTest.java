package dev.interlock.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.LogRecord;

import dev.interlock.api.StopReason;
import dev.interlock.api.Stopping;
import dev.interlock.api.UnfinishedTasks;
import dev.interlock.cdi.testing.Boot;
import dev.interlock.cdi.testing.Journal;
import dev.interlock.cdi.testing.LogCapture;
import dev.interlock.cdi.testing.TestWebapps;
import dev.interlock.workers.TrackedWorkers;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code Stopping} and {@code UnfinishedTasks} as CDI events, with a real Weld. */
@SuppressWarnings("try") // containers opened only to be running while the test acts
class StoppingEventTest
{
    private TrackedWorkers webapp;
    private ClassLoader classLoader;

    @BeforeEach
    void deploy()
    {
        Journal.clear();
        TestWebapps.install();
        webapp = TestWebapps.INSTANCE.deploy("/shop");
        classLoader = TestWebapps.INSTANCE.classLoader(webapp);
    }

    @AfterEach
    void undeploy()
    {
        TestWebapps.stop(webapp, StopReason.UNDEPLOY, Duration.ofSeconds(5));  // stops the workers
        TestWebapps.uninstall();
    }

    @Test
    void observersRunInPriorityOrderInterleavedWithPlainCallbacks() throws Exception
    {
        webapp.onStopping(100, stopping -> Journal.add("plain callback, priority 100"));
        try (WeldContainer weld = Boot.weld(classLoader, Late.class, Unprioritized.class, Middle.class, Early.class))
        {
            // one stopping callback per distinct observer priority, plus the plain one
            assertEquals(5, webapp.getStoppingCallbackCount());
            assertEquals(0, webapp.getUnfinishedTaskHandlerCount());
            TestWebapps.stop(webapp, StopReason.REDEPLOY, Duration.ofSeconds(15));
        }
        assertEquals(List.of(
            "early, priority 10: /shop REDEPLOY",
            "plain callback, priority 100",
            "middle, priority 2000",
            "unprioritized (2500)",
            "late, priority 3000"), Journal.entries());
    }

    @Test
    void aThrowingObserverIsLoggedAndTheOthersStillRun() throws Exception
    {
        try (LogCapture log = new LogCapture();
             WeldContainer weld = Boot.weld(classLoader, Boom.class, Calm.class, After.class))
        {
            TestWebapps.Stopped stopped = TestWebapps.stop(webapp, StopReason.UNDEPLOY, Duration.ofSeconds(15));

            assertEquals(List.of("calm, priority 10", "after, priority 20"), Journal.entries());
            assertEquals(0, stopped.failedCallbacks(), "the failure does not reach the engine");
            List<LogRecord> failures = log.records().stream().filter(r -> r.getMessage().contains("failed")).toList();
            assertEquals(1, failures.size(), log.warnings().toString());
            String message = failures.get(0).getMessage();
            assertTrue(message.startsWith("Interlock: observer " + Boom.class.getName() + " (priority 10): "), message);
            assertTrue(message.contains(" failed on Stopping{/shop, UNDEPLOY, deadline="), message);
            assertTrue(message.endsWith("; the other observers still run"), message);
            assertEquals("boom", failures.get(0).getThrown().getMessage());
        }
    }

    @Test
    void observersUseApplicationAndRequestScopedBeansBeforeAnythingIsDestroyed() throws Exception
    {
        try (WeldContainer weld = Boot.weld(classLoader, Store.class, Visit.class, Watcher.class))
        {
            TestWebapps.stop(webapp, StopReason.SERVER_STOP, Duration.ofSeconds(15));
            assertEquals(List.of("stopping uses the store and the visit", "visit @PreDestroy"), Journal.entries(),
                "the request context of the delivery ends with it");
        }
        assertEquals(List.of(
            "stopping uses the store and the visit",
            "visit @PreDestroy",
            "@BeforeDestroyed(ApplicationScoped)",
            "store @PreDestroy"), Journal.entries());
        assertEquals(0, webapp.getStoppingCallbackCount(), "the registrations end with the container");
        assertEquals(0, webapp.getUnfinishedTaskHandlerCount(), "the registrations end with the container");
    }

    @Test
    void observersRunWithTheWebappsContextClassLoaderWhateverTheStoppingThreadHas() throws Exception
    {
        try (WeldContainer weld = Boot.weld(classLoader, LoaderWitness.class))
        {
            AtomicReference<ClassLoader> after = new AtomicReference<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread stopper = new Thread(() ->
            {
                try
                {
                    TestWebapps.stop(webapp, StopReason.UNDEPLOY, Duration.ofSeconds(15));
                    after.set(Thread.currentThread().getContextClassLoader());
                }
                catch (Throwable x)
                {
                    failure.set(x);
                }
            });
            stopper.setContextClassLoader(ClassLoader.getPlatformClassLoader());
            stopper.start();
            stopper.join(30_000);
            assertFalse(stopper.isAlive(), "the stop did not end");
            assertEquals(null, failure.get());
            assertEquals(List.of("context classloader webapp/shop"), Journal.entries());
            assertSame(ClassLoader.getPlatformClassLoader(), after.get(), "restored afterwards");
        }
    }

    @Test
    void unfinishedTasksAreDeliveredToEveryObserver() throws Exception
    {
        try (WeldContainer weld = Boot.weld(classLoader, SlowQueue.class, Requeue.class, BrokenRequeue.class))
        {
            SlowQueue queue = weld.select(SlowQueue.class).get();
            CountDownLatch started = new CountDownLatch(1);
            queue.executor().execute(() ->
            {
                started.countDown();
                try
                {
                    // Until interrupted at the deadline; bounded all the same.
                    new CountDownLatch(1).await(30, TimeUnit.SECONDS);
                }
                catch (InterruptedException e)
                {
                    Thread.currentThread().interrupt();
                }
            });
            for (int i = 1; i <= 3; i++)
                queue.executor().execute(new Named("task " + i));
            assertTrue(started.await(10, TimeUnit.SECONDS));

            TestWebapps.stop(webapp, StopReason.UNDEPLOY, Duration.ofMillis(300));

            assertEquals(List.of("requeue: [task 1, task 2, task 3] of executor slow of /shop"), Journal.entries(),
                "the tasks never started, handed back as they were given, to every observer");
        }
    }

    @Test
    void asynchronousObserversAreWarnedAboutAndNeverCalled() throws Exception
    {
        try (LogCapture log = new LogCapture();
             WeldContainer weld = Boot.weld(classLoader, AsyncOnly.class))
        {
            assertEquals(1, log.warnings().size(), log.warnings().toString());
            String warning = log.warnings().get(0);
            assertTrue(warning.startsWith("Interlock: " + AsyncOnly.class.getName() + " (priority 2500): "), warning);
            assertTrue(warning.endsWith(" observes Stopping with @ObservesAsync and will never be called: the event is fired synchronously on the stopping thread, use @Observes"),
                warning);
            assertEquals(0, webapp.getStoppingCallbackCount());
            assertEquals(0, webapp.getUnfinishedTaskHandlerCount());
            // The stop fires synchronously and no callback is registered (above): nothing to wait for.
            TestWebapps.stop(webapp, StopReason.UNDEPLOY, Duration.ofSeconds(1));
            assertEquals(List.of(), Journal.entries());
        }
    }

    @Test
    void withoutObserversNothingIsRegistered()
    {
        try (WeldContainer weld = Boot.weld(classLoader, Store.class))
        {
            assertEquals(0, webapp.getStoppingCallbackCount());
            assertEquals(0, webapp.getUnfinishedTaskHandlerCount());
        }
    }

    @ApplicationScoped
    public static class Early
    {
        void on(@Observes @Priority(10) Stopping stopping)
        {
            Journal.add("early, priority 10: " + stopping.contextPath() + " " + stopping.reason());
        }
    }

    @ApplicationScoped
    public static class Middle
    {
        void on(@Observes @Priority(2000) Stopping stopping)
        {
            Journal.add("middle, priority 2000");
        }
    }

    @ApplicationScoped
    public static class Unprioritized
    {
        void on(@Observes Stopping stopping)
        {
            Journal.add("unprioritized (2500)");
        }
    }

    @ApplicationScoped
    public static class Late
    {
        void on(@Observes @Priority(3000) Stopping stopping)
        {
            Journal.add("late, priority 3000");
        }
    }

    @ApplicationScoped
    public static class Boom
    {
        void on(@Observes @Priority(10) Stopping stopping)
        {
            throw new IllegalStateException("boom");
        }
    }

    @ApplicationScoped
    public static class Calm
    {
        void on(@Observes @Priority(10) Stopping stopping)
        {
            Journal.add("calm, priority 10");
        }
    }

    @ApplicationScoped
    public static class After
    {
        void on(@Observes @Priority(20) Stopping stopping)
        {
            Journal.add("after, priority 20");
        }
    }

    @ApplicationScoped
    public static class Store
    {
        String name()
        {
            return "the store";
        }

        @PreDestroy
        void destroy()
        {
            Journal.add("store @PreDestroy");
        }
    }

    @RequestScoped
    public static class Visit
    {
        String name()
        {
            return "the visit";
        }

        @PreDestroy
        void destroy()
        {
            Journal.add("visit @PreDestroy");
        }
    }

    @ApplicationScoped
    public static class Watcher
    {
        @Inject
        Store store;
        @Inject
        Visit visit;

        void on(@Observes Stopping stopping)
        {
            Journal.add("stopping uses " + store.name() + " and " + visit.name());
        }

        void before(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event)
        {
            Journal.add("@BeforeDestroyed(ApplicationScoped)");
        }
    }

    @ApplicationScoped
    public static class LoaderWitness
    {
        void on(@Observes Stopping stopping)
        {
            Journal.add("context classloader " + Thread.currentThread().getContextClassLoader().getName());
        }
    }

    @ApplicationScoped
    public static class SlowQueue
    {
        @Inject
        @Worker(value = "slow", threads = 1)
        ManagedExecutorService executor;

        ManagedExecutorService executor()
        {
            return executor;
        }
    }

    @ApplicationScoped
    public static class Requeue
    {
        void on(@Observes UnfinishedTasks unfinished)
        {
            Journal.add("requeue: " + unfinished.tasks() + " of executor " + unfinished.executor() + " of " + unfinished.contextPath());
        }
    }

    @ApplicationScoped
    public static class BrokenRequeue
    {
        void on(@Observes @Priority(1) UnfinishedTasks unfinished)
        {
            throw new IllegalStateException("cannot requeue");
        }
    }

    private record Named(String name) implements Runnable
    {
        @Override
        public void run()
        {
            Journal.add(name + " ran");
        }

        @Override
        public String toString()
        {
            return name;
        }
    }

    @ApplicationScoped
    public static class AsyncOnly
    {
        void on(@ObservesAsync Stopping stopping)
        {
            Journal.add("async observer called");
        }
    }
}
