package dev.interlock.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A webapp is stopping: its requests have drained (or the drain timed out), its beans and
 * resources are still usable, its tracked workers are about to be stopped. Given to every
 * {@link StoppingCallback}, and fired as a CDI event by the CDI extension.
 *
 * <p>One deadline covers the whole stopping sequence ({@code interlock.drain-timeout}). Java
 * cannot stop a callback that overruns it: an overrunning callback delays the teardown and eats
 * the workers' share of the budget, so keep within {@link #remaining()}.</p>
 */
public final class Stopping
{
    private final String contextPath;
    private final StopReason reason;
    private final Instant deadline;

    private Stopping(String contextPath, StopReason reason, Instant deadline)
    {
        this.contextPath = Objects.requireNonNull(contextPath, "contextPath");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
    }

    /**
     * @param contextPath the stopping webapp's context path
     * @param reason why
     * @param deadline when the whole stopping sequence must be over
     * @return the event
     */
    public static Stopping of(String contextPath, StopReason reason, Instant deadline)
    {
        return new Stopping(contextPath, reason, deadline);
    }

    public String contextPath()
    {
        return contextPath;
    }

    public StopReason reason()
    {
        return reason;
    }

    /**
     * @return when the stopping sequence must be over; workers still running then are
     * interrupted and reported
     */
    public Instant deadline()
    {
        return deadline;
    }

    /**
     * @return the time left until {@link #deadline()}, never negative
     */
    public Duration remaining()
    {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    @Override
    public String toString()
    {
        return "Stopping{" + contextPath + ", " + reason + ", deadline=" + deadline + "}";
    }
}
