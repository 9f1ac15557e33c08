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
    private volatile long queueDeadlineNanos;

    private Dispatch(WebappGroups owner, Membership membership, long queueDeadlineNanos)
    {
        this.owner = owner;
        this.membership = membership;
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
     * @return the decision
     */
    public static Dispatch attach(Attributes request, WebappGroups owner, Membership membership, long queueDeadlineNanos)
    {
        Dispatch d = new Dispatch(owner, membership, queueDeadlineNanos);
        request.setAttribute(ATTRIBUTE, d);
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
        return new Dispatch(owner, owner.defaultMembership(), Long.MAX_VALUE);
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
