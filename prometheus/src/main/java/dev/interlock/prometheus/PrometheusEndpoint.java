package dev.interlock.prometheus;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

import dev.interlock.jetty.AdminEndpoint;
import dev.interlock.jetty.InterlockServer;
import dev.interlock.micrometer.InterlockMetricsBinder;
import dev.interlock.options.Setting;
import dev.interlock.options.Settings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A Prometheus scrape of Interlock's metrics ({@code interlock.prometheus.enabled}, off by
 * default) at {@code interlock.prometheus.path} ({@code /interlock/metrics}), next to the status
 * page and under its access rules: loopback clients only unless {@code interlock.status.role} is
 * set, then clients authenticated with BASIC in that role.
 *
 * <p>The meters are those of {@link InterlockMetricsBinder}, in a {@link PrometheusMeterRegistry}
 * of the endpoint's own (found as a service: the jar on the server's classpath is enough) or one
 * given to {@link #PrometheusEndpoint(PrometheusMeterRegistry)}, whose other meters are then
 * scraped too. The format is the one the scraper's {@code Accept} header asks for: the Prometheus
 * text format by default, OpenMetrics text or Prometheus protobuf on request.</p>
 *
 * <p>One endpoint serves one engine. A scrape registers the meters of groups created since the
 * last one first, so a new application group is in the first scrape after it exists.</p>
 */
public final class PrometheusEndpoint implements AdminEndpoint
{
    private final PrometheusMeterRegistry registry;
    private final ExpositionFormats formats = ExpositionFormats.init();
    private InterlockMetricsBinder binder;
    private InterlockServer bound;

    /**
     * An endpoint with a registry of its own, holding Interlock's meters only.
     */
    public PrometheusEndpoint()
    {
        this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /**
     * An endpoint that adds Interlock's meters to an application's registry and scrapes all of
     * it. Do not also bind an {@link InterlockMetricsBinder} of the same engine to that registry.
     *
     * @param registry the registry
     */
    public PrometheusEndpoint(PrometheusMeterRegistry registry)
    {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public Setting<Boolean> enabledBy()
    {
        return Settings.PROMETHEUS_ENABLED;
    }

    @Override
    public Setting<String> pathSetting()
    {
        return Settings.PROMETHEUS_PATH;
    }

    /**
     * @throws IllegalStateException if the endpoint already serves another engine
     */
    @Override
    public synchronized Handler handler(InterlockServer interlock)
    {
        if (bound != null && bound != interlock)
            throw new IllegalStateException("A PrometheusEndpoint serves one engine; it already serves " + bound);
        if (binder == null)
        {
            bound = interlock;
            binder = InterlockMetricsBinder.of(interlock);
            binder.bindTo(registry);
        }
        return new Scrape(binder);
    }

    /**
     * @return the registry scraped
     */
    public PrometheusMeterRegistry getRegistry()
    {
        return registry;
    }

    @Override
    public String toString()
    {
        return "PrometheusEndpoint@" + Integer.toHexString(hashCode());
    }

    /** Answers a scrape; reads counters only, never waits for requests. */
    private final class Scrape extends Handler.Abstract.NonBlocking
    {
        private final InterlockMetricsBinder binder;

        private Scrape(InterlockMetricsBinder binder)
        {
            this.binder = binder;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception
        {
            binder.refresh();
            ExpositionFormatWriter writer = formats.findWriter(request.getHeaders().get(HttpHeader.ACCEPT));
            ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
            registry.scrape(out, writer.getContentType());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, writer.getContentType());
            response.write(true, ByteBuffer.wrap(out.toByteArray()), callback);
            return true;
        }
    }
}
