package dev.interlock.lock;

import dev.interlock.api.Interlock;
import dev.interlock.api.spi.YieldPoints;

/**
 * What the current thread holds while it runs application code: at most one group lock (a
 * dispatch never holds two, so there is no lock ordering and no deadlock), how often it entered
 * it, and whether the innermost entries are strict (not-thread-safe components, which keep the
 * lock through I/O).
 *
 * <p>All methods act on the calling thread only and are called by the servlet adapters around
 * each entry into application code and at each yield point. The {@link YieldPoints} behind
 * {@link Interlock#blocking} and {@link Interlock#checkpoint()} is {@link #YIELD_POINTS}.</p>
 */
public final class LockFrame
{
    private static final ThreadLocal<LockFrame> FRAME = ThreadLocal.withInitial(LockFrame::new);

    /** The engine's implementation of the application API. */
    public static final YieldPoints YIELD_POINTS = new YieldPoints()
    {
        @Override
        public <T, X extends Throwable> T blocking(Interlock.Section<T, X> section) throws X
        {
            LockFrame frame = FRAME.get();
            int saved = frame.releaseForBlocking();
            T result;
            try
            {
                result = section.call();
            }
            catch (Throwable x)
            {
                // The section's own failure is what the application must see; a lock that cannot
                // be had back rides along with it.
                try
                {
                    frame.resume(saved);
                }
                catch (LockUnavailableException notBack)
                {
                    x.addSuppressed(notBack);
                }
                throw x;
            }
            frame.resume(saved);
            return result;
        }

        @Override
        public void checkpoint()
        {
            FRAME.get().yieldPoint();
        }

        @Override
        public boolean holdsLock()
        {
            LockFrame frame = FRAME.get();
            return frame.lock != null && frame.lock.isHeldByCurrentThread();
        }

        @Override
        public String toString()
        {
            return "Interlock engine yield points";
        }
    };

    /** How an {@link #enter} call changed the frame, to be undone by {@link #exit}. */
    public enum Entry
    {
        /** Another group's lock is held: this entry runs under it and takes nothing. */
        FOREIGN,
        /** The lock was held already: one more hold. */
        REENTERED,
        /** The lock was taken. */
        ACQUIRED
    }

    private GroupLock lock;
    private LockSettings settings;
    private int strict;
    // The dispatch's lock figures, for the request log and the request timeout: read by the
    // layer that took the lock, after its exit. Measured only for a dispatch entered timed (a
    // server with a request log, a request with a timeout): the clock reads would otherwise
    // multiply the cost of an uncontended entry for figures nobody reads.
    private boolean timing;
    private long acquiredAt;
    private long waitNanos;
    private long holdNanos;

    private LockFrame()
    {
    }

    /**
     * @return the calling thread's frame
     */
    public static LockFrame current()
    {
        return FRAME.get();
    }

    /**
     * Enters application code under {@code lock}.
     *
     * @param lock the lock in force for this dispatch
     * @param settings the dispatch's lock options
     * @param strictEntry whether the entered component keeps the lock through I/O
     * @param timeoutNanos how long to wait for the lock at most
     * @return what to pass to {@link #exit}
     * @throws LockUnavailableException if the lock could not be had in time
     */
    public Entry enter(GroupLock lock, LockSettings settings, boolean strictEntry, long timeoutNanos)
    {
        return enter(lock, settings, strictEntry, timeoutNanos, false);
    }

    /**
     * Enters application code under {@code lock}, measuring, if {@code timed}, how long the
     * dispatch waits for and holds the lock ({@link #waitNanos()}, {@link #holdNanos()}).
     *
     * @param lock the lock in force for this dispatch
     * @param settings the dispatch's lock options
     * @param strictEntry whether the entered component keeps the lock through I/O
     * @param timeoutNanos how long to wait for the lock at most
     * @param timed whether to measure the dispatch's lock figures (decided by its first entry)
     * @return what to pass to {@link #exit}
     * @throws LockUnavailableException if the lock could not be had in time
     */
    public Entry enter(GroupLock lock, LockSettings settings, boolean strictEntry, long timeoutNanos, boolean timed)
    {
        if (this.lock != null && this.lock != lock)
        {
            if (strictEntry)
                strict++;
            return Entry.FOREIGN;
        }
        boolean held = this.lock == lock;
        boolean measure = !held && timed;
        long start = measure ? System.nanoTime() : 0;
        LockOutcome outcome = lock.acquire(timeoutNanos, false, settings.maxLockWaiters());
        if (!held)
        {
            timing = timed;
            acquiredAt = measure ? System.nanoTime() : 0;
            waitNanos = acquiredAt - start;
            holdNanos = 0;
        }
        if (outcome != LockOutcome.ACQUIRED)
            throw new LockUnavailableException(lock.getName(), outcome, settings);
        if (!held)
        {
            this.lock = lock;
            this.settings = settings;
        }
        if (strictEntry)
            strict++;
        return held ? Entry.REENTERED : Entry.ACQUIRED;
    }

    /**
     * Leaves what {@link #enter} entered. Always call it, in a {@code finally}.
     *
     * @param entry what {@code enter} returned
     * @param strictEntry what was passed to {@code enter}
     */
    public void exit(Entry entry, boolean strictEntry)
    {
        if (strictEntry)
            strict--;
        if (entry == Entry.FOREIGN)
            return;
        GroupLock l = lock;
        if (l != null)
            l.release();
        if (entry == Entry.ACQUIRED)
        {
            if (timing)
                holdNanos += System.nanoTime() - acquiredAt;
            timing = false;
            lock = null;
            settings = null;
        }
    }

    /**
     * Runs {@code section} strictly under {@code lock}: re-entrant if this thread holds it, under
     * the held lock if this thread holds another (never two at once).
     *
     * @param lock the lock
     * @param settings its options (timeout, waiter bound)
     * @param section the code
     * @param <T> its result type
     * @param <X> the exception it may throw
     * @return what {@code section} returned
     * @throws X what {@code section} threw
     * @throws LockUnavailableException if the lock could not be had in time
     */
    public <T, X extends Throwable> T runStrict(GroupLock lock, LockSettings settings, Interlock.Section<T, X> section) throws X
    {
        Entry entry = enter(lock, settings, true, settings.lockTimeoutNanos());
        try
        {
            return section.call();
        }
        finally
        {
            exit(entry, true);
        }
    }

    /**
     * @return the lock this thread's dispatch runs under, or {@code null}
     */
    public GroupLock lock()
    {
        return lock;
    }

    /**
     * @return how long the calling thread's last acquired dispatch waited for its lock, first
     * acquisition and re-acquisitions; after a refused {@link #enter}, the refused wait
     */
    public long waitNanos()
    {
        return waitNanos;
    }

    /**
     * @return how long the calling thread's last acquired dispatch held its lock, not counting
     * the time it gave it up; complete once {@link #exit} has returned
     */
    public long holdNanos()
    {
        return holdNanos;
    }

    /**
     * Releases the lock before a call that may block, if the discipline allows it.
     *
     * @return what to pass to {@link #resume(int)}
     */
    public int releaseForBlocking()
    {
        GroupLock l = lock;
        if (l == null || strict > 0 || !settings.ioRelease())
            return 0;
        int saved = l.releaseAll();
        if (saved != 0 && timing)
            holdNanos += System.nanoTime() - acquiredAt;
        return saved;
    }

    /**
     * Takes the lock back after {@link #releaseForBlocking()}, ahead of first-time acquirers.
     *
     * @param saved what {@code releaseForBlocking} returned
     * @throws LockUnavailableException if the lock cannot be had within the lock timeout; the
     * thread then does not hold it
     */
    public void resume(int saved)
    {
        if (saved == 0)
            return;
        long start = timing ? System.nanoTime() : 0;
        LockOutcome outcome = lock.reacquire(saved, settings.lockTimeoutNanos(), settings.maxLockWaiters());
        if (timing)
        {
            acquiredAt = System.nanoTime();
            waitNanos += acquiredAt - start;
        }
        if (outcome != LockOutcome.ACQUIRED)
            throw new LockUnavailableException(lock.getName(), outcome, settings);
    }

    /**
     * A yield point that does not block: hands the lock over if a waiter has waited the switch
     * interval. Strict entries never hand over.
     *
     * @throws LockUnavailableException if the lock, once handed over, is not had back in time
     */
    public void yieldPoint()
    {
        GroupLock l = lock;
        if (l == null || strict > 0 || !l.handOverRequested(settings.switchIntervalNanos()) || !l.isHeldByCurrentThread())
            return;
        long start = timing ? System.nanoTime() : 0;
        LockOutcome outcome = l.handOver(settings.lockTimeoutNanos(), settings.maxLockWaiters());
        if (timing)
        {
            long now = System.nanoTime();
            holdNanos += start - acquiredAt;
            waitNanos += now - start;
            acquiredAt = now;
        }
        if (outcome != LockOutcome.ACQUIRED)
            throw new LockUnavailableException(l.getName(), outcome, settings);
    }
}
