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
    private final String lockName;
    private final Duration retryAfter;

    public LockUnavailableException(String lockName, LockOutcome outcome, Duration retryAfter)
    {
        super(message(lockName, outcome));
        this.lockName = lockName;
        this.outcome = outcome;
        this.retryAfter = retryAfter;
    }

    private static String message(String lockName, LockOutcome outcome)
    {
        return switch (outcome)
        {
            case TIMED_OUT -> "Interlock lock " + lockName + " not acquired within interlock.lock-timeout (or the queue timeout)";
            case TOO_MANY_WAITERS -> "Interlock lock " + lockName + " has interlock.max-lock-waiters waiters already";
            case INTERRUPTED -> "Interrupted while waiting for Interlock lock " + lockName;
            case ACQUIRED -> "Interlock lock " + lockName + " acquired";
        };
    }

    public LockOutcome getOutcome()
    {
        return outcome;
    }

    public String getLockName()
    {
        return lockName;
    }

    public Duration getRetryAfter()
    {
        return retryAfter;
    }

    @Override
    public synchronized Throwable fillInStackTrace()
    {
        return this;
    }
}
