package dev.interlock.benchmarks.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The lock disciplines under load, on the real sample WARs: the cells ({@link LockCell}), fixed
 * numbers and figures of the {@code locks} suite, three benchmarks (README.md of this module),
 * each comparing variants measured in the same rounds.
 *
 * <ul>
 * <li><b>parallelism</b>: two {@code cpu-bound} WARs, {@value #PARALLEL_CLIENTS_PER_WEBAPP}
 * clients each calling {@code /work?units=}{@value #PARALLEL_UNITS}, under {@code shared}
 * (one lock for both: one core), {@code application} (a lock each: two cores) and
 * {@code free}. Target: application / shared &gt;= {@value #TARGET_PARALLELISM}.</li>
 * <li><b>io-release</b>: the {@code io-bound} WAR, {@value #IO_CLIENTS} clients calling
 * {@code /wait?ms=}{@value #IO_WAIT_MS}, under {@code free} and {@code shared}, once with the
 * sample's waits inside {@code Interlock.blocking(...)} and once with plain waits
 * ({@code mode=plain}); against what is done today without Interlock: Jetty's
 * {@code QoSHandler} with {@code maxRequestCount=1} in front of the same WAR, and a
 * {@code synchronized} servlet that waits as long. Targets (blocking waits): shared &gt;=
 * {@value #TARGET_IO_VS_FREE} of free, and &gt;= {@value #TARGET_IO_VS_SERIAL}x each of the
 * two.</li>
 * <li><b>convoy</b>: {@value #CONVOY_IO_CLIENTS} clients of the {@code io-bound} WAR's
 * {@code /wait?ms=}{@value #IO_WAIT_MS}, alone and next to exactly one client looping on the
 * {@code cpu-bound} WAR's {@code /work?units=}{@value #CONVOY_UNITS}, both WARs in the same
 * {@code shared} group. Target: the I/O-bound p99 &lt;= its own work + 2 switch intervals +
 * 5 ms.</li>
 * </ul>
 *
 * <p>Every cell runs for {@link #WARMUP_SECONDS} (excluded) and then measures
 * {@link #MEASURE_SECONDS} without stopping the load ({@link SteadyWindow}). After a JIT warm-up
 * pass (excluded), the cells run {@link #ROUNDS} times. Ratios are computed within a round and
 * reported as min/median/max over the rounds, as are the latency percentiles.</p>
 */
final class LockBenchmarks
{
    static final int ROUNDS = 5;
    /** Per cell and round, excluded: long enough for the 1 s queues of the serial variants to fill. */
    static final double WARMUP_SECONDS = 1.5;
    /**
     * Measured per cell and round in the parallelism benchmark. The other two measure longer
     * ({@link #LONG_MEASURE_SECONDS}): the convoy for its p99, the I/O release because
     * {@code shared} with plain waits completes its requests in bursts about a second apart.
     */
    static final double MEASURE_SECONDS = 3;
    static final double LONG_MEASURE_SECONDS = 5;
    /** Once per cell before round 1, excluded, after a ramp-up of {@link #JIT_RAMP_UP_SECONDS}. */
    static final double JIT_WARMUP_SECONDS = 1;
    static final double JIT_RAMP_UP_SECONDS = 0.5;

    /** The switch interval, set explicitly where a lock is in force (it is the default). */
    static final int SWITCH_INTERVAL_MS = 5;

    static final int PARALLEL_WEBAPPS = 2;
    static final int PARALLEL_CLIENTS_PER_WEBAPP = 2;
    /** About 20 ms of CPU per request: the load generator's own CPU is negligible beside it. */
    static final int PARALLEL_UNITS = 20;
    static final double TARGET_PARALLELISM = 1.9;
    /** Two locks on two cores lose almost nothing to none. */
    static final double TARGET_PARALLELISM_VS_FREE = 0.95;

    static final int IO_CLIENTS = 50;
    static final int IO_WAIT_MS = 20;
    static final double TARGET_IO_VS_FREE = 0.9;
    static final double TARGET_IO_VS_SERIAL = 10;

    static final int CONVOY_IO_CLIENTS = 8;
    /** Exactly one: the convoy is one CPU-bound client beside the I/O-bound ones. */
    static final int CONVOY_CPU_CLIENTS = 1;
    /** About 50 ms of CPU per request, with a checkpoint every unit (about 1 ms). */
    static final int CONVOY_UNITS = 50;
    static final double TARGET_CONVOY_P99_MS = IO_WAIT_MS + 2 * SWITCH_INTERVAL_MS + 5;

    static final String CPU_PREFIX_PARALLEL = PARALLEL_UNITS + " units of CPU work";
    static final String CPU_PREFIX_CONVOY = CONVOY_UNITS + " units of CPU work";
    static final String IO_PREFIX = "waited ";

    private static final String PLAIN_WAITS_NOTE = "expected: a wait outside blocking(...) keeps the lock " +
        "(README.md, \"What a lock can and cannot do\"), so under shared the 50 waits run one at a time";

    private LockBenchmarks()
    {
    }

    enum Bench
    {
        PARALLELISM("parallelism"),
        IO_RELEASE("io-release"),
        CONVOY("convoy");

        final String key;

        Bench(String key)
        {
            this.key = key;
        }

        static Bench of(String key)
        {
            for (Bench b : values())
                if (b.key.equals(key))
                    return b;
            throw new IllegalArgumentException("no benchmark " + key);
        }

        String description()
        {
            return switch (this)
            {
                case PARALLELISM -> String.format(Locale.ROOT, "two cpu-bound WARs (/cpu-a, /cpu-b), %d clients each on /work?units=%d",
                    PARALLEL_CLIENTS_PER_WEBAPP, PARALLEL_UNITS);
                case IO_RELEASE -> String.format(Locale.ROOT, "io-bound WAR, %d clients on /wait?ms=%d (plain: &mode=plain); server pool %d threads",
                    IO_CLIENTS, IO_WAIT_MS, BenchServer.THREADS);
                case CONVOY -> String.format(Locale.ROOT, "io-bound WAR, %d clients on /wait?ms=%d; cpu-bound WAR in the same group, %d client on /work?units=%d; switch interval %d ms",
                    CONVOY_IO_CLIENTS, IO_WAIT_MS, CONVOY_CPU_CLIENTS, CONVOY_UNITS, SWITCH_INTERVAL_MS);
            };
        }
    }

    /**
     * @param benches which benchmarks, run in their declared order in round 1
     * @param measureSeconds measured seconds per cell, or 0 for the defaults
     * ({@link #MEASURE_SECONDS}, {@link #LONG_MEASURE_SECONDS})
     */
    static Suite<LockCell> suite(Set<Bench> benches, int rounds, double measureSeconds, Wars wars)
    {
        if (rounds < 1 || rounds > 100 || !(measureSeconds >= 0 && measureSeconds <= 600))
            throw new IllegalArgumentException("rounds must be 1..100 and measured seconds 0..600, not " + rounds + " and " + measureSeconds);
        List<Benchmark<LockCell>> benchmarks = new ArrayList<>();
        for (Bench b : Bench.values())
        {
            if (!benches.contains(b))
                continue;
            double seconds = measureSeconds > 0 ? measureSeconds : b == Bench.PARALLELISM ? MEASURE_SECONDS : LONG_MEASURE_SECONDS;
            benchmarks.add(new Benchmark<>(b.key, new SteadyWindow(WARMUP_SECONDS, seconds), LockCell.of(b)));
        }
        return new Suite<>("locks", rounds, new SteadyWindow(JIT_RAMP_UP_SECONDS, JIT_WARMUP_SECONDS), benchmarks, wars);
    }

    /** @return the figures of every benchmark that ran, each value taken within one round */
    static List<Figure> figures(Results<LockCell> results)
    {
        List<Figure> f = new ArrayList<>();
        for (Benchmark<LockCell> benchmark : results.suite().benchmarks())
        {
            String b = benchmark.key();
            switch (Bench.of(b))
            {
                case PARALLELISM ->
                {
                    parallelism(f, results, b, LockCell.PAR_SHARED, LockCell.PAR_APPLICATION, LockCell.PAR_FREE, "", " (2 cpu-bound WARs)");
                    if (LockCell.virtualThreads())
                    {
                        parallelism(f, results, b, LockCell.PAR_SHARED_VIRTUAL, LockCell.PAR_APPLICATION_VIRTUAL, LockCell.PAR_FREE_VIRTUAL,
                            "-virtual", ", virtual executor group");
                        f.add(throughputRatio(results, b, LockCell.PAR_FREE_VIRTUAL, LockCell.PAR_FREE, "free-virtual/free",
                            "throughput free, virtual executor group / server pool", null, ""));
                    }
                }
                case IO_RELEASE ->
                {
                    f.add(throughputRatio(results, b, LockCell.IO_SHARED, LockCell.IO_FREE, "shared/free",
                        "throughput shared / free, waits in blocking()", TARGET_IO_VS_FREE, ""));
                    f.add(throughputRatio(results, b, LockCell.IO_SHARED, LockCell.IO_QOS, "shared/qos-1",
                        "throughput shared (blocking()) / QoSHandler(1)", TARGET_IO_VS_SERIAL, ""));
                    f.add(throughputRatio(results, b, LockCell.IO_SHARED, LockCell.IO_SYNCHRONIZED, "shared/synchronized",
                        "throughput shared (blocking()) / synchronized servlet", TARGET_IO_VS_SERIAL, ""));
                    f.add(throughputRatio(results, b, LockCell.IO_SHARED_PLAIN, LockCell.IO_FREE_PLAIN, "shared-plain/free-plain",
                        "throughput shared / free, plain waits (worst case)", TARGET_IO_VS_FREE, PLAIN_WAITS_NOTE));
                    f.add(throughputRatio(results, b, LockCell.IO_SHARED_PLAIN, LockCell.IO_QOS, "shared-plain/qos-1",
                        "throughput shared (plain waits) / QoSHandler(1)", TARGET_IO_VS_SERIAL, PLAIN_WAITS_NOTE));
                    f.add(throughputRatio(results, b, LockCell.IO_SHARED_PLAIN, LockCell.IO_SYNCHRONIZED, "shared-plain/synchronized",
                        "throughput shared (plain waits) / synchronized servlet", TARGET_IO_VS_SERIAL, PLAIN_WAITS_NOTE));
                    f.add(cpuRatio(results, b, LockCell.IO_SHARED, LockCell.IO_FREE, "shared/free"));
                }
                case CONVOY ->
                {
                    f.add(ioPercentile(results, b, LockCell.CONVOY_ALONE, 50, "alone-p50", "io-bound p50, alone (shared)", null, ""));
                    f.add(ioPercentile(results, b, LockCell.CONVOY_ALONE, 99, "alone-p99", "io-bound p99, alone (shared)", null, ""));
                    f.add(ioPercentile(results, b, LockCell.CONVOY_SHARED, 50, "convoy-p50", "io-bound p50, with 1 cpu-bound client (shared)", null, ""));
                    f.add(ioPercentile(results, b, LockCell.CONVOY_SHARED, 99, "convoy-p99", "io-bound p99, with 1 cpu-bound client (shared)",
                        TARGET_CONVOY_P99_MS, "target = " + IO_WAIT_MS + " ms of work + 2 x " + SWITCH_INTERVAL_MS + " ms switch interval + 5 ms"));
                    f.add(ioPercentile(results, b, LockCell.CONVOY_FREE, 99, "free-convoy-p99", "io-bound p99, with 1 cpu-bound client (free, reference)",
                        null, ""));
                    f.add(new Figure(b, "convoy-cpu-shared/free", "cpu-bound client throughput, shared / free", "x",
                        results.ratio(LockCell.CONVOY_SHARED, LockCell.CONVOY_FREE, r -> r.window().get("cpu").throughput()), null, false, ""));
                    f.add(cpuRatio(results, b, LockCell.CONVOY_SHARED, LockCell.CONVOY_FREE, "shared-convoy/free-convoy"));
                }
            }
        }
        return f;
    }

    /** The parallelism figures of one threading: each lock discipline against the others. */
    private static void parallelism(List<Figure> f, Results<LockCell> results, String b, LockCell shared, LockCell application, LockCell free,
                                    String keySuffix, String nameSuffix)
    {
        String s = "shared" + keySuffix;
        String a = "application" + keySuffix;
        String fr = "free" + keySuffix;
        f.add(throughputRatio(results, b, application, shared, a + "/" + s, "throughput application / shared" + nameSuffix, TARGET_PARALLELISM, ""));
        f.add(throughputRatio(results, b, free, shared, fr + "/" + s, "throughput free / shared" + nameSuffix, null, ""));
        f.add(throughputRatio(results, b, application, free, a + "/" + fr, "throughput application / free" + nameSuffix, TARGET_PARALLELISM_VS_FREE, ""));
        f.add(cpuRatio(results, b, application, free, a + "/" + fr));
        f.add(cpuRatio(results, b, shared, free, s + "/" + fr));
    }

    private static Figure throughputRatio(Results<LockCell> results, String bench, LockCell numerator, LockCell denominator, String key,
                                          String name, Double target, String note)
    {
        return new Figure(bench, key, name, "x", results.ratio(numerator, denominator, CellResult::throughput), target, false, note);
    }

    /** CPU per request of two variants, lower is better; for information, no target. */
    private static Figure cpuRatio(Results<LockCell> results, String bench, LockCell numerator, LockCell denominator, String key)
    {
        return new Figure(bench, "cpu " + key, "CPU per request " + key.replace("/", " / "), "x",
            results.ratio(numerator, denominator, CellResult::cpuMicrosPerRequest), null, true, "");
    }

    /** A latency of the I/O-bound clients: lower is better, so a target is an upper bound. */
    private static Figure ioPercentile(Results<LockCell> results, String bench, LockCell cell, double percentile, String key, String name,
                                       Double target, String note)
    {
        return new Figure(bench, key, name, "ms", results.perRound(cell, r -> r.percentileMs("io", percentile)), target, true, note);
    }
}
