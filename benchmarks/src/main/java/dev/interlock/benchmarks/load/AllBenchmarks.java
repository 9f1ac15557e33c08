package dev.interlock.benchmarks.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Every load benchmark in one JVM run, with one summary: the overhead suite
 * ({@link OverheadBenchmark}), then the lock suite ({@link LockBenchmarks}: parallelism, I/O
 * release, convoy), each run by the {@link Runner}. Writes each suite's own files
 * ({@code overhead.*}, {@code locks.*}) and {@code summary.csv}, {@code summary.json},
 * {@code summary.md} and the chart {@code summary.png}: one row, and one box, per figure, with
 * its target and verdict.
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
    static final String OVERHEAD = "overhead";
    static final List<String> SCENARIOS = List.of(OVERHEAD, "parallelism", "io-release", "convoy");

    private AllBenchmarks()
    {
    }

    public static void main(String[] args) throws Exception
    {
        Path resultsDir = Path.of(args.length > 0 ? args[0] : "target/results");
        Path samples = Path.of(System.getProperty("bench.samples", "samples"));
        Summary.Config config = new Summary.Config(scenarios(System.getProperty("bench.scenarios", String.join(",", SCENARIOS))),
            Integer.getInteger("bench.overhead.rounds", OVERHEAD_ROUNDS), Integer.getInteger("bench.locks.rounds", LockBenchmarks.ROUNDS),
            Double.parseDouble(System.getProperty("bench.locks.seconds", "0")));
        Set<LockBenchmarks.Bench> benches = EnumSet.noneOf(LockBenchmarks.Bench.class);
        for (String s : config.scenarios())
            if (!s.equals(OVERHEAD))
                benches.add(LockBenchmarks.Bench.of(s));
        // Both suites are built before anything runs, so that a bad setting or a missing WAR
        // fails now rather than minutes into the run.
        Suite<HelloCell> overheadSuite = !config.scenarios().contains(OVERHEAD) ? null
            : OverheadBenchmark.suite(config.overheadRounds(), OverheadBenchmark.MEASURE_SECONDS);
        Suite<LockCell> lockSuite = benches.isEmpty() ? null
            : LockBenchmarks.suite(benches, config.lockRounds(), config.lockSeconds(), Wars.in(samples));

        PrintStream log = System.err;
        String loadAtStart = Machine.loadAverage();
        log.println("Load average at start: " + loadAtStart);
        Set<Thread> threadsBefore = ThreadLeaks.snapshot();
        Instant started = Instant.now();
        long t0 = System.nanoTime();

        OverheadReport overhead = overheadSuite == null ? null : write(new OverheadReport(Runner.run(overheadSuite, log)), resultsDir, log);
        LockReport locks = lockSuite == null ? null : write(new LockReport(Runner.run(lockSuite, log)), resultsDir, log);
        Summary.Run run = new Summary.Run(started, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0), loadAtStart, Machine.loadAverage());

        Summary summary = new Summary(config, run, overhead, locks);
        summary.write(resultsDir);
        Charts.write(resultsDir.resolve("summary.png"), summary.title(), overhead, locks);
        System.out.println(summary.markdown());
        log.println("Results in " + resultsDir.toAbsolutePath() + " (summary.png, summary.csv, summary.json, summary.md and each benchmark's own files)");
        ThreadLeaks.exitIfAny(threadsBefore, log);
    }

    /** Written as soon as its suite has run, so that a later failure does not lose it. */
    private static <R extends Report> R write(R report, Path resultsDir, PrintStream log) throws IOException
    {
        report.write(resultsDir);
        log.println(report.name() + " results in " + resultsDir.toAbsolutePath());
        return report;
    }

    private static Set<String> scenarios(String list)
    {
        Set<String> scenarios = new LinkedHashSet<>();
        for (String s : list.split(","))
        {
            if (s.isBlank())
                continue;
            if (!SCENARIOS.contains(s.trim()))
                throw new IllegalArgumentException("bench.scenarios: unknown scenario '" + s.trim() + "'; known: " + String.join(", ", SCENARIOS));
            scenarios.add(s.trim());
        }
        return scenarios;
    }
}
