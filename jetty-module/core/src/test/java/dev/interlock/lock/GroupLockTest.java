package dev.interlock.lock;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class GroupLockTest
{
    private static final long FOREVER = TimeUnit.SECONDS.toNanos(30);
    private final GroupLock lock = new GroupLock("test");
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();

    @AfterEach
    public void noThreadLeftBehind() throws InterruptedException
    {
        for (Thread t : threads)
        {
            t.join(10_000);
            assertFalse(t.isAlive(), t + " still running");
        }
        assertTrue(failures.isEmpty(), failures.toString());
    }

    private Thread spawn(String name, Runnable body)
    {
        Thread t = new Thread(() ->
        {
            try
            {
                body.run();
            }
            catch (Throwable x)
            {
                failures.add(x);
            }
        }, name);
        threads.add(t);
        t.start();
        return t;
    }

    private static long deadline()
    {
        return FOREVER;
    }

    @Test
    public void reentrantAndReleasedByTheLastHold()
    {
        assertEquals(LockOutcome.ACQUIRED, lock.acquire(deadline(), false, 1));
        assertEquals(LockOutcome.ACQUIRED, lock.acquire(deadline(), false, 1));
        assertTrue(lock.release());
        assertTrue(lock.isHeldByCurrentThread());
        assertTrue(lock.release());
        assertNull(lock.getHolder());
        assertFalse(lock.release(), "releasing a lock not held does nothing");
    }

    @Test
    public void waitersAreServedInArrivalOrderWithPriorityForResumers() throws Exception
    {
        lock.acquire(deadline(), false, 64);
        List<String> order = new CopyOnWriteArrayList<>();
        for (String name : List.of("first", "second", "third"))
        {
            int before = lock.getWaiters();
            spawn(name, () ->
            {
                assertEquals(LockOutcome.ACQUIRED, lock.acquire(deadline(), false, 64));
                order.add(name);
                lock.release();
            });
            await().atMost(5, TimeUnit.SECONDS).until(lock::getWaiters, is(before + 1));
        }
        spawn("resumer", () ->
        {
            int saved = 2;
            assertEquals(LockOutcome.ACQUIRED, lock.reacquire(saved, deadline(), 64));
            order.add("resumer");
            lock.release();
            lock.release();
        });
        await().atMost(5, TimeUnit.SECONDS).until(lock::getWaiters, is(4));
        lock.release();
        await().atMost(5, TimeUnit.SECONDS).until(order::size, is(4));
        assertEquals(List.of("resumer", "first", "second", "third"), order);
        // The last one records its turn, then releases.
        await().atMost(5, TimeUnit.SECONDS).until(lock::getHolder, nullValue());
        assertEquals(4, lock.getContendedAcquisitions());
    }

    @Test
    public void waitIsBoundedInTimeAndInWaiters() throws Exception
    {
        lock.acquire(deadline(), false, 1);
        AtomicReference<LockOutcome> timedOut = new AtomicReference<>();
        CountDownLatch waiting = new CountDownLatch(1);
        spawn("patient", () ->
        {
            waiting.countDown();
            // Long enough for the next thread to find it waiting on a slow machine.
            timedOut.set(lock.acquire(TimeUnit.SECONDS.toNanos(5), false, 1));
        });
        assertTrue(waiting.await(5, TimeUnit.SECONDS));
        await().atMost(5, TimeUnit.SECONDS).until(lock::getWaiters, is(1));
        AtomicReference<LockOutcome> refused = new AtomicReference<>();
        spawn("one too many", () -> refused.set(lock.acquire(deadline(), false, 1)));
        await().atMost(5, TimeUnit.SECONDS).until(refused::get, is(LockOutcome.TOO_MANY_WAITERS));
        await().atMost(10, TimeUnit.SECONDS).until(timedOut::get, is(LockOutcome.TIMED_OUT));
        assertEquals(0, lock.getWaiters());
        assertEquals(2, lock.getRefusals());
        assertTrue(lock.isHeldByCurrentThread());
        lock.release();
    }

    @Test
    public void interruptEndsTheWaitAndKeepsTheFlag() throws Exception
    {
        lock.acquire(deadline(), false, 8);
        AtomicReference<String> result = new AtomicReference<>();
        Thread t = spawn("interrupted", () ->
        {
            LockOutcome outcome = lock.acquire(deadline(), false, 8);
            result.set(outcome + " " + Thread.currentThread().isInterrupted());
        });
        await().atMost(5, TimeUnit.SECONDS).until(lock::getWaiters, is(1));
        t.interrupt();
        await().atMost(5, TimeUnit.SECONDS).until(result::get, is("INTERRUPTED true"));
        assertEquals(0, lock.getWaiters());
        lock.release();
    }

    @Test
    public void handOverHappensOnlyAfterTheSwitchIntervalAndRequeuesTheHolderBehindTheWaiter() throws Exception
    {
        lock.acquire(deadline(), false, 8);
        assertFalse(lock.handOverRequested(0), "nobody waits");
        List<String> order = new CopyOnWriteArrayList<>();
        spawn("waiter", () ->
        {
            lock.acquire(deadline(), false, 8);
            order.add("waiter");
            lock.release();
        });
        await().atMost(5, TimeUnit.SECONDS).until(lock::getWaiters, is(1));
        assertFalse(lock.handOverRequested(TimeUnit.HOURS.toNanos(1)), "the waiter has not waited an hour");
        await().atMost(5, TimeUnit.SECONDS).until(() -> lock.handOverRequested(TimeUnit.MILLISECONDS.toNanos(5)));
        assertEquals(LockOutcome.ACQUIRED, lock.handOver(deadline(), 8));
        order.add("holder again");
        assertEquals(List.of("waiter", "holder again"), order);
        assertEquals(1, lock.getHandOvers());
        lock.release();
        assertNull(lock.getHolder());
    }

    @Test
    public void manyThreadsNeverOverlap() throws Exception
    {
        int[] counter = new int[1];
        int threadCount = 8;
        int rounds = 2000;
        for (int i = 0; i < threadCount; i++)
        {
            spawn("worker-" + i, () ->
            {
                for (int r = 0; r < rounds; r++)
                {
                    assertEquals(LockOutcome.ACQUIRED, lock.acquire(deadline(), r % 3 == 0, 64));
                    counter[0]++;
                    lock.release();
                }
            });
        }
        for (Thread t : threads)
            t.join(30_000);
        lock.acquire(deadline(), false, 64);
        assertEquals(threadCount * rounds, counter[0]);
        lock.release();
        assertEquals(0, lock.getWaiters());
    }
}
