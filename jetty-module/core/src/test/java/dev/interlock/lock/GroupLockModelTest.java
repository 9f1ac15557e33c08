package dev.interlock.lock;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.jetbrains.lincheck.Lincheck;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link GroupLock} under Lincheck's model checker, which runs each scenario many times, each
 * time under another interleaving of its threads (switching at every shared read, write, CAS,
 * park and unpark), and reports the interleaving that breaks an assertion or leaves threads
 * unable to finish.
 *
 * <p>What each scenario checks: mutual exclusion (a plain counter, read and written in two steps
 * under the lock, loses no update), the lock left free with nobody queued, and the promise of
 * the outcome (a refused thread does not own the lock, an interrupted one keeps its flag). Most
 * scenarios wait without a deadline and without a fairness bound, so that no timer can hide a
 * lost wake-up: the lock's waiters ignore wake-ups they were not sent, so a wake-up the
 * protocol forgets leaves a thread parked for good, which Lincheck reports.</p>
 */
public class GroupLockModelTest
{
    private static final int INVOCATIONS = Integer.getInteger("interlock.lincheck.invocations", 1000);
    private static final long NO_DEADLINE = GroupLock.FOREVER;
    private static final int MAX_WAITERS = 8;

    /** What the threads of one scenario share: the lock and what it guards. */
    private static final class Shared
    {
        final GroupLock lock = new GroupLock("model");
        int counter;
        int inside;

        Shared(long fairnessNanos)
        {
            lock.fairnessBound(fairnessNanos);
        }

        /** The critical section: asserts that nobody else is inside, and counts. */
        void critical()
        {
            if (inside++ != 0)
                throw new AssertionError("two threads hold the lock");
            int v = counter;
            counter = v + 1;
            inside--;
        }

        void acquire()
        {
            LockOutcome outcome = lock.acquire(NO_DEADLINE, false, MAX_WAITERS);
            if (outcome != LockOutcome.ACQUIRED)
                throw new AssertionError("acquire without a deadline returned " + outcome);
        }

        void locked()
        {
            acquire();
            critical();
            lock.release();
        }

        void assertClean(int expected)
        {
            assertEquals(expected, counter, "updates lost or made twice");
            assertNull(lock.getHolder(), "the lock is still held");
            assertEquals(0, lock.getWaiters(), "a waiter is still queued");
        }
    }

    private static void run(Runnable... bodies)
    {
        List<Thread> threads = new ArrayList<>();
        for (int i = 1; i < bodies.length; i++)
        {
            Thread t = new Thread(bodies[i]);
            threads.add(t);
            t.start();
        }
        bodies[0].run();
        for (Thread t : threads)
        {
            try
            {
                t.join();
            }
            catch (InterruptedException x)
            {
                throw new AssertionError(x);
            }
        }
    }

    @Test
    public void bargingThreadsExcludeAndNoWakeUpIsLost()
    {
        Lincheck.runConcurrentTest(INVOCATIONS, () ->
        {
            Shared s = new Shared(GroupLock.UNBOUNDED);
            run(s::locked, s::locked, s::locked);
            s.assertClean(3);
        });
    }

    @Test
    public void directHandOffExcludesAndNoWakeUpIsLost()
    {
        // A fairness bound of zero: hand-off mode from the first wait, every release hands over.
        Lincheck.runConcurrentTest(INVOCATIONS, () ->
        {
            Shared s = new Shared(0);
            run(s::locked, s::locked, s::locked);
            s.assertClean(3);
        });
    }

    @Test
    public void reacquiringAfterIoInThePriorityLane()
    {
        Lincheck.runConcurrentTest(INVOCATIONS, () ->
        {
            Shared s = new Shared(GroupLock.UNBOUNDED);
            Runnable io = () ->
            {
                s.acquire();
                s.critical();
                int saved = s.lock.releaseAll();
                assertEquals(1, saved);
                assertEquals(LockOutcome.ACQUIRED, s.lock.reacquire(saved, NO_DEADLINE, MAX_WAITERS));
                s.critical();
                s.lock.release();
            };
            run(io, s::locked, s::locked);
            s.assertClean(4);
        });
    }

    @Test
    public void aWakeUpIsPassedOnToAResumerThatQueuedAhead()
    {
        // The resumer's release wakes the waiter; a barger takes the lock; the resumer queues
        // ahead of the woken waiter, which must pass the wake-up on.
        Lincheck.runConcurrentTest(INVOCATIONS, () ->
        {
            Shared s = new Shared(GroupLock.UNBOUNDED);
            Runnable resumer = () ->
            {
                s.acquire();
                int saved = s.lock.releaseAll();
                assertEquals(LockOutcome.ACQUIRED, s.lock.reacquire(saved, NO_DEADLINE, MAX_WAITERS));
                s.lock.release();
            };
            Runnable plain = () ->
            {
                s.acquire();
                s.lock.release();
            };
            run(resumer, plain, plain);
            s.assertClean(0);
        });
    }

    @Test
    public void handOverAtAYieldPoint()
    {
        Lincheck.runConcurrentTest(INVOCATIONS, () ->
        {
            Shared s = new Shared(GroupLock.UNBOUNDED);
            Runnable yielding = () ->
            {
                s.acquire();
                s.critical();
                // A switch interval of zero: hand over as soon as anyone waits.
                if (s.lock.handOverRequested(0))
                    assertEquals(LockOutcome.ACQUIRED, s.lock.handOver(NO_DEADLINE, MAX_WAITERS));
                assertTrue(s.lock.isHeldByCurrentThread());
                s.critical();
                s.lock.release();
            };
            run(yielding, s::locked, s::locked);
            s.assertClean(4);
        });
    }

    @Test
    public void reentrantHoldsReleaseOnlyAtTheLast()
    {
        Lincheck.runConcurrentTest(INVOCATIONS, () ->
        {
            Shared s = new Shared(GroupLock.UNBOUNDED);
            Runnable twice = () ->
            {
                s.acquire();
                s.acquire();
                s.critical();
                s.lock.release();
                assertTrue(s.lock.isHeldByCurrentThread(), "released by the first of two holds");
                s.critical();
                s.lock.release();
            };
            run(twice, s::locked);
            s.assertClean(3);
        });
    }

    @Test
    public void aTimeoutRacingAHandOffLeavesNothingBehind()
    {
        Lincheck.runConcurrentTest(INVOCATIONS, () ->
        {
            Shared s = new Shared(0);
            int[] acquired = new int[1];
            Runnable impatient = () ->
            {
                // Times out as soon as it has to wait; or it is handed the lock first.
                LockOutcome outcome = s.lock.acquire(1, false, MAX_WAITERS);
                if (outcome == LockOutcome.ACQUIRED)
                {
                    s.critical();
                    acquired[0]++;
                    s.lock.release();
                }
                else
                {
                    assertEquals(LockOutcome.TIMED_OUT, outcome);
                    assertTrue(!s.lock.isHeldByCurrentThread(), "a refused thread owns the lock");
                }
            };
            run(s::locked, impatient, s::locked);
            s.assertClean(2 + acquired[0]);
        });
    }

    @Test
    public void anInterruptRacingAHandOffKeepsTheFlag()
    {
        Lincheck.runConcurrentTest(INVOCATIONS, () ->
        {
            Shared s = new Shared(GroupLock.UNBOUNDED);
            AtomicReference<LockOutcome> outcome = new AtomicReference<>();
            int[] acquired = new int[1];
            Thread waiter = new Thread(() ->
            {
                LockOutcome o = s.lock.acquire(NO_DEADLINE, false, MAX_WAITERS);
                outcome.set(o);
                if (o == LockOutcome.ACQUIRED)
                {
                    s.critical();
                    acquired[0]++;
                    s.lock.release();
                }
                // Either way the interrupt is not swallowed: a refusal says why, an acquisition keeps the flag.
                if (!Thread.currentThread().isInterrupted())
                    throw new AssertionError(o + " and the interrupt flag lost");
            });
            s.acquire();
            waiter.start();
            waiter.interrupt();
            s.critical();
            s.lock.release();
            s.locked();
            try
            {
                waiter.join();
            }
            catch (InterruptedException x)
            {
                throw new AssertionError(x);
            }
            s.assertClean(2 + acquired[0]);
        });
    }

    @Test
    public void queuedThreadsAreServedInOrder()
    {
        Lincheck.runConcurrentTest(INVOCATIONS, () ->
        {
            Shared s = new Shared(GroupLock.UNBOUNDED);
            List<String> order = new ArrayList<>();
            s.acquire();
            Thread first = new Thread(() ->
            {
                s.acquire();
                order.add("first");
                s.lock.release();
            });
            first.start();
            while (s.lock.getWaiters() < 1)
                Thread.yield();
            Thread second = new Thread(() ->
            {
                s.acquire();
                order.add("second");
                s.lock.release();
            });
            second.start();
            while (s.lock.getWaiters() < 2)
                Thread.yield();
            s.lock.release();
            try
            {
                first.join();
                second.join();
            }
            catch (InterruptedException x)
            {
                throw new AssertionError(x);
            }
            assertEquals(List.of("first", "second"), order);
            s.assertClean(0);
        });
    }
}
