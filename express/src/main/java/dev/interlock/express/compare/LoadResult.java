package dev.interlock.express.compare;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import org.HdrHistogram.Histogram;

/**
 * What one measured run of the mix against one mount gave. An answer with a 2xx status is a
 * success; any other status is an error answer (redirects are not followed), and a request that
 * got no answer at all (refused, reset, timed out) is a failure.
 *
 * @param elapsedNanos from the first request sent to the last answer received
 * @param calls the counts per call of the mix, in the mix's order
 * @param latencyMicros the latencies of the successes, in microseconds (not to be modified)
 * @param statuses the error answers by status (unmodifiable)
 * @param firstFailure what the first failure was, or {@code null} if there was none
 */
public record LoadResult(long elapsedNanos, List<CallCounts> calls, Histogram latencyMicros, SortedMap<Integer, Long> statuses, String firstFailure)
{
    /**
     * @param call what was sent
     * @param ok its 2xx answers
     * @param non2xx its other answers
     * @param failures its requests that got no answer
     */
    public record CallCounts(Call call, long ok, long non2xx, long failures)
    {
    }

    public LoadResult
    {
        calls = List.copyOf(calls);
        statuses = Collections.unmodifiableSortedMap(new TreeMap<>(statuses));
    }

    /** @return the 2xx answers */
    public long ok()
    {
        return calls.stream().mapToLong(CallCounts::ok).sum();
    }

    /** @return the answers with another status */
    public long non2xx()
    {
        return calls.stream().mapToLong(CallCounts::non2xx).sum();
    }

    /** @return the requests that got no answer */
    public long failures()
    {
        return calls.stream().mapToLong(CallCounts::failures).sum();
    }

    /** @return error answers and failures */
    public long errors()
    {
        return non2xx() + failures();
    }

    /** @return 2xx answers per second */
    public double throughput()
    {
        return elapsedNanos <= 0 ? 0 : ok() * 1e9 / elapsedNanos;
    }

    /** @return the latency of successes at {@code percentile} (0 to 100), in ms; 0 if none */
    public double latencyMs(double percentile)
    {
        return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    /** @return the longest latency of a success, in ms; 0 if none */
    public double maxLatencyMs()
    {
        return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getMaxValue() / 1000.0;
    }
}
