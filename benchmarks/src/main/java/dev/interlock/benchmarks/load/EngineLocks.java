package dev.interlock.benchmarks.load;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.interlock.group.LockDomain;
import dev.interlock.jetty.InterlockServer;
import dev.interlock.lock.GroupLock;
import dev.interlock.metrics.Histogram;

/**
 * The engine's own statistics of one server's locks: the application groups' own locks and the
 * shared locks of their executor groups (the {@code server} group, or the one a cell names).
 * Summed over all of them, so a cell need not know which discipline took which lock.
 */
final class EngineLocks
{
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

    private static Collection<GroupLock> locks(InterlockServer interlock)
    {
        // Several application groups share their executor group's one shared lock: count it once.
        Set<GroupLock> locks = Collections.newSetFromMap(new IdentityHashMap<>());
        if (interlock == null)
            return locks;
        for (LockDomain group : interlock.getApplicationGroups())
        {
            locks.add(group.getOwnLock());
            // Only interlock.lock=shared takes it; under the other disciplines it counts nothing.
            if (group.getSharedLock() != null)
                locks.add(group.getSharedLock());
        }
        locks.remove(null);
        return locks;
    }
}
