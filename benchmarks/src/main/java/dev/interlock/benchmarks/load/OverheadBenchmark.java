package dev.interlock.benchmarks.load;

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * Interlock's overhead on a hello servlet, against plain Jetty, in one JVM run.
 *
 * <p>Three variants ({@link Variant}): (a) plain Jetty, (b) Interlock enabled with nothing
 * configured, (c) Interlock with {@code interlock.lock=application}, plus (a') plain Jetty once
 * more as an A/A control that measures the noise floor; in two scenarios
 * ({@link Scenario}): all {@link #CLIENTS} clients on one webapp (under (c) they contend for
 * its one lock), and one webapp per client (under (c) every lock is uncontended, at the same
 * server load). Each (scenario, variant) cell starts its own embedded server on 127.0.0.1
 * and its own {@code HttpClient}, warms up, measures, and stops both.</p>
 *
 * <p>After a JIT warm-up pass over every cell (excluded), the cells run {@link #ROUNDS} times,
 * in an order rotated every round, so that drift (other load on the machine, heap growth, CPU
 * frequency) touches every variant. Ratios (b)/(a) and (c)/(a) are computed within each round
 * and reported as min/median/max over the rounds.</p>
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.interlock.benchmarks.load.OverheadBenchmark
 * [results-dir]} (default {@code target/results}). The work sizes below are fixed; the system
 * properties {@code bench.rounds} and {@code bench.seconds} exist only for smoke tests, and the
 * results record the values used.</p>
 */
public final class OverheadBenchmark
{
    /** Concurrent clients, each with one request outstanding. */
    static final int CLIENTS = 16;
    /**
     * Rounds over all cells; ratios are reported as min/median/max over them. On the 2-core
     * machine this was written on, throughput drifts by 10-20% over a few seconds with nothing
     * else running (the host, not the JVM: the A/A control shows it), so many short, interleaved
     * cells beat a few long ones.
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

    private OverheadBenchmark()
    {
    }

    record Cell(Scenario scenario, Variant variant)
    {
        String key()
        {
            return scenario.key + "/" + variant.key;
        }
    }

    /**
     * @param ownCpu this JVM's CPU (server and client) as a share of the machine during the phase
     * @param otherCpu other processes' CPU, same unit: noise
     * @param stealCpu CPU stolen by the hypervisor, same unit: noise
     */
    record CellResult(int round, int position, Cell cell, LoadDriver.Phase phase, long lockAcquisitions, long lockContended,
                      double ownCpu, double otherCpu, double stealCpu)
    {
        /** @return this JVM's CPU time per successful request, in microseconds (client and server together) */
        double cpuMicrosPerRequest()
        {
            int cores = Runtime.getRuntime().availableProcessors();
            return phase.requests() == 0 ? Double.NaN : ownCpu * cores * phase.elapsedNanos() / 1e3 / phase.requests();
        }
    }

    record Stats(double min, double median, double max, int n)
    {
        static Stats of(List<Double> values)
        {
            double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            if (v.length == 0)
                return new Stats(Double.NaN, Double.NaN, Double.NaN, 0);
            double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
            return new Stats(v[0], median, v[v.length - 1], v.length);
        }
    }

    /**
     * A ratio variant/plain of one metric in one scenario, computed within each round.
     *
     * @param metric {@code throughput} (requests per second, what the targets are about) or
     * {@code efficiency} (requests per CPU-second of this JVM, client and server together: the
     * CPU cost of a request; supporting evidence only)
     */
    record Ratio(String name, String metric, Scenario scenario, Variant numerator, Double target, Stats stats, List<Double> perRound)
    {
    }

    /** Other processes or the hypervisor took more than this share of the machine: say so. */
    static final double NOISY_SHARE = 0.05;

    /**
     * What a run found, for a caller that reports on several benchmarks.
     *
     * @param seconds how long the run took, warm-up included
     */
    record Outcome(List<Ratio> ratios, List<String> problems, int rounds, double measureSeconds, long seconds, String markdown)
    {
    }

    public static void main(String[] args) throws Exception
    {
        Path resultsDir = Path.of(args.length > 0 ? args[0] : "target/results");
        int rounds = Integer.getInteger("bench.rounds", ROUNDS);
        double measureSeconds = Double.parseDouble(System.getProperty("bench.seconds", Double.toString(MEASURE_SECONDS)));
        Set<Thread> threadsBefore = new HashSet<>(Thread.getAllStackTraces().keySet());
        Outcome outcome = run(resultsDir, rounds, measureSeconds, System.err);
        System.out.println(outcome.markdown());
        List<Thread> leaked = leakedThreads(threadsBefore);
        if (!leaked.isEmpty())
        {
            System.err.println("LEAK: threads still running after every server and client stopped: " + leaked);
            System.exit(3);
        }
    }

    /**
     * Runs every cell {@code rounds} times and writes {@code overhead.csv}, {@code overhead.json}
     * and {@code overhead.md} to {@code resultsDir}.
     *
     * @param rounds rounds over all cells ({@link #ROUNDS} in a full run of this benchmark alone)
     * @param measureSeconds measured seconds per cell and round ({@link #MEASURE_SECONDS})
     * @param log where progress goes
     */
    static Outcome run(Path resultsDir, int rounds, double measureSeconds, PrintStream log) throws Exception
    {
        if (rounds < 1 || rounds > 100 || !(measureSeconds > 0 && measureSeconds <= 600))
            throw new IllegalArgumentException("rounds must be 1..100 and measured seconds 0..600, not " + rounds + " and " + measureSeconds);
        String machine = machine();
        log.printf(Locale.ROOT, "Interlock overhead benchmark: %d clients, %d rounds x (%.1f s warm-up + %.1f s measured) per cell; %s%n",
            CLIENTS, rounds, WARMUP_SECONDS, measureSeconds, machine);

        List<Cell> cells = new ArrayList<>();
        for (Scenario s : Scenario.values())
        {
            for (Variant v : s.variants)
                cells.add(new Cell(s, v));
        }

        long t0 = System.nanoTime();
        log.println("JIT warm-up (excluded)...");
        for (Cell cell : cells)
        {
            if (cell.variant() != Variant.PLAIN_CONTROL)
                runCell(cell, 0, JIT_WARMUP_SECONDS, -1, 0, rounds, log);
        }

        List<CellResult> results = new ArrayList<>();
        for (int round = 0; round < rounds; round++)
        {
            List<Cell> order = orderFor(round, cells);
            for (int position = 0; position < order.size(); position++)
                results.add(runCell(order.get(position), WARMUP_SECONDS, measureSeconds, round, position, rounds, log));
        }
        long totalSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);

        List<Ratio> ratios = ratios(results, rounds);
        List<String> problems = checks(results);
        String markdown = markdown(results, ratios, problems, rounds, measureSeconds, machine, totalSeconds);

        Files.createDirectories(resultsDir);
        Files.writeString(resultsDir.resolve("overhead.csv"), csv(results), StandardCharsets.UTF_8);
        Files.writeString(resultsDir.resolve("overhead.json"), json(results, ratios, problems, rounds, measureSeconds, machine), StandardCharsets.UTF_8);
        Files.writeString(resultsDir.resolve("overhead.md"), markdown, StandardCharsets.UTF_8);
        log.println("Overhead results in " + resultsDir.toAbsolutePath());
        return new Outcome(ratios, problems, rounds, measureSeconds, totalSeconds, markdown);
    }

    /** @return cores, JVM, OS and heap, for the results */
    static String machine()
    {
        return String.format(Locale.ROOT, "%d cores, %s %s, %s %s, max heap %d MiB",
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.vm.name"), System.getProperty("java.version"),
            System.getProperty("os.name"), System.getProperty("os.arch"),
            Runtime.getRuntime().maxMemory() >> 20);
    }

    /**
     * The order of the cells in a round: scenarios alternate which comes first, and the
     * variants within each are rotated by the round number.
     */
    static List<Cell> orderFor(int round, List<Cell> cells)
    {
        List<Scenario> scenarios = new ArrayList<>(List.of(Scenario.values()));
        if (round % 2 == 1)
            Collections.reverse(scenarios);
        List<Cell> order = new ArrayList<>();
        for (Scenario s : scenarios)
        {
            List<Variant> variants = s.variants;
            for (int i = 0; i < variants.size(); i++)
                order.add(new Cell(s, variants.get((i + round) % variants.size())));
        }
        if (order.size() != cells.size())
            throw new IllegalStateException();
        return order;
    }

    private static CellResult runCell(Cell cell, double warmupSeconds, double measureSeconds, int round, int position, int rounds, PrintStream log) throws Exception
    {
        CellResult result;
        BenchServer server = BenchServer.start(cell.variant(), cell.scenario().webapps);
        LoadDriver driver = null;
        try
        {
            driver = new LoadDriver(CLIENTS);
            List<URI> uris = server.uris();
            List<URI> targets = new ArrayList<>(CLIENTS);
            for (int i = 0; i < CLIENTS; i++)
                targets.add(uris.get(i % uris.size()));
            if (warmupSeconds > 0)
                driver.run(targets, warmupSeconds);
            long[] before = server.lockCounters();
            CpuMeter cpu = CpuMeter.start();
            LoadDriver.Phase phase = driver.run(targets, measureSeconds);
            double[] shares = cpu.shares();
            long[] after = server.lockCounters();
            result = new CellResult(round, position, cell, phase, after[0] - before[0], after[1] - before[1],
                shares[0], shares[1], shares[2]);
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
        Histogram h = result.phase().latencyMicros();
        log.printf(Locale.ROOT, "  %s %-30s %9.0f req/s  p50 %6d us  p99 %6d us  errors %d  locks %d (contended %d)  cpu %.0f%% (others %.0f%%)%s%n",
            round < 0 ? "warm-up   " : String.format(Locale.ROOT, "round %d/%d", round + 1, rounds),
            cell.key(), result.phase().throughput(), h.getValueAtPercentile(50), h.getValueAtPercentile(99),
            result.phase().errors(), result.lockAcquisitions(), result.lockContended(),
            100 * result.ownCpu(), 100 * (result.otherCpu() + result.stealCpu()),
            result.phase().drained() ? "" : "  NOT DRAINED");
        // Let the stopped server's garbage go before the next cell, so no cell pays for another's.
        System.gc();
        Thread.sleep(100);
        return result;
    }

    private static CellResult find(List<CellResult> results, int round, Scenario s, Variant v)
    {
        for (CellResult r : results)
        {
            if (r.round() == round && r.cell().scenario() == s && r.cell().variant() == v)
                return r;
        }
        throw new IllegalStateException("missing " + s + "/" + v + " in round " + round);
    }

    private static List<Ratio> ratios(List<CellResult> results, int rounds)
    {
        List<Ratio> ratios = new ArrayList<>();
        for (String metric : List.of("throughput", "efficiency"))
        {
            boolean targets = metric.equals("throughput");
            ratios.add(ratio(results, rounds, "(b)/(a) nothing configured", metric, Scenario.ONE_WEBAPP, Variant.NOTHING_CONFIGURED, targets ? TARGET_NOTHING_CONFIGURED : null));
            ratios.add(ratio(results, rounds, "(b)/(a) nothing configured", metric, Scenario.WEBAPP_PER_CLIENT, Variant.NOTHING_CONFIGURED, targets ? TARGET_NOTHING_CONFIGURED : null));
            ratios.add(ratio(results, rounds, "(c)/(a) application, uncontended", metric, Scenario.WEBAPP_PER_CLIENT, Variant.APPLICATION, targets ? TARGET_APPLICATION_UNCONTENDED : null));
            ratios.add(ratio(results, rounds, "(c)/(a) application, contended (16 clients, 1 lock)", metric, Scenario.ONE_WEBAPP, Variant.APPLICATION, null));
            ratios.add(ratio(results, rounds, "(a')/(a) plain vs plain: A/A control, the noise floor", metric, Scenario.ONE_WEBAPP, Variant.PLAIN_CONTROL, null));
            ratios.add(ratio(results, rounds, "(c)/(c') metrics on / metrics off, application uncontended", metric, Scenario.WEBAPP_PER_CLIENT,
                Variant.APPLICATION, Variant.APPLICATION_METRICS_OFF, targets ? TARGET_METRICS : null));
        }
        return ratios;
    }

    private static double metric(CellResult r, String metric)
    {
        return metric.equals("throughput") ? r.phase().throughput() : 1 / r.cpuMicrosPerRequest();
    }

    /** Issue 7: metrics always on cost at most 2%. */
    static final double TARGET_METRICS = 0.98;

    private static Ratio ratio(List<CellResult> results, int rounds, String name, String metric, Scenario s, Variant v, Double target)
    {
        return ratio(results, rounds, name, metric, s, v, Variant.PLAIN, target);
    }

    private static Ratio ratio(List<CellResult> results, int rounds, String name, String metric, Scenario s, Variant v, Variant denominator, Double target)
    {
        List<Double> perRound = new ArrayList<>();
        for (int round = 0; round < rounds; round++)
            perRound.add(metric(find(results, round, s, v), metric) / metric(find(results, round, s, denominator), metric));
        return new Ratio(name, metric, s, v, target, Stats.of(perRound), perRound);
    }

    /** What would make the figures meaningless: errors, stuck phases, a lock not in force or contended where it must not be. */
    private static List<String> checks(List<CellResult> results)
    {
        List<String> problems = new ArrayList<>();
        for (CellResult r : results)
        {
            String where = "round " + (r.round() + 1) + " " + r.cell().key();
            if (r.phase().errors() > 0)
                problems.add(where + ": " + r.phase().errors() + " failed requests");
            if (!r.phase().drained())
                problems.add(where + ": phase did not drain within " + LoadDriver.DRAIN_SECONDS + " s");
            if ((r.cell().variant() == Variant.APPLICATION || r.cell().variant() == Variant.APPLICATION_METRICS_OFF) && r.lockAcquisitions() < r.phase().requests())
                problems.add(where + ": only " + r.lockAcquisitions() + " lock acquisitions for " + r.phase().requests() + " requests: the lock is not in force");
            if (r.cell().variant() == Variant.NOTHING_CONFIGURED && r.lockAcquisitions() != 0)
                problems.add(where + ": " + r.lockAcquisitions() + " lock acquisitions where no lock should be taken");
            // A client sends its next request as soon as it has the response, and Jetty sends
            // a response whose Content-Length is reached from inside the servlet's write, so
            // the next request can, rarely, arrive before the previous dispatch has left the
            // lock. More than 1 in 1000 would no longer be "uncontended".
            if ((r.cell().variant() == Variant.APPLICATION || r.cell().variant() == Variant.APPLICATION_METRICS_OFF) && r.cell().scenario() == Scenario.WEBAPP_PER_CLIENT
                && r.lockContended() * UNCONTENDED_MAX_ONE_IN > r.lockAcquisitions())
                problems.add(where + ": " + r.lockContended() + " of " + r.lockAcquisitions() + " acquisitions contended in the uncontended scenario");
        }
        return problems;
    }

    private static Histogram merged(List<CellResult> results, Cell cell)
    {
        Histogram merged = null;
        for (CellResult r : results)
        {
            if (!r.cell().equals(cell))
                continue;
            if (merged == null)
                merged = r.phase().latencyMicros().copy();
            else
                merged.add(r.phase().latencyMicros());
        }
        return merged;
    }

    private static List<CellResult> of(List<CellResult> results, Cell cell)
    {
        return results.stream().filter(r -> r.cell().equals(cell)).toList();
    }

    private static String markdown(List<CellResult> results, List<Ratio> ratios, List<String> problems, int rounds, double measureSeconds, String machine, long totalSeconds)
    {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "### Hello servlet, %d concurrent clients, %d rounds x %.1f s per variant (%s; %d s in all)%n%n",
            CLIENTS, rounds, measureSeconds, machine, totalSeconds));
        b.append("| scenario | variant | webapps | median req/s | min-max req/s | p50 us | p99 us | p99.9 us | CPU us/req | errors | lock acquisitions (contended) |\n");
        b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Scenario s : Scenario.values())
        {
            for (Variant v : s.variants)
            {
                Cell cell = new Cell(s, v);
                List<CellResult> rs = of(results, cell);
                Stats t = Stats.of(rs.stream().map(r -> r.phase().throughput()).toList());
                Histogram h = merged(results, cell);
                long errors = rs.stream().mapToLong(r -> r.phase().errors()).sum();
                long acq = rs.stream().mapToLong(CellResult::lockAcquisitions).sum();
                long cont = rs.stream().mapToLong(CellResult::lockContended).sum();
                Stats cpu = Stats.of(rs.stream().map(CellResult::cpuMicrosPerRequest).toList());
                b.append(String.format(Locale.ROOT, "| %s | %s | %d | %.0f | %.0f-%.0f | %d | %d | %d | %.1f | %d | %s |%n",
                    s.key, v.label, s.webapps, t.median(), t.min(), t.max(),
                    h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), cpu.median(), errors,
                    (v == Variant.APPLICATION || v == Variant.APPLICATION_METRICS_OFF) ? String.format(Locale.ROOT, "%d (%d, %.1f%%)", acq, cont, acq == 0 ? 0 : 100.0 * cont / acq) : "-"));
            }
        }
        b.append(String.format(Locale.ROOT, "%n### Ratios to plain Jetty, each computed within one round (min / median / max over %d rounds)%n%n", rounds));
        b.append("`throughput` is requests/s (what the targets are about); `efficiency` is requests per CPU-second of the benchmark JVM ")
            .append("(client and server together), the inverse of the CPU cost of a request: CPU taken by other processes does not count, ")
            .append("but it drifts with the host as throughput does. The A/A control (plain vs plain) is the resolution of every other ratio.\n\n");
        b.append("| ratio | metric | scenario | min | median | max | target | verdict (median) |\n");
        b.append("|---|---|---|---:|---:|---:|---:|---|\n");
        for (Ratio r : ratios)
        {
            String verdict;
            if (r.target() == null)
                verdict = "no target";
            else if (r.stats().median() >= r.target())
                verdict = r.stats().min() >= r.target() ? "met (every round)" : "met (median; min below)";
            else
                verdict = String.format(Locale.ROOT, "MISSED by %.3f", r.target() - r.stats().median());
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %.3f | %.3f | %.3f | %s | %s |%n",
                r.name(), r.metric(), r.scenario().key, r.stats().min(), r.stats().median(), r.stats().max(),
                r.target() == null ? "-" : String.format(Locale.ROOT, ">= %.2f", r.target()), verdict));
        }
        b.append('\n');
        if (problems.isEmpty())
            b.append("Checks passed: no failed requests; every `application` request took its lock; at most 1 in 1000 acquisitions contended in the webapp-per-client scenario.\n");
        else
        {
            b.append("PROBLEMS (figures above are suspect):\n\n");
            problems.forEach(p -> b.append("* ").append(p).append('\n'));
        }
        List<String> noisy = new ArrayList<>();
        double worst = 0;
        for (CellResult r : results)
        {
            double others = r.otherCpu() + r.stealCpu();
            worst = Math.max(worst, Double.isNaN(others) ? 0 : others);
            if (others > NOISY_SHARE)
                noisy.add(String.format(Locale.ROOT, "round %d %s %.0f%%", r.round() + 1, r.cell().key(), 100 * others));
        }
        b.append(String.format(Locale.ROOT, "%nOther processes and steal took at most %.0f%% of the machine during a measured phase", 100 * worst));
        b.append(noisy.isEmpty() ? ".\n" : String.format(Locale.ROOT, "; above %.0f%% in %d of %d: %s.%n",
            100 * NOISY_SHARE, noisy.size(), results.size(), String.join(", ", noisy)));
        return b.toString();
    }

    private static String csv(List<CellResult> results)
    {
        StringBuilder b = new StringBuilder("round,position,scenario,variant,clients,webapps,requests,errors,seconds,throughput_rps,p50_us,p90_us,p99_us,p999_us,max_us,lock_acquisitions,lock_contended,cpu_us_per_request,own_cpu_share,other_cpu_share,steal_share\n");
        for (CellResult r : results)
        {
            Histogram h = r.phase().latencyMicros();
            b.append(String.format(Locale.ROOT, "%d,%d,%s,%s,%d,%d,%d,%d,%.3f,%.1f,%d,%d,%d,%d,%d,%d,%d,%.2f,%.3f,%.3f,%.3f%n",
                r.round() + 1, r.position() + 1, r.cell().scenario().key, r.cell().variant().key, CLIENTS, r.cell().scenario().webapps,
                r.phase().requests(), r.phase().errors(), r.phase().elapsedNanos() / 1e9, r.phase().throughput(),
                h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue(),
                r.lockAcquisitions(), r.lockContended(), r.cpuMicrosPerRequest(), r.ownCpu(), r.otherCpu(), r.stealCpu()));
        }
        return b.toString();
    }

    private static String json(List<CellResult> results, List<Ratio> ratios, List<String> problems, int rounds, double measureSeconds, String machine)
    {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("benchmark", "interlock-overhead-hello-servlet");
        root.put("timestamp", Instant.now().toString());
        root.put("machine", machine);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("clients", CLIENTS);
        config.put("rounds", rounds);
        config.put("warmupSecondsPerCell", WARMUP_SECONDS);
        config.put("measureSecondsPerCell", measureSeconds);
        config.put("jitWarmupSecondsPerCell", JIT_WARMUP_SECONDS);
        root.put("config", config);

        Map<String, Object> variants = new LinkedHashMap<>();
        for (Scenario s : Scenario.values())
        {
            for (Variant v : s.variants)
            {
                Cell cell = new Cell(s, v);
                List<CellResult> rs = of(results, cell);
                Stats t = Stats.of(rs.stream().map(r -> r.phase().throughput()).toList());
                Histogram h = merged(results, cell);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("scenario", s.key);
                m.put("variant", v.key);
                m.put("label", v.label);
                m.put("webapps", s.webapps);
                m.put("throughputRps", Json.stats(t));
                m.put("p50Us", h.getValueAtPercentile(50));
                m.put("p99Us", h.getValueAtPercentile(99));
                m.put("p999Us", h.getValueAtPercentile(99.9));
                m.put("errors", rs.stream().mapToLong(r -> r.phase().errors()).sum());
                m.put("lockAcquisitions", rs.stream().mapToLong(CellResult::lockAcquisitions).sum());
                m.put("lockContended", rs.stream().mapToLong(CellResult::lockContended).sum());
                m.put("cpuMicrosPerRequest", Json.stats(Stats.of(rs.stream().map(CellResult::cpuMicrosPerRequest).toList())));
                variants.put(cell.key(), m);
            }
        }
        root.put("variants", variants);

        List<Object> ratioList = new ArrayList<>();
        for (Ratio r : ratios)
        {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.put("metric", r.metric());
            m.put("scenario", r.scenario().key);
            m.put("numerator", r.numerator().key);
            m.put("denominator", Variant.PLAIN.key);
            m.put("target", r.target());
            m.putAll(Json.stats(r.stats()));
            m.put("perRound", r.perRound());
            ratioList.add(m);
        }
        root.put("ratios", ratioList);

        List<Object> runs = new ArrayList<>();
        for (CellResult r : results)
        {
            Histogram h = r.phase().latencyMicros();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("round", r.round() + 1);
            m.put("position", r.position() + 1);
            m.put("scenario", r.cell().scenario().key);
            m.put("variant", r.cell().variant().key);
            m.put("requests", r.phase().requests());
            m.put("errors", r.phase().errors());
            m.put("seconds", r.phase().elapsedNanos() / 1e9);
            m.put("throughputRps", r.phase().throughput());
            m.put("p50Us", h.getValueAtPercentile(50));
            m.put("p99Us", h.getValueAtPercentile(99));
            m.put("maxUs", h.getMaxValue());
            m.put("lockAcquisitions", r.lockAcquisitions());
            m.put("lockContended", r.lockContended());
            m.put("cpuMicrosPerRequest", r.cpuMicrosPerRequest());
            m.put("ownCpuShare", r.ownCpu());
            m.put("otherCpuShare", r.otherCpu());
            m.put("stealShare", r.stealCpu());
            runs.add(m);
        }
        root.put("runs", runs);
        root.put("problems", problems);
        StringBuilder b = new StringBuilder();
        Json.write(b, root, "");
        return b.append('\n').toString();
    }

    /**
     * Threads started during the run that are still alive once every server and client has
     * stopped, after a bounded grace period for pool threads to exit.
     */
    static List<Thread> leakedThreads(Set<Thread> before) throws InterruptedException
    {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<Thread> leaked;
        do
        {
            leaked = new ArrayList<>();
            for (Thread t : Thread.getAllStackTraces().keySet())
            {
                if (t.isAlive() && !t.isDaemon() && !before.contains(t) && t != Thread.currentThread())
                    leaked.add(t);
            }
            if (leaked.isEmpty())
                return leaked;
            Thread.sleep(100);
        }
        while (System.nanoTime() - deadline < 0);
        return leaked;
    }
}
