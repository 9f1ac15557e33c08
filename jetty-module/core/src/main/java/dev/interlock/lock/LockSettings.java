package dev.interlock.lock;

import java.time.Duration;
import java.util.Objects;

/**
 * The resolved lock options of one application group: immutable, shared by every dispatch of
 * the group. Built by the engine from the scoped option blocks.
 */
public final class LockSettings
{
    private final LockDiscipline discipline;
    private final Duration switchInterval;
    private final boolean ioRelease;
    private final Duration lockTimeout;
    private final int maxLockWaiters;
    private final Duration retryAfter;
    private final long switchIntervalNanos;
    private final long lockTimeoutNanos;
    private final Duration holdWarning;
    private final Duration requestTimeout;
    private final RequestTimeoutAction requestTimeoutAction;
    private final long requestTimeoutNanos;

    private LockSettings(Builder b)
    {
        this.discipline = b.discipline;
        this.switchInterval = b.switchInterval;
        this.ioRelease = b.ioRelease;
        this.lockTimeout = b.lockTimeout;
        this.maxLockWaiters = b.maxLockWaiters;
        this.retryAfter = b.retryAfter;
        this.switchIntervalNanos = switchInterval.toNanos();
        this.lockTimeoutNanos = lockTimeout.toNanos();
        this.holdWarning = b.holdWarning;
        this.requestTimeout = b.requestTimeout;
        this.requestTimeoutAction = b.requestTimeoutAction;
        this.requestTimeoutNanos = requestTimeout.toNanos();
    }

    /**
     * @return a builder starting from the documented defaults
     */
    public static Builder custom()
    {
        return new Builder();
    }

    /**
     * @return the defaults: {@code free}, 5 ms, I/O release on, 30 s, 64 waiters, 1 s
     */
    public static LockSettings ofDefaults()
    {
        return custom().build();
    }

    public LockDiscipline discipline()
    {
        return discipline;
    }

    public Duration switchInterval()
    {
        return switchInterval;
    }

    public long switchIntervalNanos()
    {
        return switchIntervalNanos;
    }

    public boolean ioRelease()
    {
        return ioRelease;
    }

    public Duration lockTimeout()
    {
        return lockTimeout;
    }

    public long lockTimeoutNanos()
    {
        return lockTimeoutNanos;
    }

    public int maxLockWaiters()
    {
        return maxLockWaiters;
    }

    public Duration retryAfter()
    {
        return retryAfter;
    }

    /**
     * @return how long the lock may be held while others wait before the watchdog warns; zero: never
     */
    public Duration holdWarning()
    {
        return holdWarning;
    }

    /**
     * @return how long a request may run before the watchdog reports it; zero: never
     */
    public Duration requestTimeout()
    {
        return requestTimeout;
    }

    /**
     * @return {@link #requestTimeout()} in nanoseconds; 0: off
     */
    public long requestTimeoutNanos()
    {
        return requestTimeoutNanos;
    }

    public RequestTimeoutAction requestTimeoutAction()
    {
        return requestTimeoutAction;
    }

    @Override
    public String toString()
    {
        return "LockSettings{lock=" + discipline + ", switch-interval=" + switchInterval + ", io-release=" + ioRelease +
            ", lock-timeout=" + lockTimeout + ", max-lock-waiters=" + maxLockWaiters + ", retry-after=" + retryAfter +
            ", hold-warning=" + holdWarning + ", request-timeout=" + requestTimeout + ", request-timeout-action=" + requestTimeoutAction + "}";
    }

    /**
     * Builds {@link LockSettings}; values are validated by the engine's option parser, the
     * builder only rejects what no caller may pass.
     */
    public static final class Builder
    {
        private LockDiscipline discipline = LockDiscipline.FREE;
        private Duration switchInterval = Duration.ofMillis(5);
        private boolean ioRelease = true;
        private Duration lockTimeout = Duration.ofSeconds(30);
        private int maxLockWaiters = 64;
        private Duration retryAfter = Duration.ofSeconds(1);
        private Duration holdWarning = Duration.ofMillis(100);
        private Duration requestTimeout = Duration.ZERO;
        private RequestTimeoutAction requestTimeoutAction = RequestTimeoutAction.REPORT;

        private Builder()
        {
        }

        public Builder discipline(LockDiscipline discipline)
        {
            this.discipline = Objects.requireNonNull(discipline, "lock");
            return this;
        }

        public Builder switchInterval(Duration switchInterval)
        {
            if (switchInterval.isNegative())
                throw new IllegalArgumentException("switch-interval must be >= 0: " + switchInterval);
            this.switchInterval = switchInterval;
            return this;
        }

        public Builder ioRelease(boolean ioRelease)
        {
            this.ioRelease = ioRelease;
            return this;
        }

        public Builder lockTimeout(Duration lockTimeout)
        {
            if (lockTimeout.isNegative() || lockTimeout.isZero())
                throw new IllegalArgumentException("lock-timeout must be > 0: " + lockTimeout);
            this.lockTimeout = lockTimeout;
            return this;
        }

        public Builder maxLockWaiters(int maxLockWaiters)
        {
            if (maxLockWaiters < 1)
                throw new IllegalArgumentException("max-lock-waiters must be >= 1: " + maxLockWaiters);
            this.maxLockWaiters = maxLockWaiters;
            return this;
        }

        public Builder retryAfter(Duration retryAfter)
        {
            if (retryAfter.isNegative())
                throw new IllegalArgumentException("retry-after must be >= 0: " + retryAfter);
            this.retryAfter = retryAfter;
            return this;
        }

        public Builder holdWarning(Duration holdWarning)
        {
            if (holdWarning.isNegative())
                throw new IllegalArgumentException("hold-warning must be >= 0: " + holdWarning);
            this.holdWarning = holdWarning;
            return this;
        }

        public Builder requestTimeout(Duration requestTimeout)
        {
            if (requestTimeout.isNegative())
                throw new IllegalArgumentException("request-timeout must be >= 0: " + requestTimeout);
            this.requestTimeout = requestTimeout;
            return this;
        }

        public Builder requestTimeoutAction(RequestTimeoutAction requestTimeoutAction)
        {
            this.requestTimeoutAction = Objects.requireNonNull(requestTimeoutAction, "request-timeout-action");
            return this;
        }

        public LockSettings build()
        {
            return new LockSettings(this);
        }
    }
}
