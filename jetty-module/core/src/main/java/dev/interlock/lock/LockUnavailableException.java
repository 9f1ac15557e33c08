package dev.interlock.lock;

import java.time.Duration;

/**
 * Thrown when a dispatch cannot take, or take back, its lock within its bounds. The servlet
 * layer answers 503 with {@code Retry-After} when the response is not committed yet, and aborts
 * the response otherwise. Carries no stack trace: it is an expected outcome under overload.
 */
public class LockUnavailableException extends IllegalStateException
{
    private final LockOutcome outcome;
    private final Duration retryAfter;

    /**
     * @param lockName the lock's name
     * @param outcome why it was not had
     * @param settings the options the wait ran under, for the message and {@code Retry-After}
     */
    public LockUnavailableException(String lockName, LockOutcome outcome, LockSettings settings)
    {
        super(message(lockName, outcome, settings));
        this.outcome = outcome;
        this.retryAfter = settings.retryAfter();
    }

    private static String message(String lockName, LockOutcome outcome, LockSettings settings)
    {
        return switch (outcome)
        {
            case TIMED_OUT -> "Interlock lock " + lockName + " not acquired within interlock.lock-timeout=" +
                settings.lockTimeout().toMillis() + "ms (or what was left of the queue timeout)";
            case TOO_MANY_WAITERS -> "Interlock lock " + lockName + " already has interlock.max-lock-waiters=" +
                settings.maxLockWaiters() + " waiters";
            case INTERRUPTED -> "Interrupted while waiting for Interlock lock " + lockName;
            case ACQUIRED -> "Interlock lock " + lockName + " acquired";
        };
    }

    public LockOutcome getOutcome()
    {
        return outcome;
    }

    public Duration getRetryAfter()
    {
        return retryAfter;
    }

    /** No stack: the message says what happened; and no monitor, since a virtual thread may throw it. */
    @Override
    public Throwable fillInStackTrace()
    {
        return this;
    }
}
