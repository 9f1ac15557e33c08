package dev.interlock.benchmarks.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.interlock.group.LockDomain;
import dev.interlock.jetty.InterlockServer;
import dev.interlock.lock.GroupLock;
import dev.interlock.metrics.Histogram;

/**
 * The engine's own statistics of one server's locks: the application groups' own locks and the
 * shared lock of the {@code server} executor group, where every webapp of a benchmark runs.
 * Summed over all of them, so a cell need not know which discipline took which lock.
 */
final class EngineLocks
{
    private static final String SERVER_GROUP = "server";

    private EngineLocks()
    {
    }

    /** @return the counters so far, or zeros without Interlock */
    static LockCounts counts(InterlockServer interlock)
    {
        LockCounts counts = LockCounts.NONE;
        for (GroupLock lock : locks(interlock))
            counts = counts.plus(lock);
        return counts;
    }

    /**
     * @return how long contended acquisitions waited so far: bucket label (in multiples of the
     * switch interval, such as {@code <=2x}) to count; empty without Interlock
     */
    static Map<String, Long> waits(InterlockServer interlock)
    {
        Map<String, Long> waits = new LinkedHashMap<>();
        for (GroupLock lock : locks(interlock))
            for (Histogram.Bucket b : lock.getWaitTimes().buckets())
                waits.merge(b.label(), b.count(), Long::sum);
        return waits;
    }

    private static List<GroupLock> locks(InterlockServer interlock)
    {
        List<GroupLock> locks = new ArrayList<>();
        if (interlock == null)
            return locks;
        for (LockDomain group : interlock.getApplicationGroups())
            locks.add(group.getOwnLock());
        // Only interlock.lock=shared takes it; under the other disciplines it counts nothing.
        locks.add(interlock.getSharedLock(SERVER_GROUP));
        locks.removeIf(lock -> lock == null);
        return locks;
    }
}
