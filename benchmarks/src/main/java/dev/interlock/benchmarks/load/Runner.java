package dev.interlock.benchmarks.load;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Runs a suite: one JIT warm-up pass over its cells (excluded), then its rounds. In each round
 * the benchmarks take turns going first, and the variants within each are rotated, so that
 * drift (other load on the machine, heap growth, CPU frequency) touches every variant and every
 * ratio can be taken within one round.
 */
final class Runner
{
    private Runner()
    {
    }

    static <C extends Cell> Results<C> run(Suite<C> suite, PrintStream log) throws Exception
    {
        String machine = Machine.describe();
        List<String> plan = new ArrayList<>();
        for (Benchmark<C> b : suite.benchmarks())
            plan.add(String.format(Locale.ROOT, "%s (%d variants, %.1f s warm-up + %.1f s measured)", b.key(), b.cells().size(),
                b.measurement().warmupSeconds(), b.measurement().measureSeconds()));
        log.printf(Locale.ROOT, "Interlock load benchmarks, %s: %d rounds of %s; %s%n", suite.name(), suite.rounds(), String.join(", ", plan), machine);

        long t0 = System.nanoTime();
        log.println("JIT warm-up (excluded)...");
        for (C cell : suite.cells())
        {
            if (cell.jitWarmup())
                CellRunner.run(cell, suite.wars(), suite.jitWarmup(), -1, 0, suite.rounds(), log);
        }
        List<CellResult<C>> results = new ArrayList<>();
        for (int round = 0; round < suite.rounds(); round++)
        {
            int position = 0;
            for (Benchmark<C> b : rotated(suite.benchmarks(), round))
            {
                for (C cell : rotated(b.cells(), round))
                    results.add(CellRunner.run(cell, suite.wars(), b.measurement(), round, position++, suite.rounds(), log));
            }
        }
        return new Results<>(suite, results, machine, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0));
    }

    /** @return the list starting {@code round} places further along, wrapping round */
    static <T> List<T> rotated(List<T> list, int round)
    {
        List<T> order = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++)
            order.add(list.get((i + round) % list.size()));
        return order;
    }
}
