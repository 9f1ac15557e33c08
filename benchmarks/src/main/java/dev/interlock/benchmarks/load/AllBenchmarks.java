package dev.interlock.benchmarks.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Every load benchmark in one JVM run, with one summary: the overhead benchmark
 * ({@link OverheadBenchmark}), then the lock benchmarks ({@link LockBenchmarks}: parallelism,
 * I/O release, convoy). Writes each benchmark's own files and {@code summary.csv},
 * {@code summary.json}, {@code summary.md} and the chart {@code summary.png}: one row, and one
 * box, per figure, with its target and verdict.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.interlock.benchmarks.load.AllBenchmarks
 * [results-dir]} (default {@code target/results}). Work sizes, client and thread counts are
 * fixed in the code. System properties:</p>
 * <ul>
 * <li>{@code bench.samples}: the {@code samples/} directory holding the built WARs (default
 * {@code samples});</li>
 * <li>{@code bench.scenarios}: a comma-separated subset of {@code overhead, parallelism,
 * io-release, convoy} (default all);</li>
 * <li>for smoke tests only (the results record the values used): {@code bench.overhead.rounds}
 * (default {@value #OVERHEAD_ROUNDS}), {@code bench.locks.rounds} (default
 * {@value LockBenchmarks#ROUNDS}), {@code bench.locks.seconds} (measured seconds of every
 * lock-benchmark cell; by default {@value LockBenchmarks#MEASURE_SECONDS} for parallelism and
 * {@value LockBenchmarks#LONG_MEASURE_SECONDS} for the others).</li>
 * </ul>
 *
 * <p>Exit status 3 if a thread it started is still alive at the end.</p>
 */
public final class AllBenchmarks
{
    /**
     * Rounds of the overhead benchmark in the full run: fewer than its own {@value
     * OverheadBenchmark#ROUNDS}, so that the whole of {@code run.sh} stays near 11 minutes.
     */
    static final int OVERHEAD_ROUNDS = 5;
    static final List<String> SCENARIOS = List.of("overhead", "parallelism", "io-release", "convoy");

    private AllBenchmarks()
    {
    }

    public static void main(String[] args) throws Exception
    {
        Path resultsDir = Path.of(args.length > 0 ? args[0] : "target/results");
        Path samples = Path.of(System.getProperty("bench.samples", "samples"));
        Set<String> scenarios = new LinkedHashSet<>();
        for (String s : System.getProperty("bench.scenarios", String.join(",", SCENARIOS)).split(","))
        {
            if (s.isBlank())
                continue;
            if (!SCENARIOS.contains(s.trim()))
                throw new IllegalArgumentException("bench.scenarios: unknown scenario '" + s.trim() + "'; known: " + String.join(", ", SCENARIOS));
            scenarios.add(s.trim());
        }
        int overheadRounds = Integer.getInteger("bench.overhead.rounds", OVERHEAD_ROUNDS);
        int lockRounds = Integer.getInteger("bench.locks.rounds", LockBenchmarks.ROUNDS);
        double lockSeconds = Double.parseDouble(System.getProperty("bench.locks.seconds", "0"));
        Set<LockBenchmarks.Bench> benches = EnumSet.noneOf(LockBenchmarks.Bench.class);
        for (String s : scenarios)
            if (!s.equals("overhead"))
                benches.add(LockBenchmarks.Bench.of(s));
        LockBenchmarks.Wars wars = benches.isEmpty() ? null : LockBenchmarks.Wars.in(samples);

        PrintStream log = System.err;
        String loadAtStart = loadAverage();
        log.println("Load average at start: " + loadAtStart);
        Set<Thread> threadsBefore = new HashSet<>(Thread.getAllStackTraces().keySet());
        Instant started = Instant.now();
        long t0 = System.nanoTime();

        OverheadBenchmark.Outcome overhead = scenarios.contains("overhead")
            ? OverheadBenchmark.run(resultsDir, overheadRounds, OverheadBenchmark.MEASURE_SECONDS, log) : null;
        LockBenchmarks.Outcome locks = benches.isEmpty() ? null
            : LockBenchmarks.run(resultsDir, benches, lockRounds, lockSeconds, wars, log);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
        String loadAtEnd = loadAverage();

        List<Figure> figures = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (overhead != null)
        {
            for (OverheadBenchmark.Ratio r : overhead.ratios())
            {
                if (r.metric().equals("throughput"))
                    figures.add(new Figure("overhead", r.scenario().key + "/" + r.numerator().key + "/plain",
                        r.name() + " (" + r.scenario().key + ")", "x", r.perRound(), r.target(), false, ""));
            }
            overhead.problems().forEach(p -> problems.add("overhead: " + p));
        }
        if (locks != null)
        {
            figures.addAll(locks.figures());
            problems.addAll(locks.problems());
        }

        String machine = OverheadBenchmark.machine();
        String date = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC).format(started);
        String title = "Interlock benchmarks, " + date + ", " + Runtime.getRuntime().availableProcessors() + " cores";
        String markdown = summaryMarkdown(title, machine, seconds, loadAtStart, loadAtEnd, figures, problems, overhead, locks);

        Files.createDirectories(resultsDir);
        Files.writeString(resultsDir.resolve("summary.csv"), summaryCsv(figures), StandardCharsets.UTF_8);
        Files.writeString(resultsDir.resolve("summary.json"),
            summaryJson(started, machine, seconds, loadAtStart, loadAtEnd, scenarios, figures, problems, overheadRounds, lockRounds, lockSeconds),
            StandardCharsets.UTF_8);
        Files.writeString(resultsDir.resolve("summary.md"), markdown, StandardCharsets.UTF_8);
        Charts.write(resultsDir.resolve("summary.png"), title, overhead, locks);
        System.out.println(markdown);
        log.println("Results in " + resultsDir.toAbsolutePath() + " (summary.png, summary.csv, summary.json, summary.md and each benchmark's own files)");

        List<Thread> leaked = OverheadBenchmark.leakedThreads(threadsBefore);
        if (!leaked.isEmpty())
        {
            log.println("LEAK: threads still running after every server and client stopped: " + leaked);
            System.exit(3);
        }
    }

    /** @return the 1, 5 and 15 minute load averages, or "unknown" off Linux */
    static String loadAverage()
    {
        try
        {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        }
        catch (IOException | RuntimeException x)
        {
            return "unknown";
        }
    }

    private static String summaryMarkdown(String title, String machine, long seconds, String loadAtStart, String loadAtEnd, List<Figure> figures,
                                          List<String> problems, OverheadBenchmark.Outcome overhead, LockBenchmarks.Outcome locks)
    {
        StringBuilder b = new StringBuilder();
        b.append("## ").append(title).append("\n\n");
        b.append(String.format(Locale.ROOT, "%s; %d s in all; load average (1/5/15 min) %s at start, %s at the end.%n%n",
            machine, seconds, loadAtStart, loadAtEnd));
        b.append(LockBenchmarks.figureTable(figures));
        b.append('\n');
        if (problems.isEmpty())
            b.append("Checks passed in every benchmark.\n");
        else
        {
            b.append("PROBLEMS (figures above are suspect):\n\n");
            problems.forEach(p -> b.append("* ").append(p).append('\n'));
        }
        if (overhead != null)
            b.append('\n').append(overhead.markdown().replace("### ", "#### "));
        if (locks != null)
            b.append('\n').append(locks.markdown().replace("### ", "#### "));
        return b.toString();
    }

    private static String summaryCsv(List<Figure> figures)
    {
        StringBuilder b = new StringBuilder("benchmark,key,figure,unit,min,median,max,rounds,target,target_kind,met,verdict,note\n");
        for (Figure f : figures)
        {
            OverheadBenchmark.Stats s = f.stats();
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

    private static String summaryJson(Instant started, String machine, long seconds, String loadAtStart, String loadAtEnd, Set<String> scenarios,
                                      List<Figure> figures, List<String> problems, int overheadRounds, int lockRounds, double lockSeconds)
    {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("benchmark", "interlock-all");
        root.put("started", started.toString());
        root.put("machine", machine);
        root.put("cores", Runtime.getRuntime().availableProcessors());
        root.put("seconds", seconds);
        root.put("loadAverageAtStart", loadAtStart);
        root.put("loadAverageAtEnd", loadAtEnd);
        root.put("scenarios", List.copyOf(scenarios));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("overheadRounds", scenarios.contains("overhead") ? overheadRounds : null);
        config.put("lockRounds", lockRounds);
        config.put("lockMeasureSeconds", lockSeconds > 0 ? lockSeconds : "defaults (see locks.json)");
        root.put("config", config);
        root.put("figures", figures.stream().map(LockBenchmarks::figureJson).toList());
        root.put("problems", problems);
        root.put("details", List.of("overhead.json", "locks.json"));
        return Json.of(root);
    }
}
