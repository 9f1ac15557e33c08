package dev.interlock.jetty;

import dev.interlock.executor.ExecutorGroup;
import dev.interlock.options.InterlockConfig;
import dev.interlock.options.Settings;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandler;

/**
 * Whether the server, or one of its webapps, should get requests from a load balancer: what the
 * readiness endpoint answers. Read from the state of the server, its contexts and its executor
 * groups at each call, so that it changes at the very moment they do; never blocks beyond an
 * executor group's own short lock, and may be called by any thread.
 *
 * <p>The server is not ready from the moment its stop begins (before {@code interlock.stop-delay}
 * and the drain) until it has started again. A webapp is ready while an instance of it is started,
 * available and not draining: not from the moment its undeploy begins, and not while it is
 * unavailable (a webapp that failed to start, or made so with {@code setAvailable(false)}); during a
 * redeploy its new instance keeps it ready. With
 * {@code interlock.health.unready-when-saturated}, a saturated executor group (every thread busy,
 * queue full) makes the server not ready, and the webapps of that group.</p>
 */
final class Readiness
{
    private static final Verdict READY = new Verdict(true, "ready");

    private Readiness()
    {
    }

    /**
     * Whether a load balancer should send requests, and if not, why.
     *
     * @param ready whether it should
     * @param reason {@code ready}, or why not, in one line
     */
    record Verdict(boolean ready, String reason)
    {
        private static Verdict no(String why)
        {
            return new Verdict(false, "not ready: " + why);
        }
    }

    /**
     * @param interlock the engine
     * @return whether the server as a whole should get requests
     */
    static Verdict server(InterlockServer interlock)
    {
        Verdict running = running(interlock);
        if (!running.ready())
            return running;
        InterlockConfig config = interlock.getConfig();
        if (config != null && config.server(Settings.HEALTH_UNREADY_WHEN_SATURATED))
        {
            for (ExecutorGroup group : interlock.getExecutorGroups())
            {
                if (group.isSaturated())
                    return saturated(group);
            }
        }
        return READY;
    }

    /**
     * @param interlock the engine
     * @param name the webapp's name, as in {@code interlock.webapps.NAME}: its context path
     * without the leading {@code /}, {@code ROOT} for {@code /}
     * @return whether the webapp should get requests
     */
    static Verdict webapp(InterlockServer interlock, String name)
    {
        Verdict running = running(interlock);
        if (!running.ready())
            return running;
        String contextPath = "ROOT".equals(name) ? "/" : "/" + name;
        InterlockConfig config = interlock.getConfig();
        boolean saturation = config != null && config.server(Settings.HEALTH_UNREADY_WHEN_SATURATED);
        Verdict found = null;
        for (ContextHandler context : interlock.getServer().getDescendants(ContextHandler.class))
        {
            if (!contextPath.equals(context.getContextPath()))
                continue;
            Verdict v = instance(context, saturation);
            // One instance ready is enough: during a redeploy the new one serves while the old drains.
            if (v.ready())
                return v;
            if (found == null)
                found = v;
        }
        return found != null ? found : Verdict.no("no webapp is deployed at " + contextPath);
    }

    private static Verdict instance(ContextHandler context, boolean saturation)
    {
        String contextPath = context.getContextPath();
        WebappBinding binding = context.getBean(WebappBinding.class);
        if (context.isStopping())
            return Verdict.no("webapp " + contextPath + " is stopping");
        if (!context.isStarted())
            return Verdict.no("webapp " + contextPath + " is not started");
        if (binding != null && binding.isShutdown())
            return Verdict.no("webapp " + contextPath + " is stopping");
        if (!context.isAvailable())
            return Verdict.no("webapp " + contextPath + " is unavailable");
        ExecutorGroup group = binding == null ? null : binding.getExecutor();
        if (saturation && group != null && group.isSaturated())
            return saturated(group);
        return READY;
    }

    private static Verdict running(InterlockServer interlock)
    {
        Server server = interlock.getServer();
        // STOPPING from the first event of Server.stop(), before interlock.stop-delay and the drain.
        if (server.isStopping())
            return Verdict.no("the server is stopping");
        if (!server.isStarted())
            return Verdict.no("the server is not started");
        return READY;
    }

    private static Verdict saturated(ExecutorGroup group)
    {
        return Verdict.no("executor group " + group.getName() + " is saturated (" + group.getBusyThreads() + " of " + group.getMaxThreads() +
            " threads busy, " + group.getQueueSize() + " of " + group.getQueueCapacity() + " queued)");
    }
}
