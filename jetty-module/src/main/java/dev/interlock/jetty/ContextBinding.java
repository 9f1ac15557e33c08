package dev.interlock.jetty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import dev.interlock.api.Interlock;
import dev.interlock.api.InterlockSettings;
import dev.interlock.api.StopReason;
import dev.interlock.api.Stopping;
import dev.interlock.engine.GroupBinding;
import dev.interlock.executor.ExecutorGroup;
import dev.interlock.lock.LockFrame;
import dev.interlock.options.EffectiveSettings;
import dev.interlock.options.InterlockConfig;
import dev.interlock.options.LeakPolicy;
import dev.interlock.options.Route;
import dev.interlock.options.SettingValue;
import dev.interlock.options.Settings;
import dev.interlock.options.StopSettings;
import dev.interlock.options.WebappConfigReader;
import dev.interlock.options.WebappSettings;
import dev.interlock.workers.TrackedWorkers;
import dev.interlock.workers.WebappLocks;
import org.eclipse.jetty.http.pathmap.MatchedResource;
import org.eclipse.jetty.http.pathmap.PathMappings;
import org.eclipse.jetty.http.pathmap.ServletPathSpec;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.component.Graceful;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.thread.AutoLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One webapp's place in the engine, environment-neutral: its resolved settings, its executor
 * group, its default application group, its path routes and the groups its servlets name, and
 * its stopping sequence. Started as a bean of the context, before the context's servlets are
 * initialized; stopped with the context. Subclasses adapt one servlet environment (ee10).
 *
 * <p><b>Stopping.</b> When the context begins to stop (undeploy, redeploy, server stop), in this
 * order and within one deadline ({@code interlock.drain-timeout}): new requests get 503 with
 * {@code Retry-After}; in-flight requests are waited for; the stopping callbacks run (beans
 * still usable); tracked workers are signalled, joined ({@code interlock.worker-join} at most),
 * interrupted and reported, unstarted tasks handed back; then the context's own teardown runs.
 * Once the context has stopped, threads still running with its classloader that Interlock did
 * not make are reported as leaks and, by {@code interlock.leak-policy}, interrupted. As a
 * {@link Graceful} component the drain starts, for all webapps at once, in the server's graceful
 * phase when the server stops with a stop timeout.</p>
 */
public abstract class ContextBinding extends AbstractLifeCycle implements Graceful, WebappLocks
{
    private static final Logger LOG = LoggerFactory.getLogger(ContextBinding.class);

    private final ContextHandler context;
    private final LongAdder inFlight = new LongAdder();
    // One listener for every request: admitting a request allocates nothing of ours.
    private final Consumer<Throwable> requestCompleted = failure -> completed();
    private final AutoLock drainLock = new AutoLock();
    private final LifeCycle.Listener stopListener = new LifeCycle.Listener()
    {
        @Override
        public void lifeCycleStopping(LifeCycle event)
        {
            stopping();
        }

        @Override
        public void lifeCycleStopped(LifeCycle event)
        {
            if (interlock != null)
                interlock.drained(ContextBinding.this);
            reportLeaks();
            closeReadings();
            // The next start of this context gets workers of its own.
            try (AutoLock ignored = drainLock.lock())
            {
                workers = null;
            }
        }
    };
    private volatile boolean draining;
    // Kept past doStop: a stopping webapp still answers 503 until it has stopped.
    private volatile Duration retryAfter = Duration.ofSeconds(1);
    private CompletableFuture<Void> drained;
    private long stopDeadline;
    private TrackedWorkers workers;
    private StopSettings stopSettings;
    private ClassLoader classLoader;
    private final Map<String, GroupBinding> byName = new ConcurrentHashMap<>();
    private InterlockServer interlock;
    private InterlockConfig.WebappBlock own;
    private WebappSettings settings;
    private GroupBinding defaultBinding;
    private PathMappings<GroupBinding> routes;
    private ExecutorGroup executor;
    private volatile Boolean mayLock;
    private volatile EffectiveSettings effective;
    private final List<WebappConfigReader.Reading> readings = new ArrayList<>();

    protected ContextBinding(ContextHandler context)
    {
        this.context = context;
        // Added before the context starts, so that it is durable: a servlet context drops the
        // listeners added while it runs when it stops, before lifeCycleStopped.
        context.addEventListener(stopListener);
    }

    /**
     * @return the settings the webapp's context carries ({@code interlock.*} init parameters)
     */
    protected abstract List<SettingValue> contextSettings();

    /**
     * @param request a request entering the webapp
     * @return the application group named by the target servlet's annotation, or {@code null}
     */
    protected abstract String targetApplicationGroup(Request request);

    /**
     * @return the application groups named by the webapp's servlet annotations
     */
    protected abstract Collection<String> annotatedApplicationGroups();

    /**
     * @return whether any servlet or filter of the webapp is declared not thread-safe
     */
    protected abstract boolean hasNotThreadSafeComponents();

    @Override
    protected void doStart() throws Exception
    {
        interlock = InterlockServer.of(context.getServer());
        String webapp = getWebappName();
        settings = null;
        try
        {
            bind(webapp);
        }
        catch (Throwable x)
        {
            // A bad setting fails this webapp only; what it read and bound is released.
            closeReadings();
            if (settings != null)
                interlock.unbind(webapp, settings.executorGroup());
            throw x;
        }
        interlock.register(this);
        super.doStart();
    }

    private void bind(String webapp)
    {
        List<SettingValue> file = new ArrayList<>();
        ClassLoader loader = context.getClassLoader();
        if (loader != null)
        {
            for (WebappConfigReader reader : interlock.getConfigReaders())
            {
                WebappConfigReader.Reading reading = reader.read(context.getContextPath(), loader);
                synchronized (readings)
                {
                    readings.add(reading);
                }
                file.addAll(reading.settings());
            }
        }
        own = interlock.getConfig().webappBlock(webapp, context.getContextPath(), contextSettings(), file, interlock::warnOnce);
        settings = interlock.getConfig().resolveWebapp(webapp, context.getContextPath(), own, group -> interlock.isUsedByAnotherWebapp(group, webapp));
        executor = interlock.getExecutorGroup(settings.executorGroup());
        defaultBinding = binding(settings.applicationGroup());
        retryAfter = defaultBinding.settings().retryAfter();
        if (!settings.routes().isEmpty())
        {
            PathMappings<GroupBinding> mappings = new PathMappings<>();
            for (Route r : settings.routes())
                mappings.put(new ServletPathSpec(r.pathSpec()), binding(r.group()));
            routes = mappings;
        }
        mayLock = null;
        stopSettings = interlock.getConfig().resolveStop(settings.executorGroup(), settings.applicationGroup(), webapp, own);
        effective = new EffectiveSettings(settings, defaultBinding.resolved(), stopSettings, interlock.getConfig().inForce(settings, own));
        classLoader = context.getClassLoader();
        getWorkers();
        try (AutoLock ignored = drainLock.lock())
        {
            draining = false;
            drained = null;
        }
    }

    @Override
    protected void doStop() throws Exception
    {
        super.doStop();
        if (interlock != null)
            interlock.unregister(this);
        if (interlock != null && settings != null)
            interlock.unbind(getWebappName(), settings.executorGroup());
        byName.clear();
        routes = null;
        defaultBinding = null;
        mayLock = null;
    }

    /** Counts a 503 sent because this webapp is stopping, for its executor group's metrics. */
    void countDrainingRejection()
    {
        WebappSettings s = settings;
        if (interlock != null)
            interlock.countDrainingRejection(s == null ? Settings.SERVER_GROUP : s.executorGroup());
    }

    private void closeReadings()
    {
        List<WebappConfigReader.Reading> open;
        synchronized (readings)
        {
            open = List.copyOf(readings);
            readings.clear();
        }
        for (WebappConfigReader.Reading reading : open)
        {
            try
            {
                reading.close();
            }
            catch (Throwable x)
            {
                LOG.warn("Interlock: could not release the configuration read for {}", context.getContextPath(), x);
            }
        }
    }

    @Override
    public InterlockSettings settings()
    {
        EffectiveSettings e = effective;
        if (e == null)
            throw new IllegalStateException("the Interlock settings of " + context.getContextPath() + " are resolved when its context starts");
        return e;
    }

    @Override
    public <T, X extends Throwable> T serialized(Interlock.Section<T, X> section) throws X
    {
        GroupBinding b = defaultBinding;
        if (b == null)
            throw new IllegalStateException("webapp " + context.getContextPath() + " is not running: its not-thread-safe lock exists while it runs");
        return LockFrame.current().runStrict(b.lockForNotThreadSafe(), b.settings(), section);
    }

    /**
     * @return the webapp's name in settings ({@code shop}, {@code ROOT})
     */
    public String getWebappName()
    {
        return Settings.webappName(context.getContextPath());
    }

    public ContextHandler getContext()
    {
        return context;
    }

    public InterlockServer getInterlock()
    {
        return interlock;
    }

    public WebappSettings getSettings()
    {
        return settings;
    }

    /**
     * @return the webapp's executor group, or {@code null} for {@code server}
     */
    public ExecutorGroup getExecutor()
    {
        return executor;
    }

    /**
     * @return the webapp's default application group as it uses it
     */
    public GroupBinding getDefaultBinding()
    {
        return defaultBinding;
    }

    /**
     * @param applicationGroup an application group's name
     * @return the webapp's binding to it, created (with the group) on first use
     */
    public GroupBinding binding(String applicationGroup)
    {
        return byName.computeIfAbsent(applicationGroup, g -> interlock.bind(getWebappName(), settings.executorGroup(), g, own));
    }

    /**
     * @return the webapp's bindings so far: its default group, routed groups and the groups its
     * servlets name
     */
    public Collection<GroupBinding> getBindings()
    {
        return List.copyOf(byName.values());
    }

    /**
     * Chooses a request's application group: a path route, else the target servlet's
     * annotation, else the webapp's default.
     *
     * @param request the request entering the webapp
     * @return the binding
     */
    public GroupBinding route(Request request)
    {
        PathMappings<GroupBinding> r = routes;
        if (r != null)
        {
            MatchedResource<GroupBinding> matched = r.getMatched(Request.getPathInContext(request));
            if (matched != null)
                return matched.getResource();
        }
        String target = targetApplicationGroup(request);
        return target == null ? defaultBinding : binding(target);
    }

    /**
     * Whether any request of this webapp may run under a lock: a group it can reach is not
     * {@code free}, or a component is declared not thread-safe. Decided once the servlets are
     * known; when {@code false} nothing of Interlock is on the webapp's request path.
     *
     * @return whether a lock may be taken
     */
    public boolean mayLock()
    {
        Boolean m = mayLock;
        if (m == null)
        {
            boolean locking = defaultBinding.lockInForce() != null || hasNotThreadSafeComponents();
            if (routes != null)
            {
                for (var mapped : routes)
                    locking |= mapped.getResource().lockInForce() != null;
            }
            for (String g : annotatedApplicationGroups())
                locking |= binding(g).lockInForce() != null;
            mayLock = m = locking;
        }
        return m;
    }

    /**
     * @return whether the webapp's handler has anything to do: hand-off or lock decisions
     */
    public boolean isActive()
    {
        return executor != null || mayLock();
    }

    /**
     * @return the webapp's stopping callbacks and tracked workers
     */
    public TrackedWorkers getWorkers()
    {
        // Created on first use: a CDI container booting in a servlet container initializer
        // asks for it before this binding starts.
        try (AutoLock ignored = drainLock.lock())
        {
            if (workers == null)
            {
                ClassLoader loader = context.getClassLoader();
                workers = new TrackedWorkers(context.getContextPath(), loader != null ? loader : Thread.currentThread().getContextClassLoader(), this);
            }
            return workers;
        }
    }

    /**
     * @return the classloader the webapp's threads are recognised by, or {@code null} for a
     * context without one of its own
     */
    public ClassLoader getClassLoader()
    {
        return classLoader;
    }

    /**
     * @return the {@code Retry-After} of the 503s answered while the webapp stops
     */
    public Duration getRetryAfter()
    {
        return retryAfter;
    }

    /**
     * @return requests inside the webapp now
     */
    public long getInFlight()
    {
        return inFlight.sum();
    }

    /**
     * Admits a request into the webapp, or answers 503 if it is stopping. Counts it until it
     * completes. The count is incremented before the stopping flag is read, so that a drain
     * that sees zero never misses a request admitted in between (as in Jetty's GracefulHandler).
     *
     * @return whether the request was admitted; if not, the callback has been completed
     */
    boolean admit(Request request, Response response, Callback callback)
    {
        inFlight.increment();
        if (draining)
        {
            completed();
            countDrainingRejection();
            ServiceUnavailable.send(response, callback, retryAfter, "webapp " + context.getContextPath() + " is stopping");
            return false;
        }
        Request.addCompletionListener(request, requestCompleted);
        return true;
    }

    private void completed()
    {
        inFlight.decrement();
        // Only a draining webapp needs to know when the count reaches zero.
        if (draining && inFlight.sum() == 0)
        {
            CompletableFuture<Void> d;
            try (AutoLock ignored = drainLock.lock())
            {
                d = drained;
            }
            if (d != null)
                d.complete(null);
        }
    }

    /**
     * Stops admitting requests and starts the stopping deadline (once).
     *
     * @return completed when no request is in flight any more
     */
    @Override
    public CompletableFuture<Void> shutdown()
    {
        CompletableFuture<Void> d;
        try (AutoLock ignored = drainLock.lock())
        {
            if (drained == null)
            {
                stopDeadline = System.nanoTime() + stopSettings.drainTimeout().toNanos();
                drained = new CompletableFuture<>();
                draining = true;
            }
            d = drained;
        }
        interlock.draining(this);
        if (inFlight.sum() == 0)
            d.complete(null);
        return d;
    }

    @Override
    public boolean isShutdown()
    {
        return draining;
    }

    private StopReason reason()
    {
        if (context.getServer() != null && (context.getServer().isStopping() || context.getServer().isStopped()))
            return StopReason.SERVER_STOP;
        if (context.getServer() != null)
        {
            for (ContextHandler other : context.getServer().getDescendants(ContextHandler.class))
            {
                if (other != context && context.getContextPath().equals(other.getContextPath()) && (other.isStarted() || other.isStarting()))
                    return StopReason.REDEPLOY;
            }
        }
        return StopReason.UNDEPLOY;
    }

    /** The stopping sequence up to the context's own teardown; runs on the stopping thread. */
    private void stopping()
    {
        // A context that failed to start has nothing of Interlock's to stop.
        if (!isStarted())
            return;
        StopReason reason = reason();
        CompletableFuture<Void> drain = shutdown();
        long deadline;
        try (AutoLock ignored = drainLock.lock())
        {
            deadline = stopDeadline;
        }
        try
        {
            drain.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException x)
        {
            LOG.warn("Interlock: webapp {} stopping ({}): {} request(s) still running after interlock.drain-timeout={}; going on",
                context.getContextPath(), reason, inFlight.sum(), stopSettings.drainTimeout());
        }
        catch (InterruptedException x)
        {
            Thread.currentThread().interrupt();
        }
        catch (ExecutionException x)
        {
            LOG.warn("Interlock: drain of {} failed", context.getContextPath(), x);
        }
        TrackedWorkers workers = getWorkers();
        workers.beginStopping(reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        int ran = workers.runCallbacks(Stopping.of(context.getContextPath(), reason, TrackedWorkers.toInstant(deadline)));
        long joinDeadline = Math.min(deadline, System.nanoTime() + stopSettings.workerJoin().toNanos());
        TrackedWorkers.StopReport report = workers.stopWorkers(joinDeadline);
        LOG.info("Interlock: webapp {} stopping ({}): drained, {} stopping callback(s) ran, {} worker(s) did not stop, {} executor(s) left unstarted tasks",
            context.getContextPath(), reason, ran, report.stragglers().size(), report.unfinished().size());
    }

    /** Threads still running with the webapp's classloader once it has stopped. */
    private void reportLeaks()
    {
        ClassLoader loader = classLoader;
        LeakPolicy policy = stopSettings == null ? LeakPolicy.IGNORE : stopSettings.leakPolicy();
        if (loader == null || workers == null || policy == LeakPolicy.IGNORE)
            return;
        List<Thread> leaked = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet())
        {
            if (t != Thread.currentThread() && t.isAlive() && t.getContextClassLoader() == loader && !getWorkers().isTracked(t))
                leaked.add(t);
        }
        for (Thread t : leaked)
        {
            LOG.warn("Interlock: webapp {} has stopped but thread {} it started is still running with its classloader{}:{}",
                context.getContextPath(), t.getName(), policy == LeakPolicy.INTERRUPT ? "; interrupting it (interlock.leak-policy=interrupt)" : "",
                TrackedWorkers.stack(t));
            if (policy == LeakPolicy.INTERRUPT)
                t.interrupt();
        }
    }

    @Override
    public String toString()
    {
        return String.format("%s@%x{%s,%s}", getClass().getSimpleName(), hashCode(), context.getContextPath(), settings);
    }
}
