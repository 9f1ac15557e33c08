package dev.interlock.lock;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import dev.interlock.metrics.DurationHistogram;
import dev.interlock.metrics.Histogram;

import org.eclipse.jetty.util.annotation.ManagedAttribute;
import org.eclipse.jetty.util.annotation.ManagedObject;
import org.eclipse.jetty.util.component.Dumpable;

/**
 * The lock of an application group ({@code application}) or of an executor group
 * ({@code shared}): a re-entrant, fair lock with direct hand-off, bounded waiting and a
 * priority lane for threads coming back from blocking I/O.
 *
 * <p><b>Fairness.</b> A released lock is handed to the longest waiter of the priority lane, else
 * of the arrival lane; a thread that arrives while others wait queues behind them. Threads
 * re-acquiring after blocking I/O ({@link #acquire(long, boolean, int) resuming = true}) go to
 * the priority lane, and a waiter there asks the holder to hand over at its next yield point
 * without waiting a switch interval; once back, such a thread keeps the lock for one switch
 * interval before a yield point takes it away. So an I/O-bound request pays at most one slice of
 * a CPU-bound holder on entry and one yield point on return (the cure for CPython's convoy
 * effect, Python bug 7946).</p>
 *
 * <p><b>Cost.</b> Uncontended, acquiring is one volatile read and one CAS; releasing is one
 * volatile write and one volatile read. With metrics on, one acquisition in
 * {@value #HOLD_SAMPLE} also reads the clock twice, for its hold time. The queue lock is touched
 * only when someone waits.</p>
 *
 * <p><b>Threads.</b> {@code acquire} may be called from any thread and blocks at most until its
 * deadline; {@link #release()} and the other holder methods must be called by the owner and
 * never block. An interrupt while waiting ends the wait with {@link LockOutcome#INTERRUPTED}
 * and leaves the interrupt status set.</p>
 */
@ManagedObject("An Interlock group lock")
public final class GroupLock implements Dumpable
{
    private final String name;
    private final AtomicReference<Thread> owner = new AtomicReference<>();
    private final ReentrantLock queueLock = new ReentrantLock();
    private final ArrayDeque<Waiter> resuming = new ArrayDeque<>();
    private final ArrayDeque<Waiter> arriving = new ArrayDeque<>();
    // Written under queueLock, read without it by the fast paths and yield checks.
    private volatile int waiters;
    private volatile long headSince;
    // Whether a thread back from blocking I/O waits: it asks for the lock at the holder's next
    // yield point, without waiting a switch interval first.
    private volatile boolean resumerWaiting;
    private static final VarHandle ACQUISITIONS;
    /** One acquisition in this many has its hold time measured (a power of two). */
    static final int HOLD_SAMPLE = 8;
    /** Histogram bounds, in multiples of the switch interval. */
    private static final double[] BUCKETS = {0.5, 1, 2, 4, 8, 16};
    private static final Duration DEFAULT_SWITCH_INTERVAL = Duration.ofMillis(5);

    static
    {
        try
        {
            ACQUISITIONS = MethodHandles.lookup().findVarHandle(GroupLock.class, "acquisitions", long.class);
        }
        catch (ReflectiveOperationException x)
        {
            throw new ExceptionInInitializerError(x);
        }
    }

    // Owner-only state: written only by the thread that holds the lock, so a plain increment
    // published with an opaque write is exact without an atomic instruction.
    private int holds;
    @SuppressWarnings("unused")
    private long acquisitions;
    private final LongAdder contended = new LongAdder();
    private final LongAdder handOvers = new LongAdder();
    private final LongAdder refusals = new LongAdder();
    // Metrics, by multiples of the switch interval: the wait of every contended acquisition
    // (already a slow path), and the hold time of one acquisition in HOLD_SAMPLE, so that the
    // uncontended path reads the clock only that often.
    private final DurationHistogram waits = DurationHistogram.ofMultiples(DEFAULT_SWITCH_INTERVAL, BUCKETS);
    private final DurationHistogram holdTimes = DurationHistogram.ofMultiples(DEFAULT_SWITCH_INTERVAL, BUCKETS);
    private volatile boolean timed = true;
    // Owner-only, like holds: when a sampled hold began (0: not sampled), and when the owner
    // came back from blocking I/O (0: it did not), which earns it a switch interval of its own.
    private long heldSince;
    private long resumedAt;

    /**
     * @param name a name for logs and dumps: {@code application:server:/shop} for the own lock of
     * application group {@code /shop} in executor group {@code server}, {@code shared:server} for
     * the lock its {@code shared} webapps share
     */
    public GroupLock(String name)
    {
        this.name = name;
    }

    @ManagedAttribute(value = "name of the lock", readonly = true)
    public String getName()
    {
        return name;
    }

    /**
     * Takes the lock, waiting at most {@code timeoutNanos}. Re-entrant: a thread that already
     * owns the lock just counts one more hold.
     *
     * @param timeoutNanos how long to wait at most
     * @param resuming whether the caller is coming back from blocking I/O (priority lane)
     * @param maxWaiters the most threads allowed to wait at once; when that many wait already,
     * the call returns {@link LockOutcome#TOO_MANY_WAITERS} without waiting
     * @return {@link LockOutcome#ACQUIRED} if the caller now owns the lock
     */
    public LockOutcome acquire(long timeoutNanos, boolean resuming, int maxWaiters)
    {
        Thread me = Thread.currentThread();
        Thread current = owner.get();
        if (current == me)
        {
            holds++;
            return LockOutcome.ACQUIRED;
        }
        if (current == null && waiters == 0 && owner.compareAndSet(null, me))
        {
            acquired(1);
            return LockOutcome.ACQUIRED;
        }
        return acquireSlow(me, timeoutNanos, resuming, maxWaiters, 1);
    }

    private LockOutcome acquireSlow(Thread me, long timeoutNanos, boolean resume, int maxWaiters, int newHolds)
    {
        Waiter waiter;
        long deadlineNanos;
        queueLock.lock();
        try
        {
            if (waiters == 0 && owner.compareAndSet(null, me))
            {
                acquired(newHolds);
                return LockOutcome.ACQUIRED;
            }
            if (waiters >= maxWaiters)
            {
                refusals.increment();
                return LockOutcome.TOO_MANY_WAITERS;
            }
            long now = System.nanoTime();
            deadlineNanos = now + timeoutNanos;
            waiter = new Waiter(me, now);
            (resume ? resuming : arriving).addLast(waiter);
            waiters++;
            headChanged();
            // T1 (the owner) may have released between our failed CAS and waiters++, reading
            // waiters == 0 and leaving nobody to hand to: if we are at the head, try again.
            // Either we see its release here, or it sees our waiters++ and hands off.
            if (head() == waiter && owner.compareAndSet(null, me))
            {
                dequeue(waiter);
                contended.increment();
                acquired(newHolds);
                if (timed)
                    waits.record(System.nanoTime() - waiter.since);
                return LockOutcome.ACQUIRED;
            }
        }
        finally
        {
            queueLock.unlock();
        }

        boolean interrupted = false;
        while (!waiter.granted)
        {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0)
                break;
            LockSupport.parkNanos(this, left);
            if (Thread.interrupted())
            {
                interrupted = true;
                break;
            }
        }

        if (!waiter.granted)
        {
            queueLock.lock();
            try
            {
                // A grant may race with the timeout: the grant wins, since ownership moved.
                if (!waiter.granted)
                {
                    dequeue(waiter);
                    refusals.increment();
                    if (interrupted)
                        me.interrupt();
                    return interrupted ? LockOutcome.INTERRUPTED : LockOutcome.TIMED_OUT;
                }
            }
            finally
            {
                queueLock.unlock();
            }
        }
        if (interrupted)
            me.interrupt();
        contended.increment();
        acquired(newHolds);
        if (timed)
            waits.record(System.nanoTime() - waiter.since);
        return LockOutcome.ACQUIRED;
    }

    private void acquired(int newHolds)
    {
        holds = newHolds;
        long n = (long)ACQUISITIONS.getOpaque(this) + 1;
        ACQUISITIONS.setOpaque(this, n);
        heldSince = timed && (n & (HOLD_SAMPLE - 1)) == 0 ? System.nanoTime() : 0;
        resumedAt = 0;
    }

    /**
     * Gives up one hold; the last one releases the lock, handing it to the next waiter.
     * A call by a thread that does not own the lock (because it lost it when a re-acquisition
     * failed) does nothing.
     *
     * @return whether the caller held the lock
     */
    public boolean release()
    {
        if (owner.get() != Thread.currentThread())
            return false;
        if (--holds == 0)
            releaseFully();
        return true;
    }

    /**
     * Releases every hold of the calling owner, for the time of a blocking call.
     *
     * @return the holds to give back to {@link #reacquire(int, long, int)}, 0 if the caller
     * did not own the lock
     */
    public int releaseAll()
    {
        if (owner.get() != Thread.currentThread())
            return 0;
        int released = holds;
        holds = 0;
        releaseFully();
        return released;
    }

    /**
     * Takes the lock back after {@link #releaseAll()}, in the priority lane.
     *
     * @param savedHolds what {@code releaseAll} returned
     * @param timeoutNanos how long to wait at most
     * @param maxWaiters the waiter bound
     * @return the outcome; on failure the caller does not own the lock
     */
    public LockOutcome reacquire(int savedHolds, long timeoutNanos, int maxWaiters)
    {
        if (savedHolds == 0)
            return LockOutcome.ACQUIRED;
        Thread me = Thread.currentThread();
        LockOutcome outcome;
        if (waiters == 0 && owner.compareAndSet(null, me))
        {
            acquired(savedHolds);
            outcome = LockOutcome.ACQUIRED;
        }
        else
        {
            outcome = acquireSlow(me, timeoutNanos, true, maxWaiters, savedHolds);
        }
        // Back from blocking I/O: the response it is about to write must not be handed over at
        // its first small write, or it loses the priority lane it just used (the anti-convoy rule).
        if (outcome == LockOutcome.ACQUIRED)
            resumedAt = System.nanoTime();
        return outcome;
    }

    private void releaseFully()
    {
        if (heldSince != 0)
            holdTimes.record(System.nanoTime() - heldSince);
        if (waiters == 0)
        {
            owner.set(null);
            // A waiter may have queued after our read of waiters (see acquireSlow).
            if (waiters == 0)
                return;
            queueLock.lock();
            try
            {
                Waiter next = head();
                if (next != null && owner.compareAndSet(null, next.thread))
                    grant(next);
            }
            finally
            {
                queueLock.unlock();
            }
            return;
        }
        Waiter next;
        queueLock.lock();
        try
        {
            next = head();
            if (next == null)
            {
                owner.set(null);
                return;
            }
            // Direct hand-off: ownership never becomes free while someone waits, so no
            // newcomer can barge in front of the queue.
            owner.set(next.thread);
            grant(next);
        }
        finally
        {
            queueLock.unlock();
        }
    }

    private void grant(Waiter next)
    {
        dequeue(next);
        next.granted = true;
        LockSupport.unpark(next.thread);
    }

    /**
     * Whether the owner should hand over at this yield point: a thread back from blocking I/O
     * waits (the anti-convoy rule: I/O-bound work is not queued behind a CPU-bound slice), or
     * the longest waiter has waited at least {@code switchIntervalNanos}; and the owner, if it
     * came back from blocking I/O itself, has had that long since. A volatile read when nobody
     * waits; safe to call often.
     *
     * @param switchIntervalNanos the switch interval
     * @return whether a hand-over is requested
     */
    public boolean handOverRequested(long switchIntervalNanos)
    {
        if (waiters == 0)
            return false;
        long now = System.nanoTime();
        if (resumedAt != 0 && now - resumedAt < switchIntervalNanos)
            return false;
        return resumerWaiting || now - headSince >= switchIntervalNanos;
    }

    /**
     * Hands the lock to the longest waiter and queues again behind the waiters already there,
     * as CPython's GIL does on a drop request. Must be called by the owner.
     *
     * @param timeoutNanos how long to wait at most for the lock again
     * @param maxWaiters ignored for the re-queue: a holder that yields keeps its place in line
     * @return the outcome of taking the lock back
     */
    public LockOutcome handOver(long timeoutNanos, int maxWaiters)
    {
        Thread me = Thread.currentThread();
        if (owner.get() != me)
            return LockOutcome.ACQUIRED;
        int saved = holds;
        holds = 0;
        handOvers.increment();
        releaseFully();
        return acquireSlow(me, timeoutNanos, false, Integer.MAX_VALUE, saved);
    }

    /**
     * @return whether the calling thread owns the lock
     */
    public boolean isHeldByCurrentThread()
    {
        return owner.get() == Thread.currentThread();
    }

    /**
     * Turns the wait and hold-time histograms on or off ({@code interlock.metrics.enabled}).
     *
     * @param timed whether to time acquisitions
     */
    public void setTimed(boolean timed)
    {
        this.timed = timed;
    }

    /**
     * Sets the unit of the histograms' buckets: the switch interval of the groups using the lock.
     *
     * @param switchInterval the switch interval
     */
    public void setSwitchInterval(Duration switchInterval)
    {
        if (switchInterval.isZero())
            return;
        waits.unit(switchInterval);
        holdTimes.unit(switchInterval);
    }

    /**
     * @return how long contended acquisitions waited, in multiples of the switch interval
     */
    public Histogram getWaitTimes()
    {
        return waits.snapshot();
    }

    /**
     * @return how long the lock was held, one acquisition in {@value #HOLD_SAMPLE} measured,
     * in multiples of the switch interval
     */
    public Histogram getHoldTimes()
    {
        return holdTimes.snapshot();
    }

    @ManagedAttribute("share of acquisitions that had to wait, 0 to 1")
    public double getContentionRatio()
    {
        long all = getAcquisitions();
        return all == 0 ? 0 : (double)contended.sum() / all;
    }

    @ManagedAttribute("name of the thread holding the lock, or null")
    public String getHolder()
    {
        Thread t = owner.get();
        return t == null ? null : t.getName();
    }

    @ManagedAttribute("threads waiting for the lock")
    public int getWaiters()
    {
        return waiters;
    }

    @ManagedAttribute("acquisitions since start")
    public long getAcquisitions()
    {
        return (long)ACQUISITIONS.getOpaque(this);
    }

    @ManagedAttribute("acquisitions that had to wait")
    public long getContendedAcquisitions()
    {
        return contended.sum();
    }

    @ManagedAttribute("hand-overs at yield points")
    public long getHandOvers()
    {
        return handOvers.sum();
    }

    @ManagedAttribute("acquisitions refused: timed out, interrupted or too many waiters")
    public long getRefusals()
    {
        return refusals.sum();
    }

    private Waiter head()
    {
        Waiter w = resuming.peekFirst();
        return w != null ? w : arriving.peekFirst();
    }

    private void dequeue(Waiter waiter)
    {
        if (resuming.remove(waiter) || arriving.remove(waiter))
        {
            waiters--;
            headChanged();
        }
    }

    /** Times the longest waiter: the older of the two lanes' first ones. */
    private void headChanged()
    {
        Waiter r = resuming.peekFirst();
        Waiter a = arriving.peekFirst();
        resumerWaiting = r != null;
        if (r != null && (a == null || r.since - a.since <= 0))
            headSince = r.since;
        else if (a != null)
            headSince = a.since;
    }

    @Override
    public void dump(Appendable out, String indent) throws IOException
    {
        Dumpable.dumpObject(out, this);
    }

    @Override
    public String toString()
    {
        Thread t = owner.get();
        return String.format("GroupLock@%x{%s,holder=%s,waiters=%d,acquisitions=%d,contended=%d,handOvers=%d,refusals=%d}",
            hashCode(), name, t == null ? null : t.getName(), waiters,
            getAcquisitions(), contended.sum(), handOvers.sum(), refusals.sum());
    }

    private static final class Waiter
    {
        private final Thread thread;
        private final long since;
        private volatile boolean granted;

        private Waiter(Thread thread, long since)
        {
            this.thread = thread;
            this.since = since;
        }
    }
}
