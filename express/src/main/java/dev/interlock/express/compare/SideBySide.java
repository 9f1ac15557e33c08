package dev.interlock.express.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The comparison as a table, a column per discipline and a row per figure, which the text and
 * Markdown outputs lay out each in its own way.
 */
final class SideBySide
{
    /**
     * @param label what the row shows, with its unit
     * @param cells one per discipline, in the order they ran
     */
    record Row(String label, List<String> cells)
    {
    }

    private SideBySide()
    {
    }

    /** @return the disciplines, in the order they ran */
    static List<String> header(ComparisonReport report)
    {
        return report.runs().stream().map(r -> r.mount().discipline()).toList();
    }

    static List<Row> rows(ComparisonReport report)
    {
        List<Row> rows = new ArrayList<>();
        rows.add(row(report, "throughput (2xx/s)", r -> format("%.1f", r.load().throughput())));
        // No 2xx answer, no latency to show: "-" rather than a 0 that reads as fast.
        rows.add(row(report, "latency p50 (ms)", r -> r.load().ok() == 0 ? "-" : format("%.2f", r.load().latencyMs(50))));
        rows.add(row(report, "latency p99 (ms)", r -> r.load().ok() == 0 ? "-" : format("%.2f", r.load().latencyMs(99))));
        rows.add(row(report, "latency max (ms)", r -> r.load().ok() == 0 ? "-" : format("%.2f", r.load().maxLatencyMs())));
        rows.add(row(report, "answers 2xx", r -> Long.toString(r.load().ok())));
        rows.add(row(report, "errors (non-2xx + failures)", r -> errors(r.load())));
        rows.add(row(report, "lock acquisitions", r -> Long.toString(r.lock().acquisitions())));
        rows.add(row(report, "lock contention", r -> r.lock().contention() == null ? "-" : format("%.1f%%", 100 * r.lock().contention())));
        rows.add(row(report, "hand-overs", r -> Long.toString(r.lock().handOvers())));
        rows.add(row(report, "JVM CPU, cores (client incl.)", r -> r.cpuCores() == null ? "-" : format("%.2f", r.cpuCores())));
        if (report.plan().check() != null)
        {
            rows.add(row(report, "check " + report.plan().check().check() + ": actual / expected",
                r -> r.check().actual() + " / " + r.check().expected()));
            rows.add(row(report, "lost updates", r -> Long.toString(r.check().lost()) + (r.check().extra() > 0 ? " (" + r.check().extra() + " extra)" : "")));
            rows.add(row(report, "check", r -> r.check().correct() ? "correct" : "WRONG"));
        }
        return rows;
    }

    /**
     * @return what the errors were, per discipline that had any: statuses and the first failure
     */
    static List<String> notes(ComparisonReport report)
    {
        List<String> notes = new ArrayList<>();
        for (DisciplineRun r : report.runs())
        {
            LoadResult load = r.load();
            if (load.errors() == 0)
                continue;
            StringBuilder b = new StringBuilder(r.mount().discipline()).append(": ");
            List<String> parts = new ArrayList<>();
            for (Map.Entry<Integer, Long> e : load.statuses().entrySet())
                parts.add(e.getValue() + " answered " + e.getKey());
            if (load.failures() > 0)
                parts.add(load.failures() + " got no answer (first: " + load.firstFailure() + ")");
            notes.add(b.append(String.join(", ", parts)).toString());
        }
        return notes;
    }

    private static String errors(LoadResult load)
    {
        return load.non2xx() + load.failures() == 0 ? "0" : load.non2xx() + " + " + load.failures();
    }

    private static Row row(ComparisonReport report, String label, Function<DisciplineRun, String> cell)
    {
        return new Row(label, report.runs().stream().map(cell).toList());
    }

    private static String format(String format, double value)
    {
        return String.format(Locale.ROOT, format, value);
    }
}
