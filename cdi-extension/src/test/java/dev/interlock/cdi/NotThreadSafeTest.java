package dev.interlock.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.interlock.api.NotThreadSafe;
import dev.interlock.api.StopReason;
import dev.interlock.cdi.testing.Boot;
import dev.interlock.cdi.testing.LogCapture;
import dev.interlock.cdi.testing.TestWebapps;
import dev.interlock.lock.GroupLock;
import dev.interlock.lock.LockFrame;
import dev.interlock.workers.TrackedWorkers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.inject.Inject;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code @NotThreadSafe} on a CDI bean, with a real Weld and the engine's real group lock: every
 * business method runs under the webapp's not-thread-safe lock, whichever thread calls it.
 *
 * <p>The beans count with a racy read-modify-write whose window (1 ms between the read and the
 * write) is wide enough that 8 threads calling an unmarked twin always lose updates; the marked
 * bean must lose none, and must never be entered by two threads at once.</p>
 */
@SuppressWarnings("try") // containers opened only to be running while the test acts
class NotThreadSafeTest
{
    private static final int THREADS = 8;
    private static final int CALLS = 200;

    private TrackedWorkers webapp;
    private ClassLoader classLoader;
    private ExecutorService callers;

    @BeforeEach
    void deploy()
    {
        TestWebapps.install();
        webapp = TestWebapps.INSTANCE.deploy("/shop");
        classLoader = TestWebapps.INSTANCE.classLoader(webapp);
        callers = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void undeploy() throws InterruptedException
    {
        callers.shutdownNow();
        assertTrue(callers.awaitTermination(10, TimeUnit.SECONDS), "the callers end");
        TestWebapps.stop(webapp, StopReason.UNDEPLOY, Duration.ofSeconds(5));
        TestWebapps.uninstall();
    }

    private GroupLock webappLock()
    {
        return TestWebapps.INSTANCE.locks(webapp).lock();
    }

    /**
     * Calls {@code counter.increment()} {@value #CALLS} times on each of {@value #THREADS}
     * threads, all released at once; fails with the first exception a caller threw.
     */
    private void hammer(Racy counter) throws Exception
    {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < THREADS; t++)
        {
            running.add(callers.submit(() ->
            {
                assertTrue(start.await(10, TimeUnit.SECONDS));
                for (int i = 0; i < CALLS; i++)
                    counter.increment();
                return null;
            }));
        }
        start.countDown();
        for (Future<?> caller : running)
            caller.get(60, TimeUnit.SECONDS);
    }

    @Test
    void callsFromEightThreadsAreSerialisedAndNoUpdateIsLost() throws Exception
    {
        try (WeldContainer weld = Boot.weld(classLoader, Tally.class))
        {
            Tally tally = weld.select(Tally.class).get();
            hammer(tally);
            assertEquals(THREADS * CALLS, tally.count(), "no lost update");
            assertEquals(0, tally.overlaps(), "never two threads inside at once");
            assertSame(webappLock(), tally.heldLock(), "the method runs under the webapp's not-thread-safe lock");
            assertEquals(0, webappLock().getWaiters());
        }
    }

    @Test
    void aClassListedInTheSettingsIsTreatedAsMarked() throws Exception
    {
        TrackedWorkers listing = TestWebapps.INSTANCE.deploy("/listing", Map.of("interlock.webapps.listing.not-thread-safe", Unsafe.class.getName()));
        try (WeldContainer weld = Boot.weld(TestWebapps.INSTANCE.classLoader(listing), Unsafe.class))
        {
            Unsafe unsafe = weld.select(Unsafe.class).get();
            hammer(unsafe);
            assertEquals(THREADS * CALLS, unsafe.count(), "no lost update");
            assertEquals(0, unsafe.overlaps(), "never two threads inside at once");
            assertSame(TestWebapps.INSTANCE.locks(listing).lock(), unsafe.heldLock(), "under the listing webapp's lock");
        }
        finally
        {
            TestWebapps.stop(listing, StopReason.UNDEPLOY, Duration.ofSeconds(5));
        }
    }

    @Test
    void withoutTheMarkerTheSameBeanLosesUpdates() throws Exception
    {
        try (WeldContainer weld = Boot.weld(classLoader, Unsafe.class))
        {
            Unsafe unsafe = weld.select(Unsafe.class).get();
            hammer(unsafe);
            // 8 threads in a 1 ms window: they overlap all the time, and each overlap loses one.
            assertTrue(unsafe.overlaps() > 0, "threads were inside at once: " + unsafe.overlaps());
            assertTrue(unsafe.count() < THREADS * CALLS, "updates were lost: " + unsafe.count() + " of " + THREADS * CALLS);
            assertNull(unsafe.heldLock(), "no lock");
        }
    }

    @Test
    void aCallWaitsWhileARequestHoldsTheWebappsLock() throws Exception
    {
        try (WeldContainer weld = Boot.weld(classLoader, Tally.class))
        {
            Tally tally = weld.select(Tally.class).get();
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            // What a request to a marked servlet (or under application/shared) does: hold the lock.
            Future<?> request = callers.submit(() -> webapp.serialized(() ->
            {
                held.countDown();
                return release.await(10, TimeUnit.SECONDS);
            }));
            assertTrue(held.await(10, TimeUnit.SECONDS));
            Future<Integer> call = callers.submit(tally::increment);
            assertThrows(TimeoutException.class, () -> call.get(300, TimeUnit.MILLISECONDS), "the bean's method waits for the request");
            release.countDown();
            assertEquals(1, call.get(10, TimeUnit.SECONDS));
            assertEquals(true, request.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void theLockIsReentrant() throws Exception
    {
        try (WeldContainer weld = Boot.weld(classLoader, Tally.class, Outer.class))
        {
            Outer outer = weld.select(Outer.class).get();
            // Marked bean -> marked bean, under a lock the caller already holds: no wait.
            int count = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> webapp.serialized(outer::incrementTwice));
            assertEquals(2, count);
            assertEquals(0, webappLock().getWaiters());
        }
    }

    @Test
    void aSubclassInheritsTheMarker() throws Exception
    {
        try (WeldContainer weld = Boot.weld(classLoader, SubTally.class))
        {
            SubTally tally = weld.select(SubTally.class).get();
            assertSame(webappLock(), tally.heldLock());
        }
    }

    @Test
    void eachMarkedBeanClassIsLoggedOnceAtDeployment()
    {
        try (LogCapture log = new LogCapture();
             WeldContainer weld = Boot.weld(classLoader, Tally.class, Outer.class, Unsafe.class))
        {
            assertEquals(List.of(
                "Interlock: CDI bean " + Outer.class.getName() + " of webapp /shop is declared not thread-safe: its business methods run under the own lock of"
                    + " application group /shop in executor group server, strictly (held through I/O), whichever thread calls them",
                "Interlock: CDI bean " + Tally.class.getName() + " of webapp /shop is declared not thread-safe: its business methods run under the own lock of"
                    + " application group /shop in executor group server, strictly (held through I/O), whichever thread calls them"),
                log.warnings());
        }
    }

    @Test
    void theLogNamesTheLockInForce()
    {
        TrackedWorkers locked = TestWebapps.INSTANCE.deploy("/locked", Map.of("interlock.webapps.locked.lock", "application"));
        try (LogCapture log = new LogCapture();
             WeldContainer weld = Boot.weld(TestWebapps.INSTANCE.classLoader(locked), Tally.class))
        {
            assertEquals(List.of("Interlock: CDI bean " + Tally.class.getName() + " of webapp /locked is declared not thread-safe: its business methods run under"
                + " the application lock of application group /locked in executor group server, strictly (held through I/O), whichever thread calls them"),
                log.warnings());
        }
        finally
        {
            TestWebapps.stop(locked, StopReason.UNDEPLOY, Duration.ofSeconds(5));
        }
    }

    @Test
    void withoutTheEngineAMarkedBeanFailsTheDeployment()
    {
        TestWebapps.uninstall();
        DeploymentException e = assertThrows(DeploymentException.class, () -> Boot.weld(classLoader, Tally.class, Unsafe.class).close());
        assertEquals(List.of("Interlock: this webapp declares CDI beans @NotThreadSafe, whose calls only the Interlock engine can serialise, but Interlock is not"
            + " installed in this server: stopping callbacks, tracked workers and settings need the Interlock engine. Declared: " + Tally.class.getName()
            + ". Deploy it on a Jetty server with the Interlock engine: without it these beans would run on several threads at once"), Boot.problems(e));
    }

    /**
     * A counter with a racy read-modify-write: the read and the write are 1 ms apart, so two
     * threads inside at once lose an update. Counts how often a thread found another inside.
     */
    public abstract static class Racy
    {
        private final AtomicInteger inside = new AtomicInteger();
        private final AtomicInteger overlaps = new AtomicInteger();
        private int count;

        public int increment() throws InterruptedException
        {
            if (inside.incrementAndGet() > 1)
                overlaps.incrementAndGet();
            try
            {
                int read = count;
                Thread.sleep(1);
                count = read + 1;
                return count;
            }
            finally
            {
                inside.decrementAndGet();
            }
        }

        public int count()
        {
            return count;
        }

        public int overlaps()
        {
            return overlaps.get();
        }

        /**
         * @return the Interlock lock the calling thread holds inside this method, or null
         */
        public GroupLock heldLock()
        {
            return LockFrame.current().lock();
        }
    }

    @NotThreadSafe
    @ApplicationScoped
    public static class Tally extends Racy
    {
    }

    @ApplicationScoped
    public static class SubTally extends Tally
    {
    }

    @ApplicationScoped
    public static class Unsafe extends Racy
    {
    }

    @NotThreadSafe
    @ApplicationScoped
    public static class Outer
    {
        @Inject
        Tally tally;

        public int incrementTwice() throws InterruptedException
        {
            tally.increment();
            return tally.increment();
        }
    }
}
