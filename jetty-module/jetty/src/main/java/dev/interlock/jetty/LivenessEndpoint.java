package dev.interlock.jetty;

import dev.interlock.options.HealthAccess;
import dev.interlock.options.InterlockConfig;
import dev.interlock.options.Setting;
import dev.interlock.options.Settings;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The liveness endpoint ({@code interlock.health.enabled}, off by default): at
 * {@code interlock.health.live-path} ({@code /interlock/live}), 200 and {@code alive} whenever the
 * server answers at all — while webapps drain, during {@code interlock.stop-delay}, while an
 * executor group is saturated — so that an orchestrator that restarts a process whose liveness
 * fails (Kubernetes' {@code livenessProbe}) never restarts one that is only busy or stopping. In
 * Jetty's graceful phase the connectors take no new connection, so a probe on a new connection
 * gets no answer then; one on a connection opened before still gets 200.
 *
 * <p>Who may see it: as the readiness endpoint ({@code interlock.health.allow}).</p>
 */
final class LivenessEndpoint implements AdminEndpoint
{
    @Override
    public Setting<Boolean> enabledBy()
    {
        return Settings.HEALTH_ENABLED;
    }

    @Override
    public Setting<String> pathSetting()
    {
        return Settings.HEALTH_LIVE_PATH;
    }

    @Override
    public boolean admitsAnyClient(InterlockConfig config)
    {
        return config.server(Settings.HEALTH_ALLOW) == HealthAccess.ANY;
    }

    @Override
    public Handler handler(InterlockServer interlock)
    {
        return new Handler.Abstract.NonBlocking()
        {
            @Override
            public boolean handle(Request request, Response response, Callback callback)
            {
                StatusHandler.writeText(response, callback, HttpStatus.OK_200, "alive\n");
                return true;
            }
        };
    }

    @Override
    public String toString()
    {
        return "LivenessEndpoint";
    }
}
