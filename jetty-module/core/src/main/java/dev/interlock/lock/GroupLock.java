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
 * ({@code shared}): a re-entrant lock with bounded unfairness, bounded waiting and a priority
 * lane for threads coming back from blocking I/O.
 *
 * <p><b>States.</b> The lock is <em>free</em> or <em>held</em> (an owner thread, re-entrant
 * holds counted by the owner alone). Threads that cannot take it queue in two lanes: the
 * priority lane ({@link #reacquire reacquire}, back from blocking I/O) before the arrival lane,
 * each first come first served; the <em>head</em> is the first of the priority lane, else of
 * the arrival lane. The lock is in <em>hand-off mode</em> while the head has waited the
 * fairness bound ({@link #setSwitchInterval the switch interval}, 5 ms by default), else in
 * <em>barging mode</em>.</p>
 *
 * <p><b>Who takes a free lock.</b> In barging mode a thread that has not queued takes a free
 * lock at once, even while others wait, as {@code ReentrantLock(false)} does; a queued thread
 * takes it only as the head. In hand-off mode nobody barges: a release gives the lock directly to
 * the head, which owns it before it even wakes, and newcomers queue. So the lock never lies idle
 * owned by a sleeping thread under short critical sections (the convoy a strictly fair lock
 * makes: every release would wait for a thread to be scheduled), and no waiter is overtaken for
 * longer than the bound: the head parks at most until it has waited the bound, and then turns
 * hand-off mode on.</p>
 *
 * <p><b>Who wakes whom.</b> A release that leaves the lock free while threads wait wakes the
 * head, unless a woken head has not tried yet (then nobody more is woken: one thread at a time
 * comes to take a free lock). The woken head takes the lock if it is still free, else parks
 * again, still the head: the thread that took it wakes it again when it releases. A waiter that
 * leaves the queue (timeout, interrupt) while the lock is free wakes the new head. A hand-off
 * wakes the thread it gives the lock to.</p>
 *
 * <p><b>Yield points.</b> {@link #handOverRequested} asks the owner to hand over at its next
 * yield point once the head has waited the switch interval, or at once when a thread back from
 * blocking I/O waits; {@link #handOver} then gives the lock directly to the head and queues the
 * owner behind the threads already waiting, as CPython's GIL does on a drop request. A thread
 * back from blocking I/O keeps the lock for one switch interval before a yield point takes it
 * away. So an I/O-bound request pays at most one slice of a CPU-bound holder on entry and one
 * yield point on return (the cure for CPython's convoy effect, Python bug 7946).</p>
 *
 * <p><b>Cost.</b> Uncontended, acquiring is one volatile read and one CAS; releasing is one
 * volatile write and one volatile read. With metrics on, one acquisition in
 * {@value #HOLD_SAMPLE} also reads the clock twice, for its hold time. The queue lock is touched
 * only when someone waits.</p>
 *
 * <p><b>Threads.</b> {@code acquire} may be called from any thread and blocks at most until its
 * deadline; {@link #release()} and the other holder methods must be called by the owner and
 * never block. An interrupt while waiting ends the wait with {@link LockOutcome#INTERRUPTED}
 * and leaves the interrupt status set. Parking is {@link LockSupport}'s: a virtual thread
 * waiting here unmounts from its carrier.</p>
 *
 * <p><b>Platform and virtual threads.</b> Every hand-over wakes a thread. For a platform thread
 * that is the kernel's wake-up, placed while the releasing thread still runs, so with as many
 * lock holders as cores the woken one can queue behind another holder while the releaser's
 * core goes idle (two {@code application} webapps on two cores: 0.78 to 0.86 of {@code free}).
 * For a virtual thread it is a continuation queued on the carrier that is about to park, which
 * runs it next (0.99 of {@code free}): locked groups run best on virtual threads.</p>
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
    // The head, the only queued thread that may take a free lock.
    private volatile Waiter first;
    // Hand-off mode: the head has waited fairnessNanos; nobody barges, releases hand it the lock.
    private volatile boolean handOff;
    // A head woken to take the free lock that has not tried yet: nobody else is woken meanwhile.
    private final AtomicReference<Waiter> wakee = new AtomicReference<>();
    private volatile long fairnessNanos = DEFAULT_SWITCH_INTERVAL.toNanos();
    private static final VarHandle ACQUISITIONS;
    /**
     * One acquisition in this many has its hold time measured (a power of two): two clock reads
     * every {@value} acquisitions keep the uncontended path within a nanosecond of the lock
     * without metrics.
     */
    public static final int HOLD_SAMPLE = 32;
    /** Histogram bounds, in multiples of the switch interval. */
    private static final double[] BUCKETS = {0.5, 1, 2, 4, 8, 16};
    private static final Duration DEFAULT_SWITCH_INTERVAL = Duration.ofMillis(5);
    /** A wait at least this long has no deadline: it parks until signalled. */
    static final long FOREVER = Long.MAX_VALUE / 4;
    /** No fairness bound: barging never stops (for the model test of the wake-up protocol). */
    static final long UNBOUNDED = Long.MAX_VALUE;

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
        if (current == null && mayBarge() && owner.compareAndSet(null, me))
        {
            acquired(1);
            return LockOutcome.ACQUIRED;
        }
        return acquireSlow(me, timeoutNanos, resuming, maxWaiters, 1);
    }

    /** Whether a thread that has not queued may take a free lock now. */
    private boolean mayBarge()
    {
        return waiters == 0 || !handOff;
    }

    private LockOutcome acquireSlow(Thread me, long timeoutNanos, boolean resume, int maxWaiters, int newHolds)
    {
        Waiter waiter;
        long deadlineNanos;
        queueLock.lock();
        try
        {
            if (mayBarge() && owner.compareAndSet(null, me))
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
            // No deadline for a wait of FOREVER or more (a test's, or a bug's: never overflows).
            deadlineNanos = timeoutNanos >= FOREVER ? now + Long.MAX_VALUE / 2 : now + timeoutNanos;
            waiter = new Waiter(me, now);
            (resume ? resuming : arriving).addLast(waiter);
            waiters++;
            headChanged();
            // The owner may have released between our failed CAS and waiters++, reading
            // waiters == 0 and waking nobody: the wait below looks at the lock before it parks.
        }
        finally
        {
            queueLock.unlock();
        }

        boolean interrupted = false;
        wait:
        while (true)
        {
            // Both cleared before looking at the lock: a release either sees them cleared and
            // signals this waiter again, or came before, and then the lock is seen free here.
            wakee.compareAndSet(waiter, null);
            waiter.signalled = false;
            if (waiter.granted)
                break;
            if (owner.get() == null)
            {
                if (first == waiter)
                {
                    if (owner.compareAndSet(null, me))
                    {
                        queueLock.lock();
                        try
                        {
                            dequeue(waiter);
                        }
                        finally
                        {
                            queueLock.unlock();
                        }
                        break;
                    }
                }
                else
                {
                    // Woken for a free lock that the head, not this waiter, may take.
                    wakeHead();
                }
            }
            // Asleep until signalled (granted, or woken as the head of a free lock), the
            // deadline, or, for the head, the fairness bound. A wake-up with none of these is
            // spurious and changes nothing, so every wake-up the protocol needs is a signal.
            while (true)
            {
                // Looked at before every park, not only after: passing a wake-up on (above) or
                // turning hand-off mode on takes the queue lock, whose own parking may consume
                // the permit of a signal sent meanwhile, and the park below would then sleep
                // through a grant to the deadline, owning the lock (GroupLockHandOffLivenessTest).
                if (waiter.signalled || waiter.granted)
                    continue wait;
                long now = System.nanoTime();
                long park = deadlineNanos - now;
                if (park <= 0)
                    break wait;
                if (first == waiter && !handOff && fairnessNanos != UNBOUNDED)
                {
                    long starving = waiter.since + fairnessNanos - now;
                    if (starving <= 0)
                    {
                        startHandOff(waiter);
                        continue wait;
                    }
                    park = Math.min(park, starving);
                }
                if (park >= FOREVER)
                    LockSupport.park(this);
                else
                    LockSupport.parkNanos(this, park);
                if (Thread.interrupted())
                {
                    interrupted = true;
                    break wait;
                }
                if (waiter.signalled || waiter.granted)
                    continue wait;
            }
        }

        if (!waiter.granted && owner.get() != me)
        {
            queueLock.lock();
            try
            {
                // A grant may race with the timeout: the grant wins, since ownership moved.
                if (!waiter.granted)
                {
                    dequeue(waiter);
                    refusals.increment();
                    // The lock may be free with nobody woken to take it: this one was.
                    if (owner.get() == null)
                        wakeHeadLocked();
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
        return acquiredAfterWait(waiter, newHolds);
    }

    private LockOutcome acquiredAfterWait(Waiter waiter, int newHolds)
    {
        contended.increment();
        acquired(newHolds);
        if (timed)
            waits.record(System.nanoTime() - waiter.since);
        return LockOutcome.ACQUIRED;
    }

    /** The head has waited the bound: no more barging; the next release hands it the lock. */
    private void startHandOff(Waiter waiter)
    {
        queueLock.lock();
        try
        {
            if (first != waiter || waiter.granted)
                return;
            handOff = true;
            // Freed before the flag was up, with this head not woken: it takes the lock now.
            if (owner.get() == null && owner.compareAndSet(null, waiter.thread))
            {
                dequeue(waiter);
                waiter.granted = true;
            }
        }
        finally
        {
            queueLock.unlock();
        }
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
     * Gives up one hold; the last one releases the lock: frees it and wakes the head, or hands it
     * to the head in hand-off mode (see the class comment).
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
        if (owner.get() == null && mayBarge() && owner.compareAndSet(null, me))
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
        release(false);
    }

    /**
     * Frees the lock, or gives it to the head: in hand-off mode, when the head has waited the
     * fairness bound, or when the owner yields ({@code handOver}).
     */
    private void release(boolean toHead)
    {
        if (heldSince != 0)
            holdTimes.record(System.nanoTime() - heldSince);
        if (waiters == 0)
        {
            owner.set(null);
            // A waiter may have queued after our read of waiters (see acquireSlow).
            if (waiters == 0)
                return;
            wakeHead();
            return;
        }
        Waiter head = first;
        if (toHead || handOff || head != null && fairnessNanos != UNBOUNDED && System.nanoTime() - head.since >= fairnessNanos)
        {
            queueLock.lock();
            try
            {
                Waiter next = head();
                if (next == null)
                {
                    owner.set(null);
                    return;
                }
                // Direct hand-off: ownership never becomes free, so nobody can barge.
                owner.set(next.thread);
                grant(next);
            }
            finally
            {
                queueLock.unlock();
            }
            return;
        }
        owner.set(null);
        if (wakee.get() == null)
            wakeHead();
    }

    /** Wakes the head to take the free lock, unless one woken has not tried yet. */
    private void wakeHead()
    {
        queueLock.lock();
        try
        {
            wakeHeadLocked();
        }
        finally
        {
            queueLock.unlock();
        }
    }

    private void wakeHeadLocked()
    {
        if (wakee.get() != null || owner.get() != null)
            return;
        Waiter next = head();
        if (next == null)
            return;
        wakee.set(next);
        next.signalled = true;
        LockSupport.unpark(next.thread);
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
        release(true);
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
     * Sets the switch interval of the groups using the lock: the fairness bound (how long the
     * head may be overtaken by threads that barge in; zero: never, every release hands the lock
     * to the head) and the unit of the histograms' buckets.
     *
     * @param switchInterval the switch interval
     */
    public void setSwitchInterval(Duration switchInterval)
    {
        fairnessNanos = switchInterval.toNanos();
        if (switchInterval.isZero())
            return;
        waits.unit(switchInterval);
        holdTimes.unit(switchInterval);
    }

    /**
     * Sets the fairness bound alone, {@link #UNBOUNDED} for none.
     *
     * @param nanos the bound
     */
    void fairnessBound(long nanos)
    {
        fairnessNanos = nanos;
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

    /**
     * A read-only look for the watchdog, on any thread: the owner may change right after.
     *
     * @return the thread holding the lock, or {@code null}
     */
    public Thread getOwnerThread()
    {
        return owner.get();
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
            wakee.compareAndSet(waiter, null);
            headChanged();
        }
    }

    /**
     * After the queue changed: the head, whether hand-off mode holds for it, and the longest
     * waiter's time (the older of the two lanes' first ones) for the yield points.
     */
    private void headChanged()
    {
        Waiter r = resuming.peekFirst();
        Waiter a = arriving.peekFirst();
        Waiter head = r != null ? r : a;
        first = head;
        handOff = head != null && fairnessNanos != UNBOUNDED && System.nanoTime() - head.since >= fairnessNanos;
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
        // Set before each unpark the protocol sends it; cleared by the waiter before it looks at the lock.
        private volatile boolean signalled;

        private Waiter(Thread thread, long since)
        {
            this.thread = thread;
            this.since = since;
        }
    }
}
