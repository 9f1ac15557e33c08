package dev.interlock.benchmarks.load;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import org.HdrHistogram.Histogram;

/**
 * Everything one run of a suite measured, and the per-round views its figures are made of.
 *
 * @param all every cell's result of every round, in the order they ran (JIT warm-up excluded)
 * @param machine cores, JVM, OS and heap
 * @param seconds how long the run took, JIT warm-up included
 */
record Results<C extends Cell>(Suite<C> suite, List<CellResult<C>> all, String machine, long seconds)
{
    int rounds()
    {
        return suite.rounds();
    }

    CellResult<C> get(int round, C cell)
    {
        for (CellResult<C> r : all)
            if (r.round() == round && r.cell().equals(cell))
                return r;
        throw new IllegalStateException("missing " + cell.id() + " in round " + round);
    }

    /** @return the cell's results, in round order */
    List<CellResult<C>> of(C cell)
    {
        return all.stream().filter(r -> r.cell().equals(cell)).toList();
    }

    /** @return the value of the cell's result in each round, in round order */
    List<Double> perRound(C cell, ToDoubleFunction<CellResult<C>> value)
    {
        List<Double> values = new ArrayList<>();
        for (int round = 0; round < rounds(); round++)
            values.add(value.applyAsDouble(get(round, cell)));
        return values;
    }

    /** @return in each round, the value of {@code numerator} over that of {@code denominator} in the same round */
    List<Double> ratio(C numerator, C denominator, ToDoubleFunction<CellResult<C>> value)
    {
        List<Double> values = new ArrayList<>();
        for (int round = 0; round < rounds(); round++)
            values.add(value.applyAsDouble(get(round, numerator)) / value.applyAsDouble(get(round, denominator)));
        return values;
    }

    /** @return the latencies of one series of the cell, every round merged */
    Histogram merged(C cell, String series)
    {
        Histogram merged = null;
        for (CellResult<C> r : of(cell))
        {
            Histogram h = r.window().get(series).latencyMicros();
            if (merged == null)
                merged = h.copy();
            else
                merged.add(h);
        }
        return merged;
    }

    /** @return the cell's series of clients, in the order they were given */
    List<String> series(C cell)
    {
        List<CellResult<C>> rs = of(cell);
        return rs.isEmpty() ? List.of() : new ArrayList<>(rs.get(0).window().series().keySet());
    }
}
