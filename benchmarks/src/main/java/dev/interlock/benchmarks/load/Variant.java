package dev.interlock.benchmarks.load;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The servers the overhead benchmark compares, all serving the same hello servlet.
 */
enum Variant
{
    /** (a) Plain Jetty: {@code ServletContextHandler}s, no Interlock anywhere. */
    PLAIN("plain", "plain Jetty"),
    /**
     * (a') Plain Jetty again, measured as a variant of its own: the A/A control. Its ratio to (a)
     * shows how far two identical servers differ on this machine, the resolution of every other
     * ratio.
     */
    PLAIN_CONTROL("plain-again", "plain Jetty again (A/A control)"),
    /** (b) Interlock enabled on every context, an {@code InterlockServer} bean with no settings. */
    NOTHING_CONFIGURED("nothing", "Interlock, nothing configured"),
    /** (c) As (b) with {@code interlock.lock=application} on the {@code InterlockServer}. */
    APPLICATION("application", "Interlock, interlock.lock=application"),
    /** (c') As (c) with {@code interlock.metrics.enabled=false}: what the always-on metrics cost. */
    APPLICATION_METRICS_OFF("application-metrics-off", "Interlock, interlock.lock=application, metrics off"),
    /**
     * (d) As (c) with {@code interlock.request-timeout=30s}: what the request watchdog costs
     * (one registration per request, lock figures measured, one sampling task per server).
     */
    APPLICATION_TIMEOUT("application-timeout", "Interlock, interlock.lock=application, request-timeout=30s");

    final String key;
    final String label;

    Variant(String key, String label)
    {
        this.key = key;
        this.label = label;
    }

    boolean interlock()
    {
        return this == NOTHING_CONFIGURED || locked();
    }

    /** @return whether {@code interlock.lock=application} is in force */
    boolean locked()
    {
        return this == APPLICATION || this == APPLICATION_METRICS_OFF || this == APPLICATION_TIMEOUT;
    }

    /** @return the Interlock settings of this variant, by their one name */
    Map<String, String> settings()
    {
        Map<String, String> settings = new LinkedHashMap<>();
        if (locked())
            settings.put("interlock.lock", "application");
        if (this == APPLICATION_METRICS_OFF)
            settings.put("interlock.metrics.enabled", "false");
        if (this == APPLICATION_TIMEOUT)
            settings.put("interlock.request-timeout", "30s");
        return settings;
    }
}
