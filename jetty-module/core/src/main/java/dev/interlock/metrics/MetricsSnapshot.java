package dev.interlock.metrics;

import java.time.Instant;
import java.util.List;

/**
 * Every group of one server at one moment.
 *
 * @param time when it was taken
 * @param executorGroups the executor groups, {@code server} first
 * @param applicationGroups the application groups in use
 */
public record MetricsSnapshot(Instant time, List<ExecutorGroupMetrics> executorGroups, List<ApplicationGroupMetrics> applicationGroups)
{
    public MetricsSnapshot
    {
        executorGroups = List.copyOf(executorGroups);
        applicationGroups = List.copyOf(applicationGroups);
    }
}
