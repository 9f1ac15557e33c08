package dev.interlock.executor;

import java.time.Duration;
import java.util.Objects;

/**
 * The pool settings of a named executor group ({@code interlock.executor-groups.G.*}):
 * immutable, built with {@link #custom()}.
 */
public final class ExecutorGroupConfig
{
    public static final int DEFAULT_THREADS = 16;
    public static final int DEFAULT_QUEUE = 256;
    public static final Duration DEFAULT_QUEUE_TIMEOUT = Duration.ofSeconds(30);

    private final int threads;
    private final int queue;
    private final Duration queueTimeout;
    private final boolean virtual;

    private ExecutorGroupConfig(Builder b)
    {
        this.threads = b.threads;
        this.queue = b.queue;
        this.queueTimeout = b.queueTimeout;
        this.virtual = b.virtual;
    }

    public static Builder custom()
    {
        return new Builder();
    }

    public static ExecutorGroupConfig ofDefaults()
    {
        return custom().build();
    }

    /**
     * @return the most requests the group runs at once (its platform threads, or the most
     * virtual threads it runs at once)
     */
    public int threads()
    {
        return threads;
    }

    /**
     * @return the most requests that may wait for a thread; 0 means none wait
     */
    public int queue()
    {
        return queue;
    }

    public Duration queueTimeout()
    {
        return queueTimeout;
    }

    /**
     * @return whether virtual threads were asked for (honoured on Java 21+ only)
     */
    public boolean virtual()
    {
        return virtual;
    }

    @Override
    public String toString()
    {
        return "threads=" + threads + ", queue=" + queue + ", queue-timeout=" + queueTimeout + ", virtual=" + virtual;
    }

    public static final class Builder
    {
        private int threads = DEFAULT_THREADS;
        private int queue = DEFAULT_QUEUE;
        private Duration queueTimeout = DEFAULT_QUEUE_TIMEOUT;
        private boolean virtual;

        private Builder()
        {
        }

        public Builder threads(int threads)
        {
            if (threads < 1)
                throw new IllegalArgumentException("threads must be an integer >= 1, was " + threads);
            this.threads = threads;
            return this;
        }

        public Builder queue(int queue)
        {
            if (queue < 0)
                throw new IllegalArgumentException("queue must be an integer >= 0, was " + queue);
            this.queue = queue;
            return this;
        }

        public Builder queueTimeout(Duration queueTimeout)
        {
            Objects.requireNonNull(queueTimeout, "queueTimeout");
            if (queueTimeout.isNegative() || queueTimeout.isZero())
                throw new IllegalArgumentException("queue-timeout must be a duration > 0, was " + queueTimeout);
            this.queueTimeout = queueTimeout;
            return this;
        }

        public Builder virtual(boolean virtual)
        {
            this.virtual = virtual;
            return this;
        }

        public ExecutorGroupConfig build()
        {
            return new ExecutorGroupConfig(this);
        }
    }
}
