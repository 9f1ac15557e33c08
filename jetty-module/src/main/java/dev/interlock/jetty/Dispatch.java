package dev.interlock.jetty;

import dev.interlock.engine.GroupBinding;

/**
 * The decision made once when a request enters a webapp: its application group (and so its
 * lock), and until when the first lock acquisition may wait (what is left of the executor
 * group's queue timeout). Kept as a request attribute so that every later dispatch of the
 * request (forward, include, async, error) runs under the same lock.
 */
public final class Dispatch
{
    /** The request attribute holding the {@link Dispatch}. */
    public static final String ATTRIBUTE = Dispatch.class.getName();

    private final ContextBinding owner;
    private final GroupBinding binding;
    private volatile long queueDeadlineNanos;

    Dispatch(ContextBinding owner, GroupBinding binding, long queueDeadlineNanos)
    {
        this.owner = owner;
        this.binding = binding;
        this.queueDeadlineNanos = queueDeadlineNanos;
    }

    /**
     * @return the webapp whose handler made the decision
     */
    public ContextBinding owner()
    {
        return owner;
    }

    public GroupBinding binding()
    {
        return binding;
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
        long lockTimeout = binding.settings().lockTimeoutNanos();
        long byQueue = queueDeadlineNanos;
        if (byQueue == Long.MAX_VALUE)
            return lockTimeout;
        queueDeadlineNanos = Long.MAX_VALUE;
        return Math.min(lockTimeout, byQueue - System.nanoTime());
    }

    /**
     * The dispatch decision for a request of {@code owner}'s webapp: the one its handler made,
     * or, for code reached without that handler (a cross-context dispatch from another webapp,
     * or an inactive handler), the webapp's default application group.
     *
     * @param owner the webapp
     * @param request the request's attribute holder
     * @return the decision
     */
    public static Dispatch of(ContextBinding owner, java.util.function.Function<String, Object> request)
    {
        Object d = request.apply(ATTRIBUTE);
        if (d instanceof Dispatch dispatch && dispatch.owner == owner)
            return dispatch;
        return new Dispatch(owner, owner.getDefaultBinding(), Long.MAX_VALUE);
    }

    @Override
    public String toString()
    {
        return "Dispatch{" + binding + "}";
    }
}
