package dev.interlock.group;

import java.util.function.Function;

import org.eclipse.jetty.util.Attributes;

/**
 * The decision made once when a request enters a webapp: its application group (and so its
 * lock), and until when the first lock acquisition may wait (what is left of the executor
 * group's queue timeout). Every later dispatch of the request — forward, include, async,
 * error — finds the same decision and runs under the same lock.
 *
 * <p>It travels with the request as an attribute: request attributes are the only state Jetty
 * carries across a request's dispatches and threads in every environment. The key is private;
 * both sides use {@link #attach} and {@link #of}.</p>
 */
public final class Dispatch
{
    private static final String ATTRIBUTE = Dispatch.class.getName();

    private final WebappGroups owner;
    private final Membership membership;
    private final Attributes request;
    // Whether its lock figures are measured: for a request log or a request timeout only.
    private final boolean timed;
    private volatile long queueDeadlineNanos;
    // Sums over the request's dispatches, which follow one another (happens-before through
    // Jetty's hand-offs), so plain fields would do; volatile costs nothing next to a lock.
    private volatile long lockWaitNanos;
    private volatile long lockHoldNanos;
    // The dispatch holding the lock now, for the watchdog on another thread: since when, and
    // how long it waited for it. 0: none holds it.
    private volatile long lockedSinceNanos;
    private volatile long currentWaitNanos;

    private Dispatch(WebappGroups owner, Membership membership, Attributes request, long queueDeadlineNanos, boolean timed)
    {
        this.owner = owner;
        this.membership = membership;
        this.request = request;
        this.timed = timed;
        this.queueDeadlineNanos = queueDeadlineNanos;
    }

    /**
     * Records the decision for a request entering {@code owner}'s webapp.
     *
     * @param request the request's attributes
     * @param owner the webapp instance it entered
     * @param membership the application group chosen for it
     * @param queueDeadlineNanos a {@link System#nanoTime()} deadline from the executor group's
     * queue timeout, or {@link Long#MAX_VALUE} if the request was not queued
     * @param timed whether its lock waits and holds are measured (a request log may write them,
     * or a request timeout reports them); they cost clock reads on every locked dispatch
     * @return the decision
     */
    public static Dispatch attach(Attributes request, WebappGroups owner, Membership membership, long queueDeadlineNanos, boolean timed)
    {
        Dispatch d = new Dispatch(owner, membership, request, queueDeadlineNanos, timed);
        request.setAttribute(ATTRIBUTE, d);
        // Both names exist already: two map entries, no allocation of our own.
        request.setAttribute(RequestLogFields.EXECUTOR_GROUP, membership.domain().getExecutorGroup());
        request.setAttribute(RequestLogFields.APPLICATION_GROUP, membership.domain().getName());
        return d;
    }

    /**
     * The decision for a request of {@code owner}'s webapp: the one made when it entered, or,
     * for code reached without entering (a cross-context dispatch from another webapp, or a
     * webapp whose handler had nothing to decide), the webapp's default application group.
     *
     * @param owner the webapp instance
     * @param request the request's attributes, by name
     * @return the decision
     */
    public static Dispatch of(WebappGroups owner, Function<String, Object> request)
    {
        Object d = request.apply(ATTRIBUTE);
        if (d instanceof Dispatch dispatch && dispatch.owner == owner)
            return dispatch;
        return new Dispatch(owner, owner.defaultMembership(), null, Long.MAX_VALUE, false);
    }

    /**
     * Records how long the request waited for a thread of its executor group, for the request
     * log. Called once, on the group's thread, before the request runs.
     *
     * @param queuedNanos the wait
     */
    public void queued(long queuedNanos)
    {
        if (request != null)
            request.setAttribute(RequestLogFields.QUEUE_TIME, RequestLogFields.micros(queuedNanos));
    }

    /**
     * @return whether this request's lock waits and holds are measured
     */
    public boolean timed()
    {
        return timed;
    }

    /**
     * Records that a dispatch took the lock, for the watchdog; on the dispatch's thread. Nothing
     * unless the request is {@link #timed()}.
     *
     * @param waitNanos how long it waited for it
     */
    public void acquired(long waitNanos)
    {
        if (!timed)
            return;
        currentWaitNanos = waitNanos;
        lockedSinceNanos = System.nanoTime();
    }

    /**
     * @param nowNanos a {@link System#nanoTime()} reading
     * @return how long the request has held its lock so far (a dispatch holding it now counted
     * from when it took it, including the time it may have given it up for I/O)
     */
    public long lockHeldNanos(long nowNanos)
    {
        long since = lockedSinceNanos;
        return lockHoldNanos + (since != 0 ? Math.max(0, nowNanos - since) : 0);
    }

    /**
     * @return how long the request has waited for its lock so far
     */
    public long lockWaitedNanos()
    {
        return lockWaitNanos + (lockedSinceNanos != 0 ? currentWaitNanos : 0);
    }

    /**
     * Adds one dispatch's lock figures, for the request log; on the dispatch's thread, after it
     * let the lock go.
     *
     * @param waitNanos how long it waited for the lock
     * @param holdNanos how long it held it
     */
    public void locked(long waitNanos, long holdNanos)
    {
        lockedSinceNanos = 0;
        if (!timed || request == null)
            return;
        long wait = lockWaitNanos += waitNanos;
        long hold = lockHoldNanos += holdNanos;
        request.setAttribute(RequestLogFields.LOCK_WAIT, RequestLogFields.micros(wait));
        request.setAttribute(RequestLogFields.LOCK_HOLD, RequestLogFields.micros(hold));
    }

    /**
     * Records that Interlock refused the request, for the request log.
     *
     * @param code a {@link RequestLogFields} refusal code
     */
    public void refused(String code)
    {
        if (request != null)
            RequestLogFields.refused(request, code);
    }

    /**
     * @return the application group the request runs in
     */
    public Membership membership()
    {
        return membership;
    }

    /**
     * How long a lock acquisition starting now may wait: the lock timeout, shortened on the
     * first acquisition to what is left of the queue timeout (waiting for the lock counts
     * against it). Reads the clock only for a request that was queued.
     *
     * @return a timeout in nanoseconds, possibly 0 or negative (do not wait)
     */
    public long lockTimeout()
    {
        long lockTimeout = membership.settings().lockTimeoutNanos();
        long byQueue = queueDeadlineNanos;
        if (byQueue == Long.MAX_VALUE)
            return lockTimeout;
        queueDeadlineNanos = Long.MAX_VALUE;
        return Math.min(lockTimeout, byQueue - System.nanoTime());
    }

    @Override
    public String toString()
    {
        return "Dispatch{" + membership + "}";
    }
}
