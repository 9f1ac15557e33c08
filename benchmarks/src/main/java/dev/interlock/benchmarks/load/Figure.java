package dev.interlock.benchmarks.load;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One reported figure: a value computed in each round (a ratio of two variants measured in the
 * same round, or a latency percentile), its spread over the rounds, and the target it is held
 * to, if any.
 *
 * @param bench the benchmark ({@code overhead}, {@code parallelism}, {@code io-release},
 * {@code convoy})
 * @param key a short stable name, for the CSV and JSON
 * @param name what it is, for people
 * @param unit {@code x} for a ratio, or the unit of the value
 * @param perRound the value in each round, in round order
 * @param target the target, or {@code null}
 * @param atMost whether the target is an upper bound (latency) rather than a lower one
 * @param note why a miss is expected, or anything a reader needs next to the verdict; may be
 * empty
 */
record Figure(String bench, String key, String name, String unit, List<Double> perRound, Double target, boolean atMost,
              String note)
{
    Stats stats()
    {
        return Stats.of(perRound);
    }

    /** @return {@code ">= 1.80"}, {@code "<= 35 ms"} or {@code "-"} */
    String targetText()
    {
        if (target == null)
            return "-";
        return (atMost ? "<= " : ">= ") + format(target) + ("x".equals(unit) ? "" : " " + unit);
    }

    boolean meets(double value)
    {
        return atMost ? value <= target : value >= target;
    }

    /** @return whether the median meets the target; {@code null} without a target */
    Boolean met()
    {
        return target == null ? null : meets(stats().median());
    }

    /** @return judged on the median over the rounds, with how many single rounds missed */
    String verdict()
    {
        if (target == null)
            return "no target";
        long missed = perRound.stream().filter(v -> !meets(v)).count();
        if (meets(stats().median()))
            return missed == 0 ? "met (every round)" : String.format(Locale.ROOT, "met (median; %d of %d rounds missed)", missed, perRound.size());
        return String.format(Locale.ROOT, "NOT MET (%d of %d rounds missed)", missed, perRound.size());
    }

    String format(double v)
    {
        if (Double.isNaN(v))
            return "NaN";
        if ("x".equals(unit))
            return Math.abs(v) >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.3f", v);
        if (Math.abs(v) >= 100)
            return String.format(Locale.ROOT, "%.0f", v);
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** @return every field, the spread, the verdict and the per-round values, for the JSON files */
    Map<String, Object> json()
    {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("benchmark", bench);
        m.put("key", key);
        m.put("name", name);
        m.put("unit", unit);
        m.putAll(Json.stats(stats()));
        m.put("target", target);
        m.put("targetKind", target == null ? null : atMost ? "at most" : "at least");
        m.put("met", met());
        m.put("verdict", verdict());
        m.put("note", note);
        m.put("perRound", perRound);
        return m;
    }
}
