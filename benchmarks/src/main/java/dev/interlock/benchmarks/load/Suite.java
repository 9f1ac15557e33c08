package dev.interlock.benchmarks.load;

import java.util.ArrayList;
import java.util.List;

/**
 * What one run of the {@link Runner} measures in interleaved rounds, and reports in one set of
 * files.
 *
 * @param name the stem of its results files ({@code overhead}, {@code locks})
 * @param rounds rounds over every cell; each figure is reported over them
 * @param jitWarmup how every cell runs once before round 1, excluded (JIT compilation)
 * @param benchmarks in the order of round 1; each round starts one further along
 * @param wars the sample WARs its cells deploy, or {@code null} if they deploy none
 */
record Suite<C extends Cell>(String name, int rounds, Measurement jitWarmup, List<Benchmark<C>> benchmarks, Wars wars)
{
    /** @return every cell, benchmark by benchmark, in the order of round 1 */
    List<C> cells()
    {
        List<C> cells = new ArrayList<>();
        benchmarks.forEach(b -> cells.addAll(b.cells()));
        return cells;
    }

    Measurement measurementOf(C cell)
    {
        for (Benchmark<C> b : benchmarks)
            if (b.cells().contains(cell))
                return b.measurement();
        throw new IllegalArgumentException(cell.id() + " is not in suite " + name);
    }
}
