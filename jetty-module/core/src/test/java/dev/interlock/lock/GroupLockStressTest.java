package dev.interlock.lock;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link GroupLock} under a randomized load of many more threads than cores: acquisitions with
 * and without deadlines, re-entry, giving the lock up around pretend I/O and taking it back in
 * the priority lane, hand-overs at yield points, exceptions inside the critical section, and
 * interrupts from another thread. An occupancy counter checked inside the critical section must
 * never exceed 1, the counter it guards must match the acquisitions that succeeded, and at the
 * end the lock must be free with nobody queued. Bounded by operation count; a thread that does
 * not finish in time is a lost wake-up or a deadlock, reported with the lock's state.
 *
 * <p>Each thread's random choices come from a seed printed on failure
 * ({@code -Dinterlock.stress.seed=...} replays them).</p>
 */
public class GroupLockStressTest
{
    private static final int OPERATIONS_PER_THREAD = 4000;
    private static final long SEED = Long.getLong("interlock.stress.seed", System.nanoTime());
    private static final Duration FINISH_WITHIN = Duration.ofSeconds(90);

    @Test
    public void platformThreads() throws Exception
    {
        stress(48, Thread::new);
    }

    @Test
    @Tag("virtual-threads")
    @EnabledForJreRange(min = JRE.JAVA_21)
    public void virtualThreads() throws Exception
    {
        stress(400, GroupLockStressTest::virtualThread);
    }

    static Thread virtualThread(Runnable body)
    {
        try
        {
            Method ofVirtual = Thread.class.getMethod("ofVirtual");
            Object builder = ofVirtual.invoke(null);
            Method unstarted = Class.forName("java.lang.Thread$Builder").getMethod("unstarted", Runnable.class);
            return (Thread)unstarted.invoke(builder, body);
        }
        catch (ReflectiveOperationException x)
        {
            throw new AssertionError("no virtual threads on Java " + Runtime.version(), x);
        }
    }

    private void stress(int threadCount, Function<Runnable, Thread> factory) throws Exception
    {
        GroupLock lock = new GroupLock("stress");
        // A short bound, so that hand-off mode and yield-point hand-overs happen often.
        lock.setSwitchInterval(Duration.ofMillis(1));
        AtomicInteger occupancy = new AtomicInteger();
        AtomicLong acquired = new AtomicLong();
        long[] guarded = new long[1];
        List<String> violations = new CopyOnWriteArrayList<>();
        Map<LockOutcome, AtomicLong> outcomes = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();

        for (int t = 0; t < threadCount; t++)
        {
            long seed = SEED + t;
            threads.add(factory.apply(() -> work(lock, new SplittableRandom(seed), occupancy, acquired, guarded, violations, outcomes)));
        }
        // Interrupts a random worker now and then; the workers absorb them.
        Thread chaos = new Thread(() ->
        {
            SplittableRandom random = new SplittableRandom(SEED - 1);
            while (running.get())
            {
                threads.get(random.nextInt(threads.size())).interrupt();
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
            }
        }, "stress-interrupter");
        threads.forEach(Thread::start);
        chaos.start();

        long deadline = System.nanoTime() + FINISH_WITHIN.toNanos();
        for (Thread t : threads)
        {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        running.set(false);
        chaos.join(10_000);
        List<Thread> stuck = threads.stream().filter(Thread::isAlive).toList();
        for (Thread t : stuck)
            t.interrupt();
        assertTrue(stuck.isEmpty(), stuck.size() + " threads did not finish within " + FINISH_WITHIN + " (a lost wake-up or a deadlock); lock "
            + lock + "; seed " + SEED);

        assertTrue(violations.isEmpty(), violations.size() + " violations, first " + violations.stream().limit(3).toList() + "; seed " + SEED);
        assertEquals(acquired.get(), guarded[0], "updates under the lock lost or doubled; seed " + SEED);
        assertNull(lock.getHolder(), "the lock is still held; seed " + SEED);
        assertEquals(0, lock.getWaiters(), "a waiter is still queued; seed " + SEED);
        assertFalse(lock.isHeldByCurrentThread());
        // The load really exercised what it is meant to.
        String seen = outcomes.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
        assertTrue(lock.getContendedAcquisitions() > 0, "no contention: " + lock);
        assertTrue(outcomes.containsKey(LockOutcome.TIMED_OUT) && outcomes.containsKey(LockOutcome.INTERRUPTED), "outcomes seen: " + seen);
    }

    private static void work(GroupLock lock, SplittableRandom random, AtomicInteger occupancy, AtomicLong acquired, long[] guarded,
                             List<String> violations, Map<LockOutcome, AtomicLong> outcomes)
    {
        for (int op = 0; op < OPERATIONS_PER_THREAD; op++)
        {
            // Half without a real deadline, half with one short enough to expire under load.
            long timeout = random.nextBoolean() ? TimeUnit.SECONDS.toNanos(60) : random.nextLong(TimeUnit.MILLISECONDS.toNanos(2));
            LockOutcome outcome = lock.acquire(timeout, random.nextInt(8) == 0, 1024);
            outcomes.computeIfAbsent(outcome, o -> new AtomicLong()).incrementAndGet();
            // An interrupt is either reported or kept; the next operation starts without it.
            Thread.interrupted();
            if (outcome != LockOutcome.ACQUIRED)
            {
                if (lock.isHeldByCurrentThread())
                    violations.add("refused with " + outcome + " but owns the lock");
                continue;
            }
            acquired.incrementAndGet();
            try
            {
                enter(occupancy, violations);
                guarded[0]++;
                int choice = random.nextInt(10);
                if (choice == 0)
                {
                    // Re-entry: the inner release must not free the lock.
                    lock.acquire(timeout, false, 1024);
                    lock.release();
                    if (!lock.isHeldByCurrentThread())
                        violations.add("an inner release freed the lock");
                }
                else if (choice == 1)
                {
                    // Pretend blocking I/O with the lock given up, then the priority lane.
                    leave(occupancy);
                    int saved = lock.releaseAll();
                    LockSupport.parkNanos(random.nextLong(50_000));
                    LockOutcome back = lock.reacquire(saved, timeout, 1024);
                    Thread.interrupted();
                    if (back != LockOutcome.ACQUIRED)
                    {
                        outcomes.computeIfAbsent(back, o -> new AtomicLong()).incrementAndGet();
                        if (lock.isHeldByCurrentThread())
                            violations.add("reacquire refused with " + back + " but owns the lock");
                        continue;
                    }
                    enter(occupancy, violations);
                }
                else if (choice == 2 && lock.handOverRequested(TimeUnit.MILLISECONDS.toNanos(1)))
                {
                    leave(occupancy);
                    LockOutcome back = lock.handOver(TimeUnit.SECONDS.toNanos(60), 1024);
                    Thread.interrupted();
                    if (back != LockOutcome.ACQUIRED)
                    {
                        outcomes.computeIfAbsent(back, o -> new AtomicLong()).incrementAndGet();
                        continue;
                    }
                    enter(occupancy, violations);
                }
                else if (choice == 3)
                {
                    leave(occupancy);
                    throw new IllegalStateException("the application's own failure");
                }
                leave(occupancy);
            }
            catch (IllegalStateException expected)
            {
                // The finally below releases, as the engine's dispatch does.
            }
            finally
            {
                while (lock.isHeldByCurrentThread())
                    lock.release();
            }
        }
    }

    private static void enter(AtomicInteger occupancy, List<String> violations)
    {
        int inside = occupancy.incrementAndGet();
        if (inside != 1)
            violations.add(inside + " threads inside at once");
    }

    private static void leave(AtomicInteger occupancy)
    {
        occupancy.decrementAndGet();
    }
}
