package dev.interlock.executor;

/**
 * A unit of work submitted to an {@link ExecutorGroup}: exactly one of {@link #run(long)} or
 * {@link #reject(Rejection)} is called, exactly once.
 */
public interface GroupTask
{
    /**
     * Runs the task on a thread of the group.
     *
     * @param queuedNanos how long the task waited for a thread
     */
    void run(long queuedNanos);

    /**
     * Refuses the task; called on the submitting thread (queue full, stopped) or on the
     * scheduler's thread (queue timeout). Must not block.
     *
     * @param cause why
     */
    void reject(Rejection cause);

    /**
     * @return what the task belongs to, for {@link ExecutorGroup#rejectQueued(Object)} (the
     * webapp instance whose request it is), or {@code null}
     */
    default Object owner()
    {
        return null;
    }
}
