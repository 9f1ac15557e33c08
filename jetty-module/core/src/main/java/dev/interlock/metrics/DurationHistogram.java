package dev.interlock.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongFunction;

/**
 * Counts durations into fixed buckets: one {@link LongAdder} increment and a short scan per
 * duration, no allocation, no lock, so it stays on in production. Bounds are either fixed
 * ({@link #ofBounds}) or multiples of a unit that can be set later ({@link #ofMultiples}), such
 * as a lock's switch interval.
 */
public final class DurationHistogram
{
    private final double[] multiples;
    private final LongFunction<String> labels;
    private final LongAdder[] counts;
    private final LongAdder sum = new LongAdder();
    private volatile long unitNanos;

    private DurationHistogram(double[] multiples, long unitNanos, LongFunction<String> labels)
    {
        this.multiples = multiples.clone();
        this.unitNanos = unitNanos;
        this.labels = labels;
        this.counts = new LongAdder[multiples.length + 1];
        for (int i = 0; i < counts.length; i++)
            counts[i] = new LongAdder();
    }

    /**
     * @param bounds the upper bounds of the buckets, ascending; one more, open, bucket follows
     * @return a histogram with those fixed bounds, labelled {@code <=5ms}
     */
    public static DurationHistogram ofBounds(Duration... bounds)
    {
        double[] nanos = new double[bounds.length];
        for (int i = 0; i < bounds.length; i++)
            nanos[i] = bounds[i].toNanos();
        return new DurationHistogram(nanos, 1, DurationHistogram::format);
    }

    /**
     * @param unit the unit, such as the switch interval
     * @param multiples the upper bounds as multiples of the unit, ascending
     * @return a histogram whose bounds follow the unit, labelled {@code <=2x}
     */
    public static DurationHistogram ofMultiples(Duration unit, double... multiples)
    {
        return new DurationHistogram(multiples, Math.max(1, unit.toNanos()), null);
    }

    /**
     * Changes the unit of a histogram of multiples; durations counted before keep their bucket.
     *
     * @param unit the new unit
     */
    public void unit(Duration unit)
    {
        unitNanos = Math.max(1, unit.toNanos());
    }

    /**
     * @param nanos a duration in nanoseconds
     */
    public void record(long nanos)
    {
        long unit = unitNanos;
        int i = 0;
        while (i < multiples.length && nanos > multiples[i] * unit)
            i++;
        counts[i].increment();
        sum.add(nanos);
    }

    /**
     * @return the counts now
     */
    public Histogram snapshot()
    {
        long unit = unitNanos;
        List<Histogram.Bucket> buckets = new ArrayList<>(counts.length);
        long total = 0;
        for (int i = 0; i < counts.length; i++)
        {
            long c = counts[i].sum();
            total += c;
            if (i < multiples.length)
            {
                Duration upTo = Duration.ofNanos((long)(multiples[i] * unit));
                String label = labels != null ? "<=" + labels.apply(upTo.toNanos()) : "<=" + trim(multiples[i]) + "x";
                buckets.add(new Histogram.Bucket(upTo, label, c));
            }
            else
            {
                String last = labels != null ? ">" + labels.apply((long)multiples[multiples.length - 1]) : ">" + trim(multiples[multiples.length - 1]) + "x";
                buckets.add(new Histogram.Bucket(null, last, c));
            }
        }
        return new Histogram(buckets, total, Duration.ofNanos(sum.sum()));
    }

    private static String trim(double d)
    {
        return d == Math.rint(d) ? Long.toString((long)d) : Double.toString(d);
    }

    private static String format(long nanos)
    {
        if (nanos % 1_000_000_000L == 0)
            return nanos / 1_000_000_000L + "s";
        if (nanos % 1_000_000L == 0)
            return nanos / 1_000_000L + "ms";
        return nanos / 1000 + "us";
    }
}
