package dev.interlock.jetty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.interlock.concurrency.ComponentConcurrency;
import dev.interlock.concurrency.WebappConcurrency;
import dev.interlock.group.WebappGroups;
import dev.interlock.metrics.ApplicationGroupMetrics;
import dev.interlock.metrics.ExecutorGroupMetrics;
import dev.interlock.metrics.Histogram;
import dev.interlock.metrics.MetricsSnapshot;
import dev.interlock.options.InterlockConfig;
import dev.interlock.options.Settings;
import org.eclipse.jetty.util.ajax.JSON;

/**
 * The status endpoint's JSON, described by {@code status.schema.json} next to this class:
 * every field of every metrics record, durations in milliseconds, times in milliseconds since
 * the epoch. Written with Jetty's {@link JSON}; a class of its own, so that jetty-util-ajax is
 * loaded only when the endpoint is asked for JSON.
 */
final class StatusJson
{
    /** The version of the format; raised when a field changes meaning or goes away. */
    static final int VERSION = 1;

    private StatusJson()
    {
    }

    /**
     * @param interlock the engine
     * @param since keep only the history samples taken after this time, in milliseconds since the
     * epoch ({@link Long#MIN_VALUE}: all of them)
     * @return the current snapshot and the history, as JSON
     */
    static String write(InterlockServer interlock, long since)
    {
        InterlockMetrics metrics = interlock.getMetrics();
        MetricsSnapshot now = metrics.snapshot();
        List<Object> history = new ArrayList<>();
        for (MetricsSnapshot s : metrics.history())
        {
            if (s.time().toEpochMilli() > since)
                history.add(snapshot(s));
        }
        InterlockConfig config = interlock.getConfig();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("version", VERSION);
        status.put("metricsEnabled", config == null || config.server(Settings.METRICS_ENABLED));
        status.put("samplesKept", InterlockMetrics.KEPT);
        status.put("warnings", interlock.getWarnings());
        status.put("snapshot", snapshot(now));
        status.put("history", history);
        status.put("watchdog", watchdog(interlock.getWatchdog()));
        status.put("concurrency", concurrency(interlock));
        return new JSON().toJSON(status);
    }

    /** The webapps with interlock.detect-concurrency on, by context path; none when it is off everywhere. */
    private static List<Object> concurrency(InterlockServer interlock)
    {
        List<Object> webapps = new ArrayList<>();
        for (WebappBinding b : interlock.getWebapps())
        {
            WebappConcurrency c = b.getConcurrency();
            WebappGroups g = b.groups();
            if (c == null || g == null)
                continue;
            List<Object> components = new ArrayList<>();
            for (ComponentConcurrency x : c.components())
            {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("className", x.className());
                m.put("kind", x.kind());
                m.put("maxConcurrent", x.maxConcurrent());
                m.put("active", x.active());
                m.put("requests", x.requests());
                m.put("watched", x.watched());
                components.add(m);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("webapp", c.contextPath());
            m.put("lock", g.defaultMembership().discipline().settingValue());
            m.put("watch", c.watch());
            m.put("watchedNotComponents", b.getWatchedNotComponents());
            m.put("components", components);
            webapps.add(m);
        }
        return webapps;
    }

    private static Map<String, Object> watchdog(RequestWatchdog w)
    {
        List<Object> requests = new ArrayList<>();
        for (RequestWatchdog.LongRequest r : w.getLongRequests())
        {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", r.method());
            m.put("uri", r.uri());
            m.put("webapp", r.webapp());
            m.put("applicationGroup", r.applicationGroup());
            m.put("executorGroup", r.executorGroup());
            m.put("runningMillis", r.runningMillis());
            m.put("timeoutMillis", r.timeoutMillis());
            m.put("lockHeldMillis", r.lockHeldMillis());
            m.put("lockWaitedMillis", r.lockWaitedMillis());
            m.put("state", r.state());
            m.put("thread", r.thread());
            requests.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sampling", w.isSampling());
        m.put("stuckRequests", w.getStuckRequests());
        m.put("reports", w.getReports());
        m.put("interrupts", w.getInterrupts());
        m.put("unstoppable", w.getUnstoppable());
        m.put("holdWarnings", w.getHoldWarnings());
        m.put("selfCalls", w.getSelfCalls());
        m.put("lastSelfCall", w.getLastSelfCall());
        m.put("longRequests", requests);
        return m;
    }

    private static Map<String, Object> snapshot(MetricsSnapshot s)
    {
        List<Object> executors = new ArrayList<>();
        s.executorGroups().forEach(g -> executors.add(executorGroup(g)));
        List<Object> applications = new ArrayList<>();
        s.applicationGroups().forEach(a -> applications.add(applicationGroup(a)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", s.time().toEpochMilli());
        m.put("executorGroups", executors);
        m.put("applicationGroups", applications);
        return m;
    }

    private static Map<String, Object> executorGroup(ExecutorGroupMetrics g)
    {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", g.name());
        m.put("virtual", g.virtual());
        m.put("maxThreads", g.maxThreads());
        m.put("threads", g.threads());
        m.put("busyThreads", g.busyThreads());
        m.put("utilisation", ratio(g.utilisation()));
        m.put("queueDepth", g.queueDepth());
        m.put("queueCapacity", g.queueCapacity());
        m.put("queueTime", g.queueTime() == null ? null : histogram(g.queueTime()));
        m.put("completed", g.completed());
        m.put("rejectedQueueFull", g.rejectedQueueFull());
        m.put("rejectedQueueTimeout", g.rejectedQueueTimeout());
        m.put("rejectedDraining", g.rejectedDraining());
        m.put("rejectedStopped", g.rejectedStopped());
        return m;
    }

    private static Map<String, Object> applicationGroup(ApplicationGroupMetrics a)
    {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", a.name());
        m.put("executorGroup", a.executorGroup());
        m.put("disciplines", a.disciplines());
        m.put("disciplineSources", a.disciplineSources());
        m.put("routes", new TreeMap<>(a.routes()));
        m.put("fallbacks", a.fallbacks());
        m.put("activeRequests", a.activeRequests());
        m.put("lock", a.lock());
        m.put("waiters", a.waiters());
        m.put("acquisitions", a.acquisitions());
        m.put("contendedAcquisitions", a.contendedAcquisitions());
        m.put("contentionRatio", ratio(a.contentionRatio()));
        m.put("handOvers", a.handOvers());
        m.put("refusals", a.refusals());
        m.put("abortedResponses", a.abortedResponses());
        m.put("lockWait", histogram(a.lockWait()));
        m.put("lockHold", histogram(a.lockHold()));
        return m;
    }

    private static Map<String, Object> histogram(Histogram h)
    {
        List<Object> buckets = new ArrayList<>();
        for (Histogram.Bucket b : h.buckets())
        {
            Map<String, Object> bucket = new LinkedHashMap<>();
            bucket.put("label", b.label());
            bucket.put("upToMillis", b.upTo() == null ? null : millis(b.upTo()));
            bucket.put("count", b.count());
            buckets.add(bucket);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.count());
        m.put("sumMillis", millis(h.sum()));
        m.put("buckets", buckets);
        return m;
    }

    private static double millis(Duration d)
    {
        return d.toNanos() / 1_000_000.0;
    }

    /** JSON has no NaN or infinity: a ratio that could not be computed is {@code null}. */
    private static Double ratio(double d)
    {
        return Double.isFinite(d) ? d : null;
    }
}
