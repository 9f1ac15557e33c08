package dev.interlock.metrics;

import java.time.Duration;
import java.util.List;

/**
 * Durations counted into fixed buckets, as read at one moment. Immutable.
 *
 * @param buckets the buckets, by ascending upper bound; the last one has none
 * @param count how many durations were counted
 * @param sum their sum
 */
public record Histogram(List<Bucket> buckets, long count, Duration sum)
{
    public Histogram
    {
        buckets = List.copyOf(buckets);
    }

    /**
     * One bucket: the durations up to {@code upTo} (inclusive) and above the previous bucket's.
     *
     * @param upTo the upper bound, or {@code null} for the last, open bucket
     * @param label a short label for people, such as {@code <=2x} (times the switch interval)
     * or {@code <=5ms}
     * @param count how many durations fell into it
     */
    public record Bucket(Duration upTo, String label, long count)
    {
    }
}
