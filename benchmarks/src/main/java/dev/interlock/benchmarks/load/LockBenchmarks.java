package dev.interlock.benchmarks.load;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * The lock disciplines under load, on the real sample WARs, in one JVM run: three benchmarks
 * (DESIGN.md, "Benchmarks"), each comparing variants measured in the same rounds.
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
 * <p>Every cell (benchmark x variant) starts its own server and client, runs them for
 * {@link #WARMUP_SECONDS} (excluded) and then measures {@link #MEASURE_SECONDS} without
 * stopping the load ({@link LoadDriver#measure}), and stops both. After a JIT warm-up pass
 * (excluded), the cells run {@link #ROUNDS} times; in each round the benchmarks and the variants
 * within each are rotated. Ratios are computed within a round and reported as
 * min/median/max over the rounds, as are the latency percentiles.</p>
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
    /** Once per cell before round 1, excluded. */
    static final double JIT_WARMUP_SECONDS = 1;

    /** The switch interval, set explicitly where a lock is in force (it is the default). */
    static final int SWITCH_INTERVAL_MS = 5;

    static final int PARALLEL_WEBAPPS = 2;
    static final int PARALLEL_CLIENTS_PER_WEBAPP = 2;
    /** About 20 ms of CPU per request: the load generator's own CPU is negligible beside it. */
    static final int PARALLEL_UNITS = 20;
    static final double TARGET_PARALLELISM = 1.8;

    static final int IO_CLIENTS = 50;
    static final int IO_WAIT_MS = 20;
    static final double TARGET_IO_VS_FREE = 0.9;
    static final double TARGET_IO_VS_SERIAL = 10;

    static final int CONVOY_IO_CLIENTS = 8;
    /** Exactly one (DESIGN.md). */
    static final int CONVOY_CPU_CLIENTS = 1;
    /** About 50 ms of CPU per request, with a checkpoint every unit (about 1 ms). */
    static final int CONVOY_UNITS = 50;
    static final double TARGET_CONVOY_P99_MS = IO_WAIT_MS + 2 * SWITCH_INTERVAL_MS + 5;

    /** Other processes or the hypervisor took more than this share of the machine: say so. */
    static final double NOISY_SHARE = 0.05;

    static final String CPU_PREFIX_PARALLEL = PARALLEL_UNITS + " units of CPU work";
    static final String CPU_PREFIX_CONVOY = CONVOY_UNITS + " units of CPU work";
    static final String IO_PREFIX = "waited ";

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
    }

    /** Every (benchmark, variant) cell. */
    enum Cell
    {
        PAR_SHARED(Bench.PARALLELISM, "shared", "Interlock, shared (one lock for both webapps)"),
        PAR_APPLICATION(Bench.PARALLELISM, "application", "Interlock, application (a lock per webapp)"),
        PAR_FREE(Bench.PARALLELISM, "free", "Interlock, free"),
        IO_FREE(Bench.IO_RELEASE, "free", "Interlock, free; waits in blocking()"),
        IO_SHARED(Bench.IO_RELEASE, "shared", "Interlock, shared; waits in blocking()"),
        IO_FREE_PLAIN(Bench.IO_RELEASE, "free-plain", "Interlock, free; plain waits (mode=plain)"),
        IO_SHARED_PLAIN(Bench.IO_RELEASE, "shared-plain", "Interlock, shared; plain waits (mode=plain)"),
        IO_QOS(Bench.IO_RELEASE, "qos-1", "plain Jetty, QoSHandler maxRequestCount=1"),
        IO_SYNCHRONIZED(Bench.IO_RELEASE, "synchronized", "plain Jetty, synchronized doGet"),
        CONVOY_ALONE(Bench.CONVOY, "shared-alone", "Interlock, shared; io-bound alone"),
        CONVOY_SHARED(Bench.CONVOY, "shared-convoy", "Interlock, shared; io-bound + 1 cpu-bound client"),
        CONVOY_FREE(Bench.CONVOY, "free-convoy", "Interlock, free; io-bound + 1 cpu-bound client (reference)");

        final Bench bench;
        final String key;
        final String label;

        Cell(Bench bench, String key, String label)
        {
            this.bench = bench;
            this.key = key;
            this.label = label;
        }

        String id()
        {
            return bench.key + "/" + key;
        }

        /** @return the lock discipline under Interlock, or {@code null} for plain Jetty */
        String lock()
        {
            return switch (this)
            {
                case PAR_SHARED, IO_SHARED, IO_SHARED_PLAIN, CONVOY_ALONE, CONVOY_SHARED -> "shared";
                case PAR_APPLICATION -> "application";
                case PAR_FREE, IO_FREE, IO_FREE_PLAIN, CONVOY_FREE -> "free";
                case IO_QOS, IO_SYNCHRONIZED -> null;
            };
        }

        boolean locked()
        {
            return "shared".equals(lock()) || "application".equals(lock());
        }

        WebappServer.Spec spec(Wars wars)
        {
            Map<String, String> settings = new LinkedHashMap<>();
            if (lock() != null)
                settings.put("interlock.lock", lock());
            if (locked())
                settings.put("interlock.switch-interval", SWITCH_INTERVAL_MS + "ms");
            WebappServer.Mount io = WebappServer.Mount.war("/io-bound", wars.ioBound());
            return switch (bench)
            {
                case PARALLELISM -> new WebappServer.Spec(true, settings, 0,
                    List.of(WebappServer.Mount.war("/cpu-a", wars.cpuBound()), WebappServer.Mount.war("/cpu-b", wars.cpuBound())));
                case IO_RELEASE -> switch (this)
                {
                    case IO_QOS -> new WebappServer.Spec(false, settings, 1, List.of(io));
                    case IO_SYNCHRONIZED -> new WebappServer.Spec(false, settings, 0,
                        List.of(WebappServer.Mount.servlet("/io-bound", new SynchronizedWaitServlet(IO_WAIT_MS), "/wait")));
                    default -> new WebappServer.Spec(true, settings, 0, List.of(io));
                };
                case CONVOY -> new WebappServer.Spec(true, settings, 0, List.of(io, WebappServer.Mount.war("/cpu-bound", wars.cpuBound())));
            };
        }

        List<LoadDriver.Target> clients(WebappServer server)
        {
            List<LoadDriver.Target> clients = new ArrayList<>();
            switch (bench)
            {
                case PARALLELISM ->
                {
                    for (String webapp : List.of("cpu-a", "cpu-b"))
                        for (int i = 0; i < PARALLEL_CLIENTS_PER_WEBAPP; i++)
                            clients.add(new LoadDriver.Target(webapp, server.uri("/" + webapp + "/work?units=" + PARALLEL_UNITS), CPU_PREFIX_PARALLEL));
                }
                case IO_RELEASE ->
                {
                    String query = this == IO_FREE_PLAIN || this == IO_SHARED_PLAIN ? "&mode=plain" : "";
                    for (int i = 0; i < IO_CLIENTS; i++)
                        clients.add(new LoadDriver.Target("io", server.uri("/io-bound/wait?ms=" + IO_WAIT_MS + query), IO_PREFIX));
                }
                case CONVOY ->
                {
                    for (int i = 0; i < CONVOY_IO_CLIENTS; i++)
                        clients.add(new LoadDriver.Target("io", server.uri("/io-bound/wait?ms=" + IO_WAIT_MS), IO_PREFIX));
                    if (this != CONVOY_ALONE)
                        for (int i = 0; i < CONVOY_CPU_CLIENTS; i++)
                            clients.add(new LoadDriver.Target("cpu", server.uri("/cpu-bound/work?units=" + CONVOY_UNITS), CPU_PREFIX_CONVOY));
                }
            }
            return clients;
        }

        static List<Cell> of(Bench bench)
        {
            List<Cell> cells = new ArrayList<>();
            for (Cell c : values())
                if (c.bench == bench)
                    cells.add(c);
            return cells;
        }
    }

    /** The sample WARs, as built by Maven. */
    record Wars(Path cpuBound, Path ioBound)
    {
        static Wars in(Path samples)
        {
            Wars wars = new Wars(samples.resolve("cpu-bound/target/cpu-bound.war"), samples.resolve("io-bound/target/io-bound.war"));
            for (Path war : List.of(wars.cpuBound, wars.ioBound))
                if (!Files.isRegularFile(war))
                    throw new IllegalStateException("missing " + war.toAbsolutePath() + ": build the samples first " +
                        "(mvn -q -pl samples/io-bound,samples/cpu-bound,benchmarks -am -DskipTests install)");
            return wars;
        }
    }

    /**
     * @param counters lock counters over the measured run (warm-up and tail included):
     * acquisitions, contended acquisitions, hand-overs
     * @param lockWaits how long the contended acquisitions of that run waited, by bucket
     * (multiples of the switch interval)
     */
    record CellResult(int round, int position, Cell cell, LoadDriver.Window window, long[] counters, Map<String, Long> lockWaits,
                      long qosSuspended, double ownCpu, double otherCpu, double stealCpu)
    {
        /** @return requests per second of every series together */
        double throughput()
        {
            return window.series().values().stream().mapToDouble(LoadDriver.Series::throughput).sum();
        }

        long completed()
        {
            return window.series().values().stream().mapToLong(LoadDriver.Series::completed).sum();
        }

        long errors()
        {
            return window.series().values().stream().mapToLong(LoadDriver.Series::errors).sum();
        }

        /** @return percentile of the series' latency, in ms */
        double percentileMs(String series, double percentile)
        {
            return window.get(series).latencyMicros().getValueAtPercentile(percentile) / 1000.0;
        }
    }

    /**
     * What a run found.
     *
     * @param throughput per cell, the total requests per second in each round (for the chart)
     */
    record Outcome(List<CellResult> results, List<Figure> figures, Map<Cell, List<Double>> throughput, List<String> problems,
                   int rounds, long seconds, String markdown)
    {
    }

    /**
     * Runs the given benchmarks and writes {@code locks.csv}, {@code locks.json} and
     * {@code locks.md} to {@code resultsDir}.
     */
    /**
     * @param measureSeconds measured seconds per cell, or 0 for the defaults
     * ({@link #MEASURE_SECONDS}, {@link #LONG_MEASURE_SECONDS})
     */
    static Outcome run(Path resultsDir, Set<Bench> benches, int rounds, double measureSeconds, Wars wars, PrintStream log) throws Exception
    {
        if (rounds < 1 || rounds > 100 || !(measureSeconds >= 0 && measureSeconds <= 600))
            throw new IllegalArgumentException("rounds must be 1..100 and measured seconds 0..600, not " + rounds + " and " + measureSeconds);
        List<Bench> order = new ArrayList<>();
        for (Bench b : Bench.values())
            if (benches.contains(b))
                order.add(b);
        String machine = OverheadBenchmark.machine();
        Map<Bench, Double> seconds = new EnumMap<>(Bench.class);
        for (Bench b : order)
            seconds.put(b, measureSeconds > 0 ? measureSeconds : b == Bench.PARALLELISM ? MEASURE_SECONDS : LONG_MEASURE_SECONDS);
        log.printf(Locale.ROOT, "Interlock lock benchmarks: %d rounds x (%.1f s warm-up + measured %s) per cell; %s%n",
            rounds, WARMUP_SECONDS, seconds, machine);

        long t0 = System.nanoTime();
        log.println("JIT warm-up (excluded)...");
        for (Bench b : order)
            for (Cell cell : Cell.of(b))
                runCell(cell, wars, 0.5, JIT_WARMUP_SECONDS, -1, 0, rounds, log);

        List<CellResult> results = new ArrayList<>();
        for (int round = 0; round < rounds; round++)
        {
            int position = 0;
            for (int i = 0; i < order.size(); i++)
            {
                // The benchmarks take turns going first, and so do the variants within each.
                Bench bench = order.get((i + round) % order.size());
                List<Cell> cells = Cell.of(bench);
                for (int j = 0; j < cells.size(); j++)
                    results.add(runCell(cells.get((j + round) % cells.size()), wars, WARMUP_SECONDS, seconds.get(bench), round, position++, rounds, log));
            }
        }
        long totalSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);

        List<Figure> figures = figures(results, order, rounds);
        Map<Cell, List<Double>> throughput = new EnumMap<>(Cell.class);
        for (Bench b : order)
            for (Cell c : Cell.of(b))
                throughput.put(c, perRound(results, rounds, c, CellResult::throughput));
        List<String> problems = checks(results);
        String markdown = markdown(results, figures, problems, order, rounds, seconds, machine, totalSeconds);

        Files.createDirectories(resultsDir);
        Files.writeString(resultsDir.resolve("locks.csv"), csv(results), StandardCharsets.UTF_8);
        Files.writeString(resultsDir.resolve("locks.json"), json(results, figures, problems, order, rounds, seconds, machine), StandardCharsets.UTF_8);
        Files.writeString(resultsDir.resolve("locks.md"), markdown, StandardCharsets.UTF_8);
        log.println("Lock benchmark results in " + resultsDir.toAbsolutePath());
        return new Outcome(results, figures, throughput, problems, rounds, totalSeconds, markdown);
    }

    private static CellResult runCell(Cell cell, Wars wars, double warmupSeconds, double measureSeconds, int round, int position, int rounds,
                                      PrintStream log) throws Exception
    {
        CellResult result;
        WebappServer server = WebappServer.start(cell.spec(wars));
        LoadDriver driver = null;
        try
        {
            List<LoadDriver.Target> clients = cell.clients(server);
            driver = new LoadDriver(clients.size());
            long[] before = server.lockCounters();
            Map<String, Long> waitsBefore = server.lockWaits();
            CpuMeter cpu = CpuMeter.start();
            LoadDriver.Window window = driver.measure(clients, warmupSeconds, measureSeconds);
            double[] shares = cpu.shares();
            long[] after = server.lockCounters();
            long[] counters = new long[after.length];
            for (int i = 0; i < after.length; i++)
                counters[i] = after[i] - before[i];
            Map<String, Long> waits = new LinkedHashMap<>(server.lockWaits());
            waits.replaceAll((bucket, count) -> count - waitsBefore.getOrDefault(bucket, 0L));
            result = new CellResult(round, position, cell, window, counters, waits, server.qosSuspended(), shares[0], shares[1], shares[2]);
        }
        finally
        {
            // Client first, then server: no leaked threads from one cell into the next.
            try
            {
                if (driver != null)
                    driver.stop();
            }
            finally
            {
                server.stop();
            }
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %s %-28s",
            round < 0 ? "warm-up   " : String.format(Locale.ROOT, "round %d/%d", round + 1, rounds), cell.id()));
        for (LoadDriver.Series s : result.window().series().values())
        {
            Histogram h = s.latencyMicros();
            line.append(String.format(Locale.ROOT, "  %s: %7.1f req/s p50 %6.1f p99 %6.1f ms", s.series(), s.throughput(),
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0));
            if (s.errors() > 0)
                line.append(" ERRORS ").append(s.errors());
        }
        line.append(String.format(Locale.ROOT, "  locks %d (contended %d, hand-overs %d)  cpu %.0f%% (others %.0f%%)%s",
            result.counters()[0], result.counters()[1], result.counters()[2], 100 * result.ownCpu(), 100 * (result.otherCpu() + result.stealCpu()),
            result.window().drained() ? "" : "  NOT DRAINED"));
        log.println(line);
        // Let the stopped server's garbage go before the next cell, so no cell pays for another's.
        System.gc();
        Thread.sleep(100);
        return result;
    }

    private static CellResult find(List<CellResult> results, int round, Cell cell)
    {
        for (CellResult r : results)
            if (r.round() == round && r.cell() == cell)
                return r;
        throw new IllegalStateException("missing " + cell.id() + " in round " + round);
    }

    private static List<Double> perRound(List<CellResult> results, int rounds, Cell cell, java.util.function.ToDoubleFunction<CellResult> value)
    {
        List<Double> values = new ArrayList<>();
        for (int round = 0; round < rounds; round++)
            values.add(value.applyAsDouble(find(results, round, cell)));
        return values;
    }

    private static List<Double> ratioPerRound(List<CellResult> results, int rounds, Cell numerator, Cell denominator)
    {
        List<Double> values = new ArrayList<>();
        for (int round = 0; round < rounds; round++)
            values.add(find(results, round, numerator).throughput() / find(results, round, denominator).throughput());
        return values;
    }

    private static List<Figure> figures(List<CellResult> results, List<Bench> benches, int rounds)
    {
        List<Figure> f = new ArrayList<>();
        String plainNote = "expected: a wait outside blocking(...) keeps the lock (DESIGN.md, \"What a lock protects\"), so under shared the 50 waits run one at a time";
        for (Bench b : benches)
        {
            switch (b)
            {
                case PARALLELISM ->
                {
                    f.add(new Figure(b.key, "application/shared", "throughput application / shared (2 cpu-bound WARs)", "x",
                        ratioPerRound(results, rounds, Cell.PAR_APPLICATION, Cell.PAR_SHARED), TARGET_PARALLELISM, false, ""));
                    f.add(new Figure(b.key, "free/shared", "throughput free / shared", "x",
                        ratioPerRound(results, rounds, Cell.PAR_FREE, Cell.PAR_SHARED), null, false, ""));
                    f.add(new Figure(b.key, "application/free", "throughput application / free", "x",
                        ratioPerRound(results, rounds, Cell.PAR_APPLICATION, Cell.PAR_FREE), null, false, ""));
                }
                case IO_RELEASE ->
                {
                    f.add(new Figure(b.key, "shared/free", "throughput shared / free, waits in blocking()", "x",
                        ratioPerRound(results, rounds, Cell.IO_SHARED, Cell.IO_FREE), TARGET_IO_VS_FREE, false, ""));
                    f.add(new Figure(b.key, "shared/qos-1", "throughput shared (blocking()) / QoSHandler(1)", "x",
                        ratioPerRound(results, rounds, Cell.IO_SHARED, Cell.IO_QOS), TARGET_IO_VS_SERIAL, false, ""));
                    f.add(new Figure(b.key, "shared/synchronized", "throughput shared (blocking()) / synchronized servlet", "x",
                        ratioPerRound(results, rounds, Cell.IO_SHARED, Cell.IO_SYNCHRONIZED), TARGET_IO_VS_SERIAL, false, ""));
                    f.add(new Figure(b.key, "shared-plain/free-plain", "throughput shared / free, plain waits (worst case)", "x",
                        ratioPerRound(results, rounds, Cell.IO_SHARED_PLAIN, Cell.IO_FREE_PLAIN), TARGET_IO_VS_FREE, false, plainNote));
                    f.add(new Figure(b.key, "shared-plain/qos-1", "throughput shared (plain waits) / QoSHandler(1)", "x",
                        ratioPerRound(results, rounds, Cell.IO_SHARED_PLAIN, Cell.IO_QOS), TARGET_IO_VS_SERIAL, false, plainNote));
                    f.add(new Figure(b.key, "shared-plain/synchronized", "throughput shared (plain waits) / synchronized servlet", "x",
                        ratioPerRound(results, rounds, Cell.IO_SHARED_PLAIN, Cell.IO_SYNCHRONIZED), TARGET_IO_VS_SERIAL, false, plainNote));
                }
                case CONVOY ->
                {
                    f.add(new Figure(b.key, "alone-p50", "io-bound p50, alone (shared)", "ms",
                        perRound(results, rounds, Cell.CONVOY_ALONE, r -> r.percentileMs("io", 50)), null, true, ""));
                    f.add(new Figure(b.key, "alone-p99", "io-bound p99, alone (shared)", "ms",
                        perRound(results, rounds, Cell.CONVOY_ALONE, r -> r.percentileMs("io", 99)), null, true, ""));
                    f.add(new Figure(b.key, "convoy-p50", "io-bound p50, with 1 cpu-bound client (shared)", "ms",
                        perRound(results, rounds, Cell.CONVOY_SHARED, r -> r.percentileMs("io", 50)), null, true, ""));
                    f.add(new Figure(b.key, "convoy-p99", "io-bound p99, with 1 cpu-bound client (shared)", "ms",
                        perRound(results, rounds, Cell.CONVOY_SHARED, r -> r.percentileMs("io", 99)), TARGET_CONVOY_P99_MS, true,
                        "target = " + IO_WAIT_MS + " ms of work + 2 x " + SWITCH_INTERVAL_MS + " ms switch interval + 5 ms"));
                    f.add(new Figure(b.key, "free-convoy-p99", "io-bound p99, with 1 cpu-bound client (free, reference)", "ms",
                        perRound(results, rounds, Cell.CONVOY_FREE, r -> r.percentileMs("io", 99)), null, true, ""));
                    f.add(new Figure(b.key, "convoy-cpu-shared/free", "cpu-bound client throughput, shared / free", "x",
                        perRound(results, rounds, Cell.CONVOY_SHARED, r -> r.window().get("cpu").throughput() /
                            find(results, r.round(), Cell.CONVOY_FREE).window().get("cpu").throughput()), null, false, ""));
                }
            }
        }
        return f;
    }

    /** What would make the figures meaningless. */
    private static List<String> checks(List<CellResult> results)
    {
        List<String> problems = new ArrayList<>();
        for (CellResult r : results)
        {
            String where = "round " + (r.round() + 1) + " " + r.cell().id();
            if (r.errors() > 0)
                problems.add(where + ": " + r.errors() + " failed requests");
            if (!r.window().drained())
                problems.add(where + ": the load did not stop within its bounds");
            for (LoadDriver.Series s : r.window().series().values())
                if (s.measured() == 0)
                    problems.add(where + ": no request of series " + s.series() + " was measured");
            long acquisitions = r.counters()[0];
            if (r.cell().locked() && acquisitions < r.completed())
                problems.add(where + ": only " + acquisitions + " lock acquisitions for " + r.completed() + " requests: the lock is not in force");
            if (!r.cell().locked() && acquisitions != 0)
                problems.add(where + ": " + acquisitions + " lock acquisitions where no lock should be taken");
            if (r.cell() == Cell.IO_QOS && r.qosSuspended() <= 0)
                problems.add(where + ": QoSHandler suspended no request");
        }
        return problems;
    }

    private static Histogram merged(List<CellResult> results, Cell cell, String series)
    {
        Histogram merged = null;
        for (CellResult r : results)
        {
            if (r.cell() != cell)
                continue;
            Histogram h = r.window().get(series).latencyMicros();
            if (merged == null)
                merged = h.copy();
            else
                merged.add(h);
        }
        return merged;
    }

    private static List<String> seriesOf(List<CellResult> results, Cell cell)
    {
        for (CellResult r : results)
            if (r.cell() == cell)
                return new ArrayList<>(r.window().series().keySet());
        return List.of();
    }

    static String description(Bench b)
    {
        return switch (b)
        {
            case PARALLELISM -> String.format(Locale.ROOT, "two cpu-bound WARs (/cpu-a, /cpu-b), %d clients each on /work?units=%d",
                PARALLEL_CLIENTS_PER_WEBAPP, PARALLEL_UNITS);
            case IO_RELEASE -> String.format(Locale.ROOT, "io-bound WAR, %d clients on /wait?ms=%d (plain: &mode=plain); server pool %d threads",
                IO_CLIENTS, IO_WAIT_MS, WebappServer.THREADS);
            case CONVOY -> String.format(Locale.ROOT, "io-bound WAR, %d clients on /wait?ms=%d; cpu-bound WAR in the same group, %d client on /work?units=%d; switch interval %d ms",
                CONVOY_IO_CLIENTS, IO_WAIT_MS, CONVOY_CPU_CLIENTS, CONVOY_UNITS, SWITCH_INTERVAL_MS);
        };
    }

    private static String markdown(List<CellResult> results, List<Figure> figures, List<String> problems, List<Bench> benches, int rounds,
                                   Map<Bench, Double> seconds, String machine, long totalSeconds)
    {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "### Lock disciplines on the sample WARs, %d rounds (%s; %d s in all)%n%n",
            rounds, machine, totalSeconds));
        for (Bench bench : benches)
            b.append(String.format(Locale.ROOT, "* %s: %s; %.1f s warm-up and %.1f s measured per variant and round%n",
                bench.key, description(bench), WARMUP_SECONDS, seconds.get(bench)));
        b.append('\n');
        b.append("| benchmark | variant | series | clients | median req/s | min-max req/s | p50 ms | p99 ms | p99.9 ms | max ms | errors | lock acquisitions (contended, hand-overs) |\n");
        b.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Bench bench : benches)
        {
            for (Cell cell : Cell.of(bench))
            {
                List<CellResult> rs = results.stream().filter(r -> r.cell() == cell).toList();
                long acq = rs.stream().mapToLong(r -> r.counters()[0]).sum();
                long cont = rs.stream().mapToLong(r -> r.counters()[1]).sum();
                long hand = rs.stream().mapToLong(r -> r.counters()[2]).sum();
                for (String series : seriesOf(results, cell))
                {
                    OverheadBenchmark.Stats t = OverheadBenchmark.Stats.of(rs.stream().map(r -> r.window().get(series).throughput()).toList());
                    Histogram h = merged(results, cell, series);
                    long errors = rs.stream().mapToLong(r -> r.window().get(series).errors()).sum();
                    int clients = rs.get(0).window().get(series).clients();
                    b.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %.1f | %.1f-%.1f | %.1f | %.1f | %.1f | %.1f | %d | %s |%n",
                        bench.key, cell.label, series, clients, t.median(), t.min(), t.max(),
                        h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0,
                        h.getMaxValue() / 1000.0, errors,
                        cell.locked() ? String.format(Locale.ROOT, "%d (%d, %d)", acq, cont, hand) : "-"));
                }
            }
        }
        b.append("\nLatencies are of the requests sent within the measured windows, all rounds merged. ");
        b.append("Throughput counts the requests completed within each window.\n");
        b.append(String.format(Locale.ROOT, "%nLock waits: how long contended acquisitions waited, in multiples of the switch interval (%d ms), " +
            "from the engine's own histograms, all rounds (warm-up and tail of each cell included):%n%n", SWITCH_INTERVAL_MS));
        List<String> labels = new ArrayList<>();
        results.forEach(r -> r.lockWaits().keySet().forEach(l -> { if (!labels.contains(l)) labels.add(l); }));
        b.append("| benchmark | variant | ").append(String.join(" | ", labels)).append(" |\n|---|---|");
        labels.forEach(l -> b.append("---:|"));
        b.append('\n');
        for (Bench bench : benches)
        {
            for (Cell cell : Cell.of(bench))
            {
                if (!cell.locked())
                    continue;
                Map<String, Long> w = waits(results.stream().filter(r -> r.cell() == cell).toList());
                b.append("| ").append(bench.key).append(" | ").append(cell.label).append(" | ");
                b.append(String.join(" | ", labels.stream().map(l -> Long.toString(w.getOrDefault(l, 0L))).toList())).append(" |\n");
            }
        }
        b.append(String.format(Locale.ROOT, "%n### Figures, each computed within one round (min / median / max over %d rounds)%n%n", rounds));
        b.append(figureTable(figures));
        b.append('\n');
        if (problems.isEmpty())
            b.append("Checks passed: no failed requests; every request under `shared` or `application` took a lock, none under `free` or plain Jetty; QoSHandler queued requests.\n");
        else
        {
            b.append("PROBLEMS (figures above are suspect):\n\n");
            problems.forEach(p -> b.append("* ").append(p).append('\n'));
        }
        b.append('\n').append(noise(results));
        return b.toString();
    }

    private static Map<String, Long> waits(List<CellResult> rs)
    {
        Map<String, Long> sum = new LinkedHashMap<>();
        rs.forEach(r -> r.lockWaits().forEach((bucket, count) -> sum.merge(bucket, count, Long::sum)));
        return sum;
    }

    static String figureTable(List<Figure> figures)
    {
        StringBuilder b = new StringBuilder();
        b.append("| benchmark | figure | min | median | max | target | verdict (median) |\n");
        b.append("|---|---|---:|---:|---:|---:|---|\n");
        for (Figure f : figures)
        {
            OverheadBenchmark.Stats s = f.stats();
            String unit = "x".equals(f.unit()) ? "" : " " + f.unit();
            b.append(String.format(Locale.ROOT, "| %s | %s | %s%s | %s%s | %s%s | %s | %s%s |%n", f.bench(), f.name(),
                f.format(s.min()), unit, f.format(s.median()), unit, f.format(s.max()), unit, f.targetText(), f.verdict(),
                f.note().isEmpty() ? "" : "; " + f.note()));
        }
        return b.toString();
    }

    private static String noise(List<CellResult> results)
    {
        List<String> noisy = new ArrayList<>();
        double worst = 0;
        for (CellResult r : results)
        {
            double others = r.otherCpu() + r.stealCpu();
            worst = Math.max(worst, Double.isNaN(others) ? 0 : others);
            if (others > NOISY_SHARE)
                noisy.add(String.format(Locale.ROOT, "round %d %s %.0f%%", r.round() + 1, r.cell().id(), 100 * others));
        }
        return String.format(Locale.ROOT, "Other processes and steal took at most %.0f%% of the machine during a cell", 100 * worst) +
            (noisy.isEmpty() ? ".\n" : String.format(Locale.ROOT, "; above %.0f%% in %d of %d: %s.%n",
                100 * NOISY_SHARE, noisy.size(), results.size(), String.join(", ", noisy)));
    }

    private static String csv(List<CellResult> results)
    {
        StringBuilder b = new StringBuilder("round,position,benchmark,variant,series,clients,completed_in_window,window_s,throughput_rps,measured," +
            "p50_us,p90_us,p99_us,p999_us,max_us,errors,lock_acquisitions,lock_contended,lock_hand_overs,qos_suspended,own_cpu_share,other_cpu_share,steal_share\n");
        for (CellResult r : results)
        {
            for (LoadDriver.Series s : r.window().series().values())
            {
                Histogram h = s.latencyMicros();
                b.append(String.format(Locale.ROOT, "%d,%d,%s,%s,%s,%d,%d,%.3f,%.2f,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%.3f,%.3f,%.3f%n",
                    r.round() + 1, r.position() + 1, r.cell().bench.key, r.cell().key, s.series(), s.clients(), s.completedInWindow(),
                    s.windowNanos() / 1e9, s.throughput(), s.measured(),
                    h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue(),
                    s.errors(), r.counters()[0], r.counters()[1], r.counters()[2], r.qosSuspended(), r.ownCpu(), r.otherCpu(), r.stealCpu()));
            }
        }
        return b.toString();
    }

    static Map<String, Object> figureJson(Figure f)
    {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("benchmark", f.bench());
        m.put("key", f.key());
        m.put("name", f.name());
        m.put("unit", f.unit());
        m.putAll(Json.stats(f.stats()));
        m.put("target", f.target());
        m.put("targetKind", f.target() == null ? null : f.atMost() ? "at most" : "at least");
        m.put("met", f.met());
        m.put("verdict", f.verdict());
        m.put("note", f.note());
        m.put("perRound", f.perRound());
        return m;
    }

    private static String json(List<CellResult> results, List<Figure> figures, List<String> problems, List<Bench> benches, int rounds,
                               Map<Bench, Double> seconds, String machine)
    {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("benchmark", "interlock-lock-disciplines");
        root.put("timestamp", Instant.now().toString());
        root.put("machine", machine);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("rounds", rounds);
        config.put("warmupSecondsPerCell", WARMUP_SECONDS);
        Map<String, Object> measured = new LinkedHashMap<>();
        seconds.forEach((bench, value) -> measured.put(bench.key, value));
        config.put("measureSecondsPerCell", measured);
        config.put("serverThreads", WebappServer.THREADS);
        config.put("switchIntervalMs", SWITCH_INTERVAL_MS);
        config.put("parallelWebapps", PARALLEL_WEBAPPS);
        config.put("parallelClientsPerWebapp", PARALLEL_CLIENTS_PER_WEBAPP);
        config.put("parallelUnits", PARALLEL_UNITS);
        config.put("ioClients", IO_CLIENTS);
        config.put("ioWaitMs", IO_WAIT_MS);
        config.put("convoyIoClients", CONVOY_IO_CLIENTS);
        config.put("convoyCpuClients", CONVOY_CPU_CLIENTS);
        config.put("convoyUnits", CONVOY_UNITS);
        Map<String, Object> descriptions = new LinkedHashMap<>();
        for (Bench bench : benches)
            descriptions.put(bench.key, description(bench));
        config.put("benchmarks", descriptions);
        root.put("config", config);

        Map<String, Object> cells = new LinkedHashMap<>();
        for (Bench bench : benches)
        {
            for (Cell cell : Cell.of(bench))
            {
                List<CellResult> rs = results.stream().filter(r -> r.cell() == cell).toList();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("benchmark", bench.key);
                m.put("variant", cell.key);
                m.put("label", cell.label);
                m.put("lock", cell.lock());
                m.put("throughputRps", Json.stats(OverheadBenchmark.Stats.of(rs.stream().map(CellResult::throughput).toList())));
                Map<String, Object> series = new LinkedHashMap<>();
                for (String name : seriesOf(results, cell))
                {
                    Histogram h = merged(results, cell, name);
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("clients", rs.get(0).window().get(name).clients());
                    s.put("throughputRps", Json.stats(OverheadBenchmark.Stats.of(rs.stream().map(r -> r.window().get(name).throughput()).toList())));
                    s.put("p50Ms", h.getValueAtPercentile(50) / 1000.0);
                    s.put("p99Ms", h.getValueAtPercentile(99) / 1000.0);
                    s.put("p999Ms", h.getValueAtPercentile(99.9) / 1000.0);
                    s.put("maxMs", h.getMaxValue() / 1000.0);
                    s.put("p99MsPerRound", Json.stats(OverheadBenchmark.Stats.of(rs.stream().map(r -> r.percentileMs(name, 99)).toList())));
                    s.put("errors", rs.stream().mapToLong(r -> r.window().get(name).errors()).sum());
                    series.put(name, s);
                }
                m.put("series", series);
                m.put("lockAcquisitions", rs.stream().mapToLong(r -> r.counters()[0]).sum());
                m.put("lockContended", rs.stream().mapToLong(r -> r.counters()[1]).sum());
                m.put("lockHandOvers", rs.stream().mapToLong(r -> r.counters()[2]).sum());
                m.put("lockWaitsBySwitchIntervals", waits(rs));
                cells.put(cell.id(), m);
            }
        }
        root.put("cells", cells);
        root.put("figures", figures.stream().map(LockBenchmarks::figureJson).toList());
        root.put("problems", problems);
        return Json.of(root);
    }
}
