package dev.interlock.lock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A few threads on {@link GroupLock} in strict hand-off (a fairness bound of zero: every release
 * hands the lock to the head), with short critical sections: the shape in which JMH's
 * {@code ContendedLockBenchmark} on Java 25 found a grant lost. A waiter that was not the head
 * when it found the lock free passed the wake-up on, contended for the queue's own lock, and
 * that lock's parking consumed the permit of a grant made meanwhile; the waiter then parked
 * until its deadline while owning the lock, and everybody else timed out behind it. Every
 * acquisition here has a deadline far longer than any fair wait, so a lost grant or wake-up
 * shows as a refused acquisition. Bounded by operation count.
 *
 * <p>It is a stress test, not a proof: the window is a few instructions wide, and on the code
 * before the fix this test failed in one run of four on 2 cores (and JMH's 4-thread cell once
 * in a few seconds on Java 25). {@link GroupLockModelTest}'s scenarios did not reach it in
 * their 1000 interleavings each.</p>
 */
public class GroupLockHandOffLivenessTest
{
    private static final int THREADS = 4;
    private static final int OPERATIONS_PER_THREAD = 40_000;
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(5);

    @Test
    public void platformThreads() throws Exception
    {
        run(Thread::new);
    }

    @Test
    @Tag("virtual-threads")
    @EnabledForJreRange(min = JRE.JAVA_21)
    public void virtualThreads() throws Exception
    {
        run(GroupLockStressTest::virtualThread);
    }

    private static void run(Function<Runnable, Thread> threads) throws Exception
    {
        GroupLock lock = new GroupLock("application:test:/strict");
        lock.setSwitchInterval(Duration.ZERO);
        AtomicLong guarded = new AtomicLong();
        List<String> refused = new CopyOnWriteArrayList<>();
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < THREADS; t++)
        {
            Thread thread = threads.apply(() ->
            {
                for (int i = 0; i < OPERATIONS_PER_THREAD && refused.isEmpty(); i++)
                {
                    spin(400);
                    LockOutcome outcome = lock.acquire(DEADLINE_NANOS, false, Integer.MAX_VALUE);
                    if (outcome != LockOutcome.ACQUIRED)
                    {
                        refused.add(outcome + " after " + i + " operations of " + Thread.currentThread() + ": " + lock);
                        return;
                    }
                    try
                    {
                        // Not atomic on purpose: the lock alone keeps it exact.
                        guarded.set(guarded.get() + 1);
                        spin(100);
                    }
                    finally
                    {
                        lock.release();
                    }
                }
            });
            started.add(thread);
            thread.start();
        }
        for (Thread thread : started)
        {
            thread.join(TimeUnit.MINUTES.toMillis(2));
            assertTrue(!thread.isAlive(), () -> thread + " did not finish: " + lock);
        }
        assertEquals(List.of(), refused, "every acquisition should succeed well within its deadline");
        assertEquals((long)THREADS * OPERATIONS_PER_THREAD, guarded.get());
        assertEquals(null, lock.getHolder());
        assertEquals(0, lock.getWaiters());
    }

    /** Work that the JIT cannot remove, as JMH's {@code Blackhole.consumeCPU} does. */
    private static long sink;

    private static void spin(int tokens)
    {
        long x = sink + tokens;
        for (int i = 0; i < tokens; i++)
            x = x * 6364136223846793005L + 1442695040888963407L;
        sink = x;
    }
}
