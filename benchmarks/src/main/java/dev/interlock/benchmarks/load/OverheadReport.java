package dev.interlock.benchmarks.load;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * What the overhead benchmark found, as {@code overhead.csv} (one row per round, scenario and
 * variant), {@code overhead.json} and {@code overhead.md} (per-variant summaries and every
 * ratio).
 */
final class OverheadReport extends SuiteReport<HelloCell>
{
    private final List<OverheadBenchmark.Ratio> ratios;

    OverheadReport(Results<HelloCell> results)
    {
        super(results);
        this.ratios = OverheadBenchmark.ratios(results);
    }

    List<OverheadBenchmark.Ratio> ratios()
    {
        return ratios;
    }

    /** @return every ratio, throughput and CPU per request */
    @Override
    List<Figure> figures()
    {
        return ratios.stream().map(OverheadBenchmark.Ratio::figure).toList();
    }

    private static double measureSeconds(Results<HelloCell> results)
    {
        return results.suite().benchmarks().get(0).measurement().measureSeconds();
    }

    private static LoadDriver.Series phase(CellResult<HelloCell> r)
    {
        return r.window().get(HelloCell.SERIES);
    }

    @Override
    public String markdown()
    {
        Results<HelloCell> results = results();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "### Hello servlet, %d concurrent clients, %d rounds x %.1f s per variant (%s; %d s in all)%n%n",
            OverheadBenchmark.CLIENTS, results.rounds(), measureSeconds(results), results.machine(), results.seconds()));
        b.append("| scenario | variant | webapps | median req/s | min-max req/s | p50 us | p99 us | p99.9 us | CPU us/req | errors | lock acquisitions (contended) |\n");
        b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (HelloCell cell : results.suite().cells())
        {
            List<CellResult<HelloCell>> rs = results.of(cell);
            Stats t = Stats.of(rs.stream().map(CellResult::throughput).toList());
            Histogram h = results.merged(cell, HelloCell.SERIES);
            long errors = rs.stream().mapToLong(CellResult::errors).sum();
            long acq = rs.stream().mapToLong(r -> r.locks().acquisitions()).sum();
            long cont = rs.stream().mapToLong(r -> r.locks().contended()).sum();
            Stats cpu = Stats.of(rs.stream().map(CellResult::cpuMicrosPerRequest).toList());
            b.append(String.format(Locale.ROOT, "| %s | %s | %d | %.0f | %.0f-%.0f | %d | %d | %d | %.1f | %d | %s |%n",
                cell.scenario().key, cell.label(), cell.scenario().webapps, t.median(), t.min(), t.max(),
                h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), cpu.median(), errors,
                cell.locked() ? String.format(Locale.ROOT, "%d (%d, %.1f%%)", acq, cont, acq == 0 ? 0 : 100.0 * cont / acq) : "-"));
        }
        b.append(String.format(Locale.ROOT, "%n### Ratios to plain Jetty, each computed within one round (min / median / max over %d rounds)%n%n",
            results.rounds()));
        b.append("`throughput` is requests/s (higher is better); `CPU per request` is the benchmark JVM's CPU time (client and server ")
            .append("together) per request (lower is better, so its target is an upper bound): CPU taken by other processes does not count, ")
            .append("but it drifts with the host as throughput does. The A/A control (plain vs plain) is the resolution of every other ratio.\n\n");
        b.append("| ratio | metric | scenario | min | median | max | target | verdict (median) |\n");
        b.append("|---|---|---|---:|---:|---:|---:|---|\n");
        for (OverheadBenchmark.Ratio r : ratios)
        {
            Stats s = r.stats();
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %.3f | %.3f | %.3f | %s | %s |%n",
                r.name(), r.metric(), r.scenario().key, s.min(), s.median(), s.max(),
                r.target() == null ? "-" : String.format(Locale.ROOT, "%s %.2f", r.metric().equals(OverheadBenchmark.CPU) ? "<=" : ">=", r.target()),
                verdict(r)));
        }
        b.append('\n');
        b.append(Markdown.checks(problems(), "Checks passed: no failed requests; every `application` request took its lock; " +
            "at most 1 in 1000 acquisitions contended in the webapp-per-client scenario."));
        b.append('\n').append(Markdown.noise(results, "a measured phase"));
        return b.toString();
    }

    /** This table's own verdicts, older than {@link Figure#verdict()}: they say by how much a median missed. */
    private static String verdict(OverheadBenchmark.Ratio r)
    {
        Stats s = r.stats();
        if (r.target() == null)
            return "no target";
        boolean atMost = r.metric().equals(OverheadBenchmark.CPU);
        double worst = atMost ? s.max() : s.min();
        if (atMost ? s.median() <= r.target() : s.median() >= r.target())
            return (atMost ? worst <= r.target() : worst >= r.target()) ? "met (every round)" : "met (median; " + (atMost ? "max above" : "min below") + ")";
        return String.format(Locale.ROOT, "MISSED by %.3f", Math.abs(r.target() - s.median()));
    }

    @Override
    public String csv()
    {
        Results<HelloCell> results = results();
        StringBuilder b = new StringBuilder("round,position,scenario,variant,clients,webapps,requests,errors,seconds,throughput_rps," +
            "p50_us,p90_us,p99_us,p999_us,max_us,lock_acquisitions,lock_contended,cpu_us_per_request,own_cpu_share,other_cpu_share,steal_share\n");
        for (CellResult<HelloCell> r : results.all())
        {
            LoadDriver.Series phase = phase(r);
            Histogram h = phase.latencyMicros();
            b.append(String.format(Locale.ROOT, "%d,%d,%s,%s,%d,%d,%d,%d,%.3f,%.1f,%d,%d,%d,%d,%d,%d,%d,%.2f,%.3f,%.3f,%.3f%n",
                r.round() + 1, r.position() + 1, r.cell().scenario().key, r.cell().variant().key, OverheadBenchmark.CLIENTS, r.cell().scenario().webapps,
                phase.completedInWindow(), phase.errors(), phase.windowNanos() / 1e9, phase.throughput(),
                h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue(),
                r.locks().acquisitions(), r.locks().contended(), r.cpuMicrosPerRequest(), r.ownCpu(), r.otherCpu(), r.stealCpu()));
        }
        return b.toString();
    }

    @Override
    public String json()
    {
        Results<HelloCell> results = results();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("benchmark", "interlock-overhead-hello-servlet");
        root.put("timestamp", Instant.now().toString());
        root.put("machine", results.machine());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("clients", OverheadBenchmark.CLIENTS);
        config.put("rounds", results.rounds());
        config.put("warmupSecondsPerCell", OverheadBenchmark.WARMUP_SECONDS);
        config.put("measureSecondsPerCell", measureSeconds(results));
        config.put("jitWarmupSecondsPerCell", OverheadBenchmark.JIT_WARMUP_SECONDS);
        root.put("config", config);

        Map<String, Object> variants = new LinkedHashMap<>();
        for (HelloCell cell : results.suite().cells())
        {
            List<CellResult<HelloCell>> rs = results.of(cell);
            Histogram h = results.merged(cell, HelloCell.SERIES);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("scenario", cell.scenario().key);
            m.put("variant", cell.variant().key);
            m.put("label", cell.label());
            m.put("webapps", cell.scenario().webapps);
            m.put("throughputRps", Json.stats(Stats.of(rs.stream().map(CellResult::throughput).toList())));
            m.put("p50Us", h.getValueAtPercentile(50));
            m.put("p99Us", h.getValueAtPercentile(99));
            m.put("p999Us", h.getValueAtPercentile(99.9));
            m.put("errors", rs.stream().mapToLong(CellResult::errors).sum());
            m.put("lockAcquisitions", rs.stream().mapToLong(r -> r.locks().acquisitions()).sum());
            m.put("lockContended", rs.stream().mapToLong(r -> r.locks().contended()).sum());
            m.put("cpuMicrosPerRequest", Json.stats(Stats.of(rs.stream().map(CellResult::cpuMicrosPerRequest).toList())));
            variants.put(cell.id(), m);
        }
        root.put("variants", variants);

        List<Object> ratioList = new ArrayList<>();
        for (OverheadBenchmark.Ratio r : ratios)
        {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.put("metric", r.metric());
            m.put("scenario", r.scenario().key);
            m.put("numerator", r.numerator().key);
            m.put("denominator", r.denominator().key);
            m.put("target", r.target());
            m.putAll(Json.stats(r.stats()));
            m.put("perRound", r.perRound());
            ratioList.add(m);
        }
        root.put("ratios", ratioList);

        List<Object> runs = new ArrayList<>();
        for (CellResult<HelloCell> r : results.all())
        {
            LoadDriver.Series phase = phase(r);
            Histogram h = phase.latencyMicros();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("round", r.round() + 1);
            m.put("position", r.position() + 1);
            m.put("scenario", r.cell().scenario().key);
            m.put("variant", r.cell().variant().key);
            m.put("requests", phase.completedInWindow());
            m.put("errors", phase.errors());
            m.put("seconds", phase.windowNanos() / 1e9);
            m.put("throughputRps", phase.throughput());
            m.put("p50Us", h.getValueAtPercentile(50));
            m.put("p99Us", h.getValueAtPercentile(99));
            m.put("maxUs", h.getMaxValue());
            m.put("lockAcquisitions", r.locks().acquisitions());
            m.put("lockContended", r.locks().contended());
            m.put("cpuMicrosPerRequest", r.cpuMicrosPerRequest());
            m.put("ownCpuShare", r.ownCpu());
            m.put("otherCpuShare", r.otherCpu());
            m.put("stealShare", r.stealCpu());
            runs.add(m);
        }
        root.put("runs", runs);
        root.put("problems", problems());
        return Json.of(root);
    }
}
