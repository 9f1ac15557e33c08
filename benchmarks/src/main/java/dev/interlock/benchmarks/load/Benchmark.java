package dev.interlock.benchmarks.load;

import java.util.List;

/**
 * The variants of one benchmark, measured alike. Within a round they run one after the other
 * in an order rotated by the round, so that every ratio between two of them is taken within one
 * round, close in time, and drift touches every variant.
 *
 * @param key the benchmark, as in {@link Cell#benchmark()}
 * @param measurement how each variant is measured in a round
 * @param cells the variants, in the order of round 1
 */
record Benchmark<C extends Cell>(String key, Measurement measurement, List<C> cells)
{
}
