package dev.interlock.lock;

/**
 * How an attempt to take a {@link GroupLock} ended.
 */
public enum LockOutcome
{
    /** The caller owns the lock. */
    ACQUIRED,
    /** The deadline ({@code interlock.lock-timeout}, or what is left of the queue timeout) passed. */
    TIMED_OUT,
    /** {@code interlock.max-lock-waiters} threads were already waiting. */
    TOO_MANY_WAITERS,
    /** The waiting thread was interrupted; its interrupt status is set again. */
    INTERRUPTED
}
