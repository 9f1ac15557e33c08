package dev.interlock.benchmarks.load;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One run of every load benchmark, as {@code summary.csv}, {@code summary.json} and
 * {@code summary.md}: one row per figure, with its target and verdict, and every problem.
 */
final class Summary implements Report
{
    /**
     * How the run was set up.
     *
     * @param scenarios the load benchmarks that ran, as {@code bench.scenarios} names them
     * @param lockSeconds measured seconds of every lock-benchmark cell, or 0 for their defaults
     */
    record Config(Set<String> scenarios, int overheadRounds, int lockRounds, double lockSeconds)
    {
    }

    /**
     * When and where it ran.
     *
     * @param seconds how long every benchmark took together
     */
    record Run(Instant started, long seconds, String loadAtStart, String loadAtEnd)
    {
    }

    private final Config config;
    private final Run run;
    private final OverheadReport overhead;
    private final LockReport locks;
    private final String machine = Machine.describe();
    private final List<Figure> figures = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    /**
     * @param overhead the overhead benchmark's report, or {@code null} if it did not run
     * @param locks the lock benchmarks' report, or {@code null} if none ran
     */
    Summary(Config config, Run run, OverheadReport overhead, LockReport locks)
    {
        this.config = config;
        this.run = run;
        this.overhead = overhead;
        this.locks = locks;
        if (overhead != null)
        {
            figures.addAll(overhead.figures());
            // The lock benchmarks' problems name their benchmark already; the overhead's name a scenario.
            overhead.problems().forEach(p -> problems.add("overhead: " + p));
        }
        if (locks != null)
        {
            figures.addAll(locks.figures());
            problems.addAll(locks.problems());
        }
    }

    @Override
    public String name()
    {
        return "summary";
    }

    String title()
    {
        String date = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC).format(run.started());
        return "Interlock benchmarks, " + date + ", " + Runtime.getRuntime().availableProcessors() + " cores";
    }

    @Override
    public String markdown()
    {
        StringBuilder b = new StringBuilder();
        b.append("## ").append(title()).append("\n\n");
        b.append(String.format(Locale.ROOT, "%s; %d s in all; load average (1/5/15 min) %s at start, %s at the end.%n%n",
            machine, run.seconds(), run.loadAtStart(), run.loadAtEnd()));
        b.append(Markdown.figureTable(figures));
        b.append('\n');
        b.append(Markdown.checks(problems, "Checks passed in every benchmark."));
        // Each report's headings go one level down, under this one's.
        if (overhead != null)
            b.append('\n').append(overhead.markdown().replace("### ", "#### "));
        if (locks != null)
            b.append('\n').append(locks.markdown().replace("### ", "#### "));
        return b.toString();
    }

    @Override
    public String csv()
    {
        StringBuilder b = new StringBuilder("benchmark,key,figure,unit,min,median,max,rounds,target,target_kind,met,verdict,note\n");
        for (Figure f : figures)
        {
            Stats s = f.stats();
            b.append(String.join(",", csv(f.bench()), csv(f.key()), csv(f.name()), csv(f.unit()),
                String.format(Locale.ROOT, "%.4f", s.min()), String.format(Locale.ROOT, "%.4f", s.median()), String.format(Locale.ROOT, "%.4f", s.max()),
                Integer.toString(s.n()), f.target() == null ? "" : String.format(Locale.ROOT, "%.4f", f.target()),
                f.target() == null ? "" : f.atMost() ? "at most" : "at least", f.met() == null ? "" : f.met().toString(),
                csv(f.verdict()), csv(f.note()))).append('\n');
        }
        return b.toString();
    }

    private static String csv(String s)
    {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    @Override
    public String json()
    {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("benchmark", "interlock-all");
        root.put("started", run.started().toString());
        root.put("machine", machine);
        root.put("cores", Runtime.getRuntime().availableProcessors());
        root.put("seconds", run.seconds());
        root.put("loadAverageAtStart", run.loadAtStart());
        root.put("loadAverageAtEnd", run.loadAtEnd());
        root.put("scenarios", List.copyOf(config.scenarios()));
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("overheadRounds", config.scenarios().contains("overhead") ? config.overheadRounds() : null);
        c.put("lockRounds", config.lockRounds());
        c.put("lockMeasureSeconds", config.lockSeconds() > 0 ? config.lockSeconds() : "defaults (see locks.json)");
        root.put("config", c);
        root.put("figures", figures.stream().map(Figure::json).toList());
        root.put("problems", problems);
        root.put("details", List.of("overhead.json", "locks.json"));
        return Json.of(root);
    }
}
