package dev.interlock.benchmarks.load;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Interlock's overhead on a hello servlet, against plain Jetty: the cells, fixed numbers and
 * figures of the {@code overhead} suite.
 *
 * <p>Variants ({@link Variant}): (a) plain Jetty, (b) Interlock enabled with nothing
 * configured, (c) Interlock with {@code interlock.lock=application}, (c') as (c) with metrics
 * off, (d) as (c) with a request timeout (the watchdog's cost), plus (a') plain Jetty once more as an A/A control that measures the noise floor; in two
 * scenarios ({@link Scenario}): all {@link #CLIENTS} clients on one webapp (under (c) they
 * contend for its one lock), and one webapp per client (under (c) every lock is uncontended, at
 * the same server load). Each cell ({@link HelloCell}) warms up for {@link #WARMUP_SECONDS},
 * then measures a separate phase of {@link #MEASURE_SECONDS} ({@link Phases}).</p>
 *
 * <p>Every ratio, (b)/(a), (c)/(a), (a')/(a) and (c)/(c'), is computed within each round and
 * reported as min/median/max over the rounds, for throughput and for CPU per request (this
 * JVM's, client and server together).</p>
 *
 * <p>Usage, for this benchmark alone: {@code java -cp benchmarks.jar
 * dev.interlock.benchmarks.load.OverheadBenchmark [results-dir]} (default
 * {@code target/results}); it writes {@code overhead.csv}, {@code overhead.json} and
 * {@code overhead.md}. The system properties {@code bench.rounds} and {@code bench.seconds}
 * exist only for smoke tests, and the results record the values used. Exit status 3 if a
 * thread it started is still alive at the end.</p>
 */
public final class OverheadBenchmark
{
    /** Concurrent clients, each with one request outstanding. */
    static final int CLIENTS = 16;
    /**
     * Rounds over all cells when this benchmark runs alone; ratios are reported as min/median/max
     * over them. On the 2-core machine this was written on, throughput drifts by 10-20% over a
     * few seconds with nothing else running (the host, not the JVM: the A/A control shows it), so
     * many short, interleaved cells beat a few long ones.
     */
    static final int ROUNDS = 7;
    /** Per cell and round, before measuring (new connections, new pools); excluded. */
    static final double WARMUP_SECONDS = 0.5;
    /** Per cell and round, measured. */
    static final double MEASURE_SECONDS = 2;
    /** Once per cell before the first round (JIT compilation); excluded. */
    static final double JIT_WARMUP_SECONDS = 3;

    /** In the webapp-per-client scenario, at most 1 in this many acquisitions may have waited. */
    static final long UNCONTENDED_MAX_ONE_IN = 1000;

    static final double TARGET_NOTHING_CONFIGURED = 0.97;
    static final double TARGET_APPLICATION_UNCONTENDED = 0.95;
    /** 16 clients on one lock: near plain Jetty's throughput... */
    static final double TARGET_APPLICATION_CONTENDED = 0.9;
    /** ...and its CPU per request. */
    static final double TARGET_APPLICATION_CONTENDED_CPU = 1.1;
    /** Issue 7: metrics always on cost at most 2%. */
    static final double TARGET_METRICS = 0.98;

    static final String THROUGHPUT = "throughput";
    static final String CPU = "CPU per request";

    private OverheadBenchmark()
    {
    }

    /**
     * A ratio numerator/denominator of one metric in one scenario, computed within each round.
     *
     * @param metric {@value #THROUGHPUT} (requests per second: higher is better) or {@value #CPU}
     * (this JVM's CPU time per request, client and server together: lower is better, so a
     * target is an upper bound)
     */
    record Ratio(String name, String metric, Scenario scenario, Variant numerator, Variant denominator, Double target, List<Double> perRound)
    {
        Stats stats()
        {
            return Stats.of(perRound);
        }

        /** @return the ratio as a figure of the summary */
        Figure figure()
        {
            boolean cpu = metric.equals(CPU);
            return new Figure("overhead", scenario.key + "/" + numerator.key + "/" + denominator.key + (cpu ? "/cpu" : ""),
                (cpu ? "CPU per request, " : "throughput, ") + name + " (" + scenario.key + ")", "x", perRound, target, cpu, "");
        }
    }

    public static void main(String[] args) throws Exception
    {
        Path resultsDir = Path.of(args.length > 0 ? args[0] : "target/results");
        int rounds = Integer.getInteger("bench.rounds", ROUNDS);
        double measureSeconds = Double.parseDouble(System.getProperty("bench.seconds", Double.toString(MEASURE_SECONDS)));
        Suite<HelloCell> suite = suite(rounds, measureSeconds);
        Set<Thread> threadsBefore = ThreadLeaks.snapshot();
        OverheadReport report = new OverheadReport(Runner.run(suite, System.err));
        report.write(resultsDir);
        System.err.println("Overhead results in " + resultsDir.toAbsolutePath());
        System.out.println(report.markdown());
        ThreadLeaks.exitIfAny(threadsBefore, System.err);
    }

    /**
     * @param rounds rounds over all cells ({@link #ROUNDS} when this benchmark runs alone)
     * @param measureSeconds measured seconds per cell and round ({@link #MEASURE_SECONDS})
     */
    static Suite<HelloCell> suite(int rounds, double measureSeconds)
    {
        if (rounds < 1 || rounds > 100 || !(measureSeconds > 0 && measureSeconds <= 600))
            throw new IllegalArgumentException("rounds must be 1..100 and measured seconds 0..600, not " + rounds + " and " + measureSeconds);
        List<Benchmark<HelloCell>> benchmarks = new ArrayList<>();
        for (Scenario s : Scenario.values())
            benchmarks.add(new Benchmark<>(s.key, new Phases(WARMUP_SECONDS, measureSeconds), s.variants.stream().map(v -> new HelloCell(s, v)).toList()));
        return new Suite<>("overhead", rounds, new Phases(0, JIT_WARMUP_SECONDS), benchmarks, null);
    }

    /** @return every ratio, the throughput ones (which have the targets) first */
    static List<Ratio> ratios(Results<HelloCell> results)
    {
        List<Ratio> ratios = new ArrayList<>();
        for (String metric : List.of(THROUGHPUT, CPU))
        {
            boolean targets = metric.equals(THROUGHPUT);
            ratios.add(ratio(results, "(b)/(a) nothing configured", metric, Scenario.ONE_WEBAPP, Variant.NOTHING_CONFIGURED, Variant.PLAIN,
                targets ? TARGET_NOTHING_CONFIGURED : null));
            ratios.add(ratio(results, "(b)/(a) nothing configured", metric, Scenario.WEBAPP_PER_CLIENT, Variant.NOTHING_CONFIGURED, Variant.PLAIN,
                targets ? TARGET_NOTHING_CONFIGURED : null));
            ratios.add(ratio(results, "(c)/(a) application, uncontended", metric, Scenario.WEBAPP_PER_CLIENT, Variant.APPLICATION, Variant.PLAIN,
                targets ? TARGET_APPLICATION_UNCONTENDED : null));
            ratios.add(ratio(results, "(c)/(a) application, contended (16 clients, 1 lock)", metric, Scenario.ONE_WEBAPP, Variant.APPLICATION,
                Variant.PLAIN, targets ? TARGET_APPLICATION_CONTENDED : TARGET_APPLICATION_CONTENDED_CPU));
            ratios.add(ratio(results, "(a')/(a) plain vs plain: A/A control, the noise floor", metric, Scenario.ONE_WEBAPP, Variant.PLAIN_CONTROL,
                Variant.PLAIN, null));
            ratios.add(ratio(results, "(c)/(c') metrics on / metrics off, application uncontended", metric, Scenario.WEBAPP_PER_CLIENT,
                Variant.APPLICATION, Variant.APPLICATION_METRICS_OFF, targets ? TARGET_METRICS : null));
            ratios.add(ratio(results, "(d)/(c) request timeout set / not set, application uncontended", metric, Scenario.WEBAPP_PER_CLIENT,
                Variant.APPLICATION_TIMEOUT, Variant.APPLICATION, null));
        }
        return ratios;
    }

    private static Ratio ratio(Results<HelloCell> results, String name, String metric, Scenario s, Variant numerator, Variant denominator,
                               Double target)
    {
        ToDoubleFunction<CellResult<HelloCell>> value = metric.equals(THROUGHPUT) ? CellResult::throughput : CellResult::cpuMicrosPerRequest;
        return new Ratio(name, metric, s, numerator, denominator, target,
            results.ratio(new HelloCell(s, numerator), new HelloCell(s, denominator), value));
    }
}
