package dev.interlock.benchmarks.load;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * What the lock benchmarks found, as {@code locks.csv} (one row per round, benchmark, variant
 * and client series), {@code locks.json} and {@code locks.md} (per-variant summaries, lock-wait
 * histograms, every figure).
 */
final class LockReport extends SuiteReport<LockCell>
{
    private final List<Figure> figures;

    LockReport(Results<LockCell> results)
    {
        super(results);
        this.figures = LockBenchmarks.figures(results);
    }

    @Override
    List<Figure> figures()
    {
        return figures;
    }

    /** @return whether the benchmark ran */
    boolean has(LockBenchmarks.Bench bench)
    {
        return figures.stream().anyMatch(f -> f.bench().equals(bench.key));
    }

    @Override
    public String markdown()
    {
        Results<LockCell> results = results();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "### Lock disciplines on the sample WARs, %d rounds (%s; %d s in all)%n%n",
            results.rounds(), results.machine(), results.seconds()));
        for (Benchmark<LockCell> bench : results.suite().benchmarks())
            b.append(String.format(Locale.ROOT, "* %s: %s; %.1f s warm-up and %.1f s measured per variant and round%n",
                bench.key(), LockBenchmarks.Bench.of(bench.key()).description(), bench.measurement().warmupSeconds(), bench.measurement().measureSeconds()));
        b.append('\n');
        b.append("| benchmark | variant | series | clients | median req/s | min-max req/s | p50 ms | p99 ms | p99.9 ms | max ms | errors | CPU us/req | lock acquisitions (contended, hand-overs) |\n");
        b.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (LockCell cell : results.suite().cells())
        {
            List<CellResult<LockCell>> rs = results.of(cell);
            LockCounts locks = sum(rs);
            double cpu = Stats.of(rs.stream().map(CellResult::cpuMicrosPerRequest).toList()).median();
            for (String series : results.series(cell))
            {
                Stats t = Stats.of(rs.stream().map(r -> r.window().get(series).throughput()).toList());
                Histogram h = results.merged(cell, series);
                long errors = rs.stream().mapToLong(r -> r.window().get(series).errors()).sum();
                int clients = rs.get(0).window().get(series).clients();
                b.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %.1f | %.1f-%.1f | %.1f | %.1f | %.1f | %.1f | %d | %.0f | %s |%n",
                    cell.benchmark(), cell.label(), series, clients, t.median(), t.min(), t.max(),
                    h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0,
                    h.getMaxValue() / 1000.0, errors, cpu,
                    cell.locked() ? String.format(Locale.ROOT, "%d (%d, %d)", locks.acquisitions(), locks.contended(), locks.handOvers()) : "-"));
            }
        }
        b.append("\nLatencies are of the requests sent within the measured windows, all rounds merged. ");
        b.append("Throughput counts the requests completed within each window. CPU per request is the benchmark JVM's (client and server ")
            .append("together) over each cell's whole run under load, warm-up and tail included, over the requests completed in it (every series ")
            .append("together), median over the rounds.\n");
        b.append(String.format(Locale.ROOT, "%nLock waits: how long contended acquisitions waited, in multiples of the switch interval (%d ms), " +
            "from the engine's own histograms, all rounds (warm-up and tail of each cell included):%n%n", LockBenchmarks.SWITCH_INTERVAL_MS));
        b.append(lockWaitTable(results));
        b.append(String.format(Locale.ROOT, "%n### Figures, each computed within one round (min / median / max over %d rounds)%n%n", results.rounds()));
        b.append(Markdown.figureTable(figures));
        b.append('\n');
        b.append(Markdown.checks(problems(), "Checks passed: no failed requests; every request under `shared` or `application` took a lock, " +
            "none under `free` or plain Jetty; QoSHandler queued requests."));
        b.append('\n').append(Markdown.noise(results, "a cell"));
        return b.toString();
    }

    private static String lockWaitTable(Results<LockCell> results)
    {
        StringBuilder b = new StringBuilder();
        List<String> labels = new ArrayList<>();
        results.all().forEach(r -> r.lockWaits().keySet().forEach(l -> { if (!labels.contains(l)) labels.add(l); }));
        b.append("| benchmark | variant | ").append(String.join(" | ", labels)).append(" |\n|---|---|");
        labels.forEach(l -> b.append("---:|"));
        b.append('\n');
        for (LockCell cell : results.suite().cells())
        {
            if (!cell.locked())
                continue;
            Map<String, Long> w = waits(results.of(cell));
            b.append("| ").append(cell.benchmark()).append(" | ").append(cell.label()).append(" | ");
            b.append(String.join(" | ", labels.stream().map(l -> Long.toString(w.getOrDefault(l, 0L))).toList())).append(" |\n");
        }
        return b.toString();
    }

    private static LockCounts sum(List<CellResult<LockCell>> rs)
    {
        return new LockCounts(rs.stream().mapToLong(r -> r.locks().acquisitions()).sum(), rs.stream().mapToLong(r -> r.locks().contended()).sum(),
            rs.stream().mapToLong(r -> r.locks().handOvers()).sum());
    }

    private static Map<String, Long> waits(List<CellResult<LockCell>> rs)
    {
        Map<String, Long> sum = new LinkedHashMap<>();
        rs.forEach(r -> r.lockWaits().forEach((bucket, count) -> sum.merge(bucket, count, Long::sum)));
        return sum;
    }

    @Override
    public String csv()
    {
        Results<LockCell> results = results();
        StringBuilder b = new StringBuilder("round,position,benchmark,variant,series,clients,completed_in_window,window_s,throughput_rps,measured," +
            "p50_us,p90_us,p99_us,p999_us,max_us,errors,lock_acquisitions,lock_contended,lock_hand_overs,qos_suspended,own_cpu_share,other_cpu_share,steal_share,cpu_us_per_request\n");
        for (CellResult<LockCell> r : results.all())
        {
            for (LoadDriver.Series s : r.window().series().values())
            {
                Histogram h = s.latencyMicros();
                b.append(String.format(Locale.ROOT, "%d,%d,%s,%s,%s,%d,%d,%.3f,%.2f,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%.3f,%.3f,%.3f,%.1f%n",
                    r.round() + 1, r.position() + 1, r.cell().benchmark(), r.cell().key(), s.series(), s.clients(), s.completedInWindow(),
                    s.windowNanos() / 1e9, s.throughput(), s.measured(),
                    h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue(),
                    s.errors(), r.locks().acquisitions(), r.locks().contended(), r.locks().handOvers(), r.qosSuspended(), r.ownCpu(), r.otherCpu(), r.stealCpu(),
                    r.cpuMicrosPerRequest()));
            }
        }
        return b.toString();
    }

    @Override
    public String json()
    {
        Results<LockCell> results = results();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("benchmark", "interlock-lock-disciplines");
        root.put("timestamp", Instant.now().toString());
        root.put("machine", results.machine());
        root.put("config", config(results));

        Map<String, Object> cells = new LinkedHashMap<>();
        for (LockCell cell : results.suite().cells())
        {
            List<CellResult<LockCell>> rs = results.of(cell);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("benchmark", cell.benchmark());
            m.put("variant", cell.key());
            m.put("label", cell.label());
            m.put("lock", cell.lock());
            m.put("throughputRps", Json.stats(Stats.of(rs.stream().map(CellResult::throughput).toList())));
            m.put("cpuMicrosPerRequest", Json.stats(Stats.of(rs.stream().map(CellResult::cpuMicrosPerRequest).toList())));
            Map<String, Object> series = new LinkedHashMap<>();
            for (String name : results.series(cell))
            {
                Histogram h = results.merged(cell, name);
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("clients", rs.get(0).window().get(name).clients());
                s.put("throughputRps", Json.stats(Stats.of(rs.stream().map(r -> r.window().get(name).throughput()).toList())));
                s.put("p50Ms", h.getValueAtPercentile(50) / 1000.0);
                s.put("p99Ms", h.getValueAtPercentile(99) / 1000.0);
                s.put("p999Ms", h.getValueAtPercentile(99.9) / 1000.0);
                s.put("maxMs", h.getMaxValue() / 1000.0);
                s.put("p99MsPerRound", Json.stats(Stats.of(rs.stream().map(r -> r.percentileMs(name, 99)).toList())));
                s.put("errors", rs.stream().mapToLong(r -> r.window().get(name).errors()).sum());
                series.put(name, s);
            }
            m.put("series", series);
            LockCounts locks = sum(rs);
            m.put("lockAcquisitions", locks.acquisitions());
            m.put("lockContended", locks.contended());
            m.put("lockHandOvers", locks.handOvers());
            m.put("lockWaitsBySwitchIntervals", waits(rs));
            cells.put(cell.id(), m);
        }
        root.put("cells", cells);
        root.put("figures", figures.stream().map(Figure::json).toList());
        root.put("problems", problems());
        return Json.of(root);
    }

    private static Map<String, Object> config(Results<LockCell> results)
    {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("rounds", results.rounds());
        config.put("warmupSecondsPerCell", LockBenchmarks.WARMUP_SECONDS);
        Map<String, Object> measured = new LinkedHashMap<>();
        results.suite().benchmarks().forEach(b -> measured.put(b.key(), b.measurement().measureSeconds()));
        config.put("measureSecondsPerCell", measured);
        config.put("serverThreads", BenchServer.THREADS);
        config.put("switchIntervalMs", LockBenchmarks.SWITCH_INTERVAL_MS);
        config.put("parallelWebapps", LockBenchmarks.PARALLEL_WEBAPPS);
        config.put("parallelClientsPerWebapp", LockBenchmarks.PARALLEL_CLIENTS_PER_WEBAPP);
        config.put("parallelUnits", LockBenchmarks.PARALLEL_UNITS);
        config.put("ioClients", LockBenchmarks.IO_CLIENTS);
        config.put("ioWaitMs", LockBenchmarks.IO_WAIT_MS);
        config.put("convoyIoClients", LockBenchmarks.CONVOY_IO_CLIENTS);
        config.put("convoyCpuClients", LockBenchmarks.CONVOY_CPU_CLIENTS);
        config.put("convoyUnits", LockBenchmarks.CONVOY_UNITS);
        Map<String, Object> descriptions = new LinkedHashMap<>();
        results.suite().benchmarks().forEach(b -> descriptions.put(b.key(), LockBenchmarks.Bench.of(b.key()).description()));
        config.put("benchmarks", descriptions);
        return config;
    }
}
