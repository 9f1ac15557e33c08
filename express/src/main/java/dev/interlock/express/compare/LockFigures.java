package dev.interlock.express.compare;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import dev.interlock.metrics.ApplicationGroupMetrics;
import dev.interlock.metrics.MetricsSnapshot;

/**
 * What the lock of one executor group's application groups did over a run: the difference of
 * the engine's counters ({@code InterlockServer.getMetrics().snapshot()}) before and after. The
 * lock in force is the application group's own under {@code application}, and for components
 * declared not thread-safe under {@code free}; the executor group's shared lock under
 * {@code shared}. A lock used by several application groups is counted once.
 *
 * @param locks the names of the locks counted, comma-separated; empty if none was used
 * @param acquisitions acquisitions, re-acquisitions after blocking I/O included
 * @param contended acquisitions that had to wait
 * @param handOvers hand-overs at yield points (a waiter waited a switch interval)
 * @param refusals acquisitions refused with a 503 (lock timeout, too many waiters)
 */
public record LockFigures(String locks, long acquisitions, long contended, long handOvers, long refusals)
{
    /**
     * @return the share of acquisitions that had to wait, 0 to 1; {@code null} if the lock was
     * never taken (under {@code free}, nothing declared not thread-safe)
     */
    public Double contention()
    {
        return acquisitions == 0 ? null : (double)contended / acquisitions;
    }

    /**
     * @param executorGroup the executor group whose application groups' locks are counted
     * @return what happened between the two snapshots
     */
    public static LockFigures between(MetricsSnapshot before, MetricsSnapshot after, String executorGroup)
    {
        Map<String, ApplicationGroupMetrics> start = locks(before, executorGroup);
        Map<String, ApplicationGroupMetrics> end = locks(after, executorGroup);
        long acquisitions = 0;
        long contended = 0;
        long handOvers = 0;
        long refusals = 0;
        for (ApplicationGroupMetrics e : end.values())
        {
            ApplicationGroupMetrics s = start.get(e.lock());
            acquisitions += e.acquisitions() - (s == null ? 0 : s.acquisitions());
            contended += e.contendedAcquisitions() - (s == null ? 0 : s.contendedAcquisitions());
            handOvers += e.handOvers() - (s == null ? 0 : s.handOvers());
            refusals += e.refusals() - (s == null ? 0 : s.refusals());
        }
        String names = acquisitions == 0 && refusals == 0 ? "" : String.join(", ", end.keySet());
        return new LockFigures(names, acquisitions, contended, handOvers, refusals);
    }

    /** @return the application groups of an executor group, one per lock they use, by lock name */
    private static Map<String, ApplicationGroupMetrics> locks(MetricsSnapshot snapshot, String executorGroup)
    {
        return snapshot.applicationGroups().stream()
            .filter(a -> a.executorGroup().equals(executorGroup))
            .collect(Collectors.toMap(ApplicationGroupMetrics::lock, a -> a, (a, b) -> a, LinkedHashMap::new));
    }
}
