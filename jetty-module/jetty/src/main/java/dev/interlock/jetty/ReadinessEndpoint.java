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
 * The readiness endpoint ({@code interlock.health.enabled}, off by default), for load balancers:
 * at {@code interlock.health.ready-path} ({@code /interlock/ready}) whether the server should get
 * requests, and at that path plus {@code /NAME} whether webapp NAME should (NAME as in
 * {@code interlock.webapps.NAME}: the context path without its leading {@code /}, {@code ROOT}
 * for {@code /}). 200 and {@code ready}, or 503 and {@code not ready: } with the reason, in one
 * line of plain text; never cached. What each answer means is {@link Readiness}'s.
 *
 * <p>Who may see it: as the status page ({@code interlock.health.allow=status}, the default), or
 * any client ({@code interlock.health.allow=any}).</p>
 */
final class ReadinessEndpoint implements AdminEndpoint
{
    @Override
    public Setting<Boolean> enabledBy()
    {
        return Settings.HEALTH_ENABLED;
    }

    @Override
    public Setting<String> pathSetting()
    {
        return Settings.HEALTH_READY_PATH;
    }

    @Override
    public boolean servesBelow()
    {
        return true;
    }

    @Override
    public boolean admitsAnyClient(InterlockConfig config)
    {
        return config.server(Settings.HEALTH_ALLOW) == HealthAccess.ANY;
    }

    @Override
    public Handler handler(InterlockServer interlock)
    {
        return new Answer(interlock);
    }

    /** Answers from the state of the moment; reads it without waiting for anything. */
    private static final class Answer extends Handler.Abstract.NonBlocking
    {
        private final InterlockServer interlock;

        private Answer(InterlockServer interlock)
        {
            this.interlock = interlock;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback)
        {
            InterlockConfig config = interlock.getConfig();
            String path = Request.getPathInContext(request);
            Readiness.Verdict verdict;
            if (config == null)
            {
                verdict = new Readiness.Verdict(false, "not ready: Interlock is not started");
            }
            else
            {
                String own = config.server(Settings.HEALTH_READY_PATH);
                verdict = own.equals(path) ? Readiness.server(interlock) : Readiness.webapp(interlock, path.substring(own.length() + 1));
            }
            StatusHandler.writeText(response, callback, verdict.ready() ? HttpStatus.OK_200 : HttpStatus.SERVICE_UNAVAILABLE_503, verdict.reason() + "\n");
            return true;
        }
    }

    @Override
    public String toString()
    {
        return "ReadinessEndpoint";
    }
}
