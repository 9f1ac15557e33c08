package it.shared;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Occupancy counters shared by webapps of one Jetty process: installed in the jetty-base's
 * {@code lib/ext}, so every webapp sees the same class (outside {@code dev.interlock.}, which
 * Interlock hides from webapps).
 */
public final class Occupancy
{
    private static final Map<String, AtomicInteger[]> COUNTERS = new ConcurrentHashMap<>();

    private Occupancy()
    {
    }

    /**
     * Records one request inside application code for {@code key}; waits up to {@code meetMillis}
     * for the maximum to reach 2, then leaves.
     *
     * @return the maximum so far
     */
    public static int visit(String key, long meetMillis)
    {
        AtomicInteger[] c = COUNTERS.computeIfAbsent(key, k -> new AtomicInteger[]{new AtomicInteger(), new AtomicInteger()});
        int now = c[0].incrementAndGet();
        c[1].accumulateAndGet(now, Math::max);
        try
        {
            long deadline = System.nanoTime() + meetMillis * 1_000_000L;
            while (c[1].get() < 2 && System.nanoTime() < deadline)
                Thread.onSpinWait();
            return c[1].get();
        }
        finally
        {
            c[0].decrementAndGet();
        }
    }

    /**
     * @return the most requests seen inside at once for {@code key}
     */
    public static int max(String key)
    {
        AtomicInteger[] c = COUNTERS.get(key);
        return c == null ? 0 : c[1].get();
    }
}
