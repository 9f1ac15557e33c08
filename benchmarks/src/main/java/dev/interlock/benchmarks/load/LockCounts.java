package dev.interlock.benchmarks.load;

import dev.interlock.lock.GroupLock;

/**
 * What the engine's locks counted, summed over every lock of one server.
 *
 * @param contended acquisitions that had to wait
 * @param handOvers releases that handed the lock straight to a waiter
 */
record LockCounts(long acquisitions, long contended, long handOvers)
{
    static final LockCounts NONE = new LockCounts(0, 0, 0);

    LockCounts plus(GroupLock lock)
    {
        return new LockCounts(acquisitions + lock.getAcquisitions(), contended + lock.getContendedAcquisitions(),
            handOvers + lock.getHandOvers());
    }

    /** @return what was counted since {@code earlier} */
    LockCounts since(LockCounts earlier)
    {
        return new LockCounts(acquisitions - earlier.acquisitions, contended - earlier.contended, handOvers - earlier.handOvers);
    }
}
