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
    STOPPED
}
