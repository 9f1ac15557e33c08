package dev.interlock.group;

import dev.interlock.executor.Rejection;
import dev.interlock.lock.LockOutcome;
import org.eclipse.jetty.util.Attributes;

/**
 * Interlock's figures for one request, as request attributes that Jetty's
 * {@code CustomRequestLog} writes with {@code %{NAME}attr} once the request has completed.
 *
 * <p>Attributes, because they are what every Jetty request log can read after completion with no
 * help from us. They are set only for a webapp whose binding is active (a lock, a named executor
 * group or a not-thread-safe component) and on refusals; a webapp with nothing configured gets
 * none and the log writes {@code -}. Durations are whole microseconds ({@link Long}): the lock's
 * scale is the switch interval (milliseconds), and a sub-millisecond wait must not read 0.</p>
 */
public final class RequestLogFields
{
    /** Microseconds the request waited for a thread of its executor group. */
    public static final String QUEUE_TIME = "interlock.queueTime";
    /** Microseconds the request waited for its lock, over all its dispatches and re-acquisitions. */
    public static final String LOCK_WAIT = "interlock.lockWait";
    /** Microseconds the request held its lock, over all its dispatches (not while released for I/O). */
    public static final String LOCK_HOLD = "interlock.lockHold";
    /** The request's executor group. */
    public static final String EXECUTOR_GROUP = "interlock.executorGroup";
    /** The request's application group. */
    public static final String APPLICATION_GROUP = "interlock.applicationGroup";
    /** Why Interlock answered 503: one of the codes below; absent if it did not. */
    public static final String REFUSED = "interlock.refused";

    /** Interlock's figures in Jetty's {@code CustomRequestLog} syntax, in the order of its README's table. */
    public static final String FORMAT = "%{interlock.executorGroup}attr %{interlock.applicationGroup}attr " +
        "%{interlock.queueTime}attr %{interlock.lockWait}attr %{interlock.lockHold}attr %{interlock.refused}attr";

    /** Jetty's extended NCSA format ({@code CustomRequestLog.EXTENDED_NCSA_FORMAT}) followed by {@link #FORMAT}. */
    public static final String EXTENDED_NCSA_FORMAT = "%{client}a - %u %{dd/MMM/yyyy:HH:mm:ss ZZZ|GMT}t \"%r\" %s %O " +
        "\"%{Referer}i\" \"%{User-Agent}i\" " + FORMAT;

    /** Refusal codes. */
    public static final String QUEUE_FULL = "queue-full";
    public static final String QUEUE_TIMEOUT = "queue-timeout";
    public static final String EXECUTOR_STOPPED = "executor-stopped";
    public static final String DRAINING = "draining";
    public static final String LOCK_TIMEOUT = "lock-timeout";
    public static final String TOO_MANY_WAITERS = "too-many-waiters";
    public static final String INTERRUPTED = "interrupted";

    private RequestLogFields()
    {
    }

    /**
     * @param cause why an executor group did not run the request
     * @return its refusal code
     */
    public static String code(Rejection cause)
    {
        return switch (cause)
        {
            case QUEUE_FULL -> QUEUE_FULL;
            case QUEUE_TIMEOUT -> QUEUE_TIMEOUT;
            case STOPPED -> EXECUTOR_STOPPED;
            case DRAINING -> DRAINING;
        };
    }

    /**
     * @param outcome why a lock was not had
     * @return its refusal code
     */
    public static String code(LockOutcome outcome)
    {
        return switch (outcome)
        {
            case TIMED_OUT -> LOCK_TIMEOUT;
            case TOO_MANY_WAITERS -> TOO_MANY_WAITERS;
            case INTERRUPTED, ACQUIRED -> INTERRUPTED;
        };
    }

    /**
     * Records a refusal; any thread.
     *
     * @param request the request's attributes
     * @param code one of the codes above
     */
    public static void refused(Attributes request, String code)
    {
        request.setAttribute(REFUSED, code);
    }

    /**
     * @param nanos a duration in nanoseconds
     * @return it in whole microseconds, rounded up so that a wait that happened never reads 0
     */
    static Long micros(long nanos)
    {
        return nanos <= 0 ? 0L : (nanos + 999) / 1000;
    }
}
