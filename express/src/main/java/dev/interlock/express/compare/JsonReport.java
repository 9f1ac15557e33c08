package dev.interlock.express.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.interlock.options.SettingValue;
import org.eclipse.jetty.util.ajax.JSON;

/**
 * The comparison as {@code compare.json}, written with Jetty's own JSON. The fields are listed in
 * {@code express/README.md}; {@code version} changes when a field changes meaning or goes away.
 */
public final class JsonReport
{
    /** The version of the format. */
    public static final int VERSION = 1;

    private JsonReport()
    {
    }

    public static String render(ComparisonReport report)
    {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", VERSION);
        root.put("war", report.war());
        root.put("started", report.started().toString());
        root.put("machine", report.machine());
        Comparison.Plan plan = report.plan();
        root.put("clients", plan.clients());
        root.put("threads", report.threads());
        root.put("warmupSeconds", plan.warmup().toMillis() / 1000.0);
        root.put("durationSeconds", plan.duration().toMillis() / 1000.0);
        List<Object> mix = new ArrayList<>();
        for (RequestMix.Entry e : plan.mix().entries())
            mix.add(map("method", e.call().method(), "path", e.call().path(), "weight", e.weight()));
        root.put("requests", mix);
        CounterCheck check = plan.check();
        root.put("check", check == null ? null : map(
            "call", check.check().toString(),
            "expectPer", check.expectPer(),
            "reset", check.reset() == null ? null : check.reset().toString(),
            "rule", check.rule(plan.mix())));
        List<Object> settings = new ArrayList<>();
        for (SettingValue s : report.settings())
            settings.add(map("key", s.key(), "value", s.value(), "source", s.source()));
        root.put("settings", settings);
        List<Object> runs = new ArrayList<>();
        for (DisciplineRun r : report.runs())
            runs.add(run(r));
        root.put("disciplines", runs);
        return new JSON().toJSON(root);
    }

    private static Map<String, Object> run(DisciplineRun r)
    {
        LoadResult load = r.load();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("discipline", r.mount().discipline());
        m.put("mount", r.mount().contextPath());
        m.put("executorGroup", r.mount().executorGroup());
        m.put("elapsedSeconds", round(load.elapsedNanos() / 1e9));
        m.put("throughput", round(load.throughput()));
        m.put("ok", load.ok());
        m.put("non2xx", load.non2xx());
        m.put("failures", load.failures());
        m.put("errors", load.errors());
        m.put("cpuSeconds", r.cpuNanos() < 0 ? null : round(r.cpuNanos() / 1e9));
        m.put("cpuCores", r.cpuCores() == null ? null : round(r.cpuCores()));
        Map<String, Object> statuses = new LinkedHashMap<>();
        load.statuses().forEach((status, n) -> statuses.put(Integer.toString(status), n));
        m.put("errorStatuses", statuses);
        m.put("firstFailure", load.firstFailure());
        m.put("latencyMs", load.ok() == 0 ? null : map(
            "p50", round(load.latencyMs(50)),
            "p90", round(load.latencyMs(90)),
            "p99", round(load.latencyMs(99)),
            "max", round(load.maxLatencyMs()),
            "mean", round(load.latencyMicros().getTotalCount() == 0 ? 0 : load.latencyMicros().getMean() / 1000.0)));
        List<Object> calls = new ArrayList<>();
        for (LoadResult.CallCounts c : load.calls())
            calls.add(map("call", c.call().toString(), "ok", c.ok(), "non2xx", c.non2xx(), "failures", c.failures()));
        m.put("calls", calls);
        LockFigures lock = r.lock();
        m.put("lock", map(
            "locks", lock.locks(),
            "acquisitions", lock.acquisitions(),
            "contended", lock.contended(),
            "contention", lock.contention() == null ? null : round(lock.contention()),
            "handOvers", lock.handOvers(),
            "refusals", lock.refusals()));
        CounterCheck.Result c = r.check();
        m.put("check", c == null ? null : map(
            "before", c.before(),
            "after", c.after(),
            "expected", c.expected(),
            "actual", c.actual(),
            "lostUpdates", c.lost(),
            "extra", c.extra(),
            "correct", c.correct()));
        return m;
    }

    /** A map of the pairs given, in their order; values may be {@code null}. */
    private static Map<String, Object> map(Object... pairs)
    {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2)
            m.put((String)pairs[i], pairs[i + 1]);
        return m;
    }

    /** Three decimals: the figures' precision, not the double's. */
    private static double round(double value)
    {
        return Math.round(value * 1000) / 1000.0;
    }
}
