package dev.interlock.metrics;

/**
 * One executor group at one moment. For {@code server}, Jetty's own thread pool: its threads
 * and queue are Jetty's, and no queue time is measured ({@code queueTime} is {@code null}).
 *
 * @param name the group's name
 * @param virtual whether it runs virtual threads
 * @param maxThreads the most tasks running at once
 * @param threads the threads that exist now
 * @param busyThreads the threads running a task now
 * @param utilisation the share of its capacity used over the last sampling interval, 0 to 1
 * (for {@code server}, busy threads over max threads at the last sample)
 * @param queueDepth tasks waiting for a thread now
 * @param queueCapacity the most that may wait; -1 for {@code server}, whose queue is Jetty's
 * @param queueTime how long tasks waited for a thread, or {@code null}
 * @param completed tasks (requests) completed
 * @param rejectedQueueFull 503s because the queue was full
 * @param rejectedQueueTimeout 503s because a task waited longer than the queue timeout
 * @param rejectedDraining 503s because the request's webapp was stopping
 * @param rejectedStopped tasks refused because the group itself was stopping
 */
public record ExecutorGroupMetrics(String name, boolean virtual, int maxThreads, int threads, int busyThreads, double utilisation,
                                   int queueDepth, int queueCapacity, Histogram queueTime, long completed,
                                   long rejectedQueueFull, long rejectedQueueTimeout, long rejectedDraining, long rejectedStopped)
{
}
