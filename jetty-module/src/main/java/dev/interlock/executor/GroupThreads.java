package dev.interlock.executor;

/**
 * Which executor group the current thread is working for, so that work resumed on a thread of
 * the right group (an {@code AsyncContext.start} task started from a group thread, say) is not
 * handed off a second time.
 */
final class GroupThreads
{
    private static final ThreadLocal<ExecutorGroup> CURRENT = new ThreadLocal<>();

    private GroupThreads()
    {
    }

    static ExecutorGroup current()
    {
        return CURRENT.get();
    }

    /** Marks the running thread as the group's for the time of the task. */
    record Marking(ExecutorGroup group, GroupTask task) implements GroupTask
    {
        @Override
        public void run(long queuedNanos)
        {
            ExecutorGroup previous = CURRENT.get();
            CURRENT.set(group);
            try
            {
                task.run(queuedNanos);
            }
            finally
            {
                CURRENT.set(previous);
            }
        }

        @Override
        public void reject(Rejection cause)
        {
            task.reject(cause);
        }
    }
}
