package dev.interlock.executor;

/**
 * Why an executor group did not run a task. Every cause ends in a 503 with {@code Retry-After}.
 */
public enum Rejection
{
    /** {@code queue} tasks were waiting already. */
    QUEUE_FULL,
    /** The task waited longer than {@code queue-timeout}. */
    QUEUE_TIMEOUT,
    /** The group is stopping or stopped. */
    STOPPED,
    /** The webapp whose request it is began to stop before a thread took it. */
    DRAINING;

    /**
     * @param executorGroup the group's name
     * @return the reason, for the 503's body and the logs
     */
    public String describe(String executorGroup)
    {
        return switch (this)
        {
            case QUEUE_FULL -> "executor group " + executorGroup + " is full";
            case QUEUE_TIMEOUT -> "waited longer than the queue timeout of executor group " + executorGroup;
            case STOPPED -> "executor group " + executorGroup + " is stopping";
            case DRAINING -> "the webapp is stopping (the request was waiting for a thread of executor group " + executorGroup + ")";
        };
    }
}
