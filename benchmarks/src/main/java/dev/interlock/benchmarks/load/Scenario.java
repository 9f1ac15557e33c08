package dev.interlock.benchmarks.load;

import java.util.List;

/**
 * How the fixed client concurrency meets the webapps. Both use {@link OverheadBenchmark#CLIENTS}
 * concurrent clients, each with one request outstanding at a time.
 */
enum Scenario
{
    /**
     * Every client calls the same webapp. Under {@code application} the 16 clients share one
     * application group and so one lock: this is the <em>contended</em> figure.
     */
    ONE_WEBAPP("one-webapp", 1, Variant.PLAIN, Variant.PLAIN_CONTROL, Variant.NOTHING_CONFIGURED, Variant.APPLICATION),
    /**
     * Client {@code i} calls only webapp {@code /app<i>}; every webapp is its own application
     * group (the default), so under {@code application} each lock is only ever asked for by one
     * client with one request in flight: the <em>uncontended</em> figure, at the same server
     * load. The benchmark checks this with the locks' contended-acquisition counters.
     */
    WEBAPP_PER_CLIENT("webapp-per-client", OverheadBenchmark.CLIENTS, Variant.PLAIN, Variant.NOTHING_CONFIGURED, Variant.APPLICATION, Variant.APPLICATION_METRICS_OFF,
        Variant.APPLICATION_TIMEOUT);

    final String key;
    final int webapps;
    /** The variants run in this scenario; the A/A control runs in one scenario only, to save time. */
    final List<Variant> variants;

    Scenario(String key, int webapps, Variant... variants)
    {
        this.key = key;
        this.webapps = webapps;
        this.variants = List.of(variants);
    }
}
