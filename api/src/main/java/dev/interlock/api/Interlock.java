package dev.interlock.api;

import dev.interlock.api.spi.YieldPoints;

/**
 * The yield points application code can mark.
 *
 * <p>Under the {@code application} and {@code shared} lock disciplines a request thread holds
 * its group's lock while application code runs. Java gives no hook into JDBC, HTTP clients or
 * file I/O, so a call that waits on something outside the JVM keeps the lock unless it is
 * wrapped in {@link #blocking(Section)}. A long computation that never performs servlet I/O
 * should call {@link #checkpoint()} now and then so that waiters get their turn after the
 * switch interval.</p>
 *
 * <p>Both methods are safe to call from any thread. On a thread that holds no Interlock lock
 * (any thread under the {@code free} discipline, a thread of the application's own, or a JVM
 * where no Interlock engine is installed) {@code blocking} just runs its body and
 * {@code checkpoint} returns at once.</p>
 */
public final class Interlock
{
    private Interlock()
    {
    }

    /**
     * Runs {@code section} with the current thread's lock released, and takes the lock back
     * before returning or throwing.
     *
     * <p>The lock is re-acquired ahead of requests that have not held it yet, at the holder's
     * next yield point, so I/O-bound work is not queued behind CPU-bound work after every wait.
     * Re-acquisition is bounded by
     * {@code interlock.lock-timeout}; if it cannot be had in time an
     * {@link IllegalStateException} is thrown and the lock is not held.</p>
     *
     * <p>Inside a servlet or filter declared not thread-safe the lock is strict and is kept
     * while the section runs.</p>
     *
     * @param section the code that may block
     * @param <T> its result type
     * @param <X> the exception it may throw
     * @return what {@code section} returned
     * @throws X what {@code section} threw
     */
    public static <T, X extends Throwable> T blocking(Section<T, X> section) throws X
    {
        return YieldPoints.current().blocking(section);
    }

    /**
     * Runs {@code section} with the current thread's lock released; see {@link #blocking(Section)}.
     *
     * @param section the code that may block
     * @param <X> the exception it may throw
     * @throws X what {@code section} threw
     */
    public static <X extends Throwable> void blocking(VoidSection<X> section) throws X
    {
        YieldPoints.current().blocking(() ->
        {
            section.run();
            return null;
        });
    }

    /**
     * A yield point: if another request has been waiting for the current thread's lock for at
     * least the switch interval, hands the lock over and queues for it again, behind that waiter.
     * Returns at once otherwise. Never releases a strict lock.
     *
     * @throws IllegalStateException if the lock, once handed over, cannot be re-acquired within
     * {@code interlock.lock-timeout}
     */
    public static void checkpoint()
    {
        YieldPoints.current().checkpoint();
    }

    /**
     * Whether the current thread holds an Interlock lock at this moment.
     *
     * @return {@code true} inside application code running under {@code application},
     * {@code shared} or the not-thread-safe fallback
     */
    public static boolean holdsLock()
    {
        return YieldPoints.current().holdsLock();
    }

    /**
     * Code that may block and returns a value.
     *
     * @param <T> the result type
     * @param <X> the exception type
     */
    @FunctionalInterface
    public interface Section<T, X extends Throwable>
    {
        T call() throws X;
    }

    /**
     * Code that may block and returns nothing.
     *
     * @param <X> the exception type
     */
    @FunctionalInterface
    public interface VoidSection<X extends Throwable>
    {
        void run() throws X;
    }
}
