package dev.interlock.benchmarks.load;

import java.util.List;

/**
 * The spread of one figure over the rounds: the smallest, median and largest of its per-round
 * values. Targets are judged on the median, so that one disturbed round cannot decide a verdict.
 *
 * @param n how many values (rounds) it summarises
 */
record Stats(double min, double median, double max, int n)
{
    static Stats of(List<Double> values)
    {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0)
            return new Stats(Double.NaN, Double.NaN, Double.NaN, 0);
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return new Stats(v[0], median, v[v.length - 1], v.length);
    }
}
