package dev.interlock.jetty;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.interlock.api.Interlock;
import dev.interlock.api.InterlockSettings;
import dev.interlock.concurrency.ComponentConcurrency;
import dev.interlock.concurrency.EntryCounter;
import dev.interlock.concurrency.WebappConcurrency;
import dev.interlock.executor.ExecutorGroup;
import dev.interlock.group.Membership;
import dev.interlock.group.WebappGroups;
import dev.interlock.lock.LockFrame;
import dev.interlock.options.Route;
import dev.interlock.options.Settings;
import dev.interlock.workers.LeakedThreads;
import dev.interlock.workers.TrackedWorkers;
import dev.interlock.workers.WebappLocks;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.annotation.ManagedAttribute;
import org.eclipse.jetty.util.annotation.ManagedObject;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.component.Graceful;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.thread.AutoLock;

/**
 * A webapp's binding to the engine, environment-neutral: started as a bean of its context before
 * the context's servlets are initialized, it joins the webapp to its groups ({@link WebappGroups}),
 * routes its requests ({@link Router}) and counts them ({@link Drain}); when the context stops it
 * runs the {@link StoppingSequence}. An environment adapter (ee10) subclasses it and supplies the
 * {@link ComponentIndex}.
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
 *
 * <p><b>Concurrency detection.</b> With {@code interlock.detect-concurrency}, the environment's
 * wrappers count the requests inside each servlet and filter instance ({@link #countEntries});
 * what they saw is in {@link #getConcurrency()}, on the status page, over JMX, and logged when
 * the context has stopped.</p>
 */
@ManagedObject("An Interlock webapp")
public abstract class WebappBinding extends AbstractLifeCycle implements Graceful, WebappLocks
{
    private final ContextHandler context;
    private final ComponentIndex index;
    private final Drain drain = new Drain();
    private final AutoLock lock = new AutoLock();
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
            stopped();
        }
    };
    private final LifeCycle.Listener startListener = new LifeCycle.Listener()
    {
        @Override
        public void lifeCycleStarted(LifeCycle event)
        {
            // A webapp whose settings were refused is started unavailable, without its groups.
            ComponentMarks m = marks;
            if (!isStarted() || m == null)
                return;
            m.reportNotThreadSafe();
            m.warnNoEffect();
            m.warnServletsInTwoGroups();
            warnBundledApi();
            InterlockServer engine = interlock;
            WebappGroups g = groups;
            ConcurrencyDetection d = detection;
            if (d != null)
                d.started();
            else if (g != null)
                ConcurrencyDetection.warnNoEffect(g);
            if (engine != null && g != null)
                engine.getWatchdog().watchLocks(g);
        }
    };
    private volatile InterlockServer interlock;
    // Set while started; kept past doStop, until the context has stopped, so that a stopping
    // webapp still answers 503 with its own Retry-After.
    private volatile WebappGroups groups;
    private volatile ComponentMarks marks;
    private volatile Router router;
    private volatile Boolean mayLock;
    private volatile Boolean watchesRequests;
    private TrackedWorkers workers;
    private ClassLoader classLoader;
    private volatile TeardownWatch teardown;
    // Set while started; kept past doStop, until the context has stopped, for the report.
    private volatile ConcurrencyDetection detection;

    /**
     * @param context the webapp's context, not started
     * @param index what its environment tells of its settings, servlets and filters
     */
    protected WebappBinding(ContextHandler context, ComponentIndex index)
    {
        this.context = context;
        this.index = index;
        // Added before the context starts, so that they are durable: a servlet context drops the
        // listeners added while it runs when it stops, before lifeCycleStopped.
        context.addEventListener(stopListener);
        context.addEventListener(startListener);
    }

    @Override
    protected void doStart() throws Exception
    {
        InterlockServer engine = InterlockServer.of(context.getServer());
        interlock = engine;
        classLoader = context.getClassLoader();
        WebappGroups joined = WebappGroups.join(engine.getGroups(), context.getContextPath(), classLoader, index.contextSettings(), engine.getConfigReaders(), index.origin());
        ComponentMarks m = new ComponentMarks(index, joined);
        groups = joined;
        marks = m;
        detection = ConcurrencyDetection.of(joined, index);
        router = new Router(joined, m);
        mayLock = null;
        watchesRequests = null;
        getWorkers();
        drain.reset();
        engine.register(this);
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception
    {
        super.doStop();
        InterlockServer engine = interlock;
        if (engine != null)
        {
            engine.unregister(this);
            WebappGroups g = groups;
            if (g != null)
                engine.getWatchdog().unwatchLocks(g);
        }
        router = null;
        marks = null;
        mayLock = null;
        watchesRequests = null;
    }

    /**
     * The API is the server's: Jetty shows every webapp the server's copy, so a copy in the WAR is
     * dead weight at best, and a version mismatch in waiting. Declared {@code provided}, it stays out.
     */
    private void warnBundledApi()
    {
        WebappGroups g = groups;
        // Jetty's webapp classloader hides a protected package's own copy from getResources:
        // look in the webapp's jars and classes themselves.
        if (!(classLoader instanceof java.net.URLClassLoader loader) || g == null)
            return;
        String entry = "dev/interlock/api/Interlock.class";
        for (java.net.URL url : loader.getURLs())
        {
            try
            {
                java.nio.file.Path path = java.nio.file.Path.of(url.toURI());
                boolean bundles;
                if (java.nio.file.Files.isDirectory(path))
                {
                    bundles = java.nio.file.Files.isRegularFile(path.resolve(entry));
                }
                else
                {
                    try (java.util.jar.JarFile jar = new java.util.jar.JarFile(path.toFile()))
                    {
                        bundles = jar.getEntry(entry) != null;
                    }
                }
                if (bundles)
                {
                    String where = path.toString().replace('\\', '/');
                    int inside = where.indexOf("/WEB-INF/");
                    g.warnings().warn("bundled api " + context.getContextPath(), "Interlock: webapp " + context.getContextPath() + " bundles its own copy of interlock-api (" +
                        (inside >= 0 ? where.substring(inside + 1) : where) + "): the server's copy is the one it uses; declare interlock-api with scope provided so that the WAR does not carry it");
                }
            }
            catch (java.io.IOException | java.net.URISyntaxException | RuntimeException x)
            {
                // Not a file we can read: nothing to say about it.
            }
        }
    }

    private void stopping()
    {
        // A context that failed to start has nothing of Interlock's to stop.
        WebappGroups g = groups;
        if (!isStarted() || g == null)
            return;
        CompletableFuture<Void> drained = shutdown();
        long deadline = drain.deadline();
        StoppingSequence.run(g, StoppingSequence.reason(context), drained, deadline, getWorkers());
        // What follows is the context's own teardown, on this thread: bounded too.
        teardown = TeardownWatch.start(context.getContextPath(), Thread.currentThread(), deadline);
    }

    private void stopped()
    {
        TeardownWatch watch = teardown;
        teardown = null;
        if (watch != null)
            watch.stopped();
        InterlockServer engine = interlock;
        if (engine != null)
            engine.drained(this);
        WebappGroups g = groups;
        TrackedWorkers w;
        try (AutoLock ignored = lock.lock())
        {
            w = workers;
            // The next start of this context gets workers of its own.
            workers = null;
        }
        ConcurrencyDetection d = detection;
        detection = null;
        if (d != null)
            d.report();
        if (g != null)
        {
            LeakedThreads.handle(context.getContextPath(), classLoader, w, g.stopSettings().leakPolicy());
            g.leave();
            groups = null;
        }
    }

    public ContextHandler getContext()
    {
        return context;
    }

    /**
     * @return the webapp's place in the groups while it runs (and until it has stopped), else {@code null}
     */
    public WebappGroups groups()
    {
        return groups;
    }

    private WebappGroups requireGroups()
    {
        WebappGroups g = groups;
        if (g == null)
            throw new IllegalStateException("webapp " + context.getContextPath() + " is not running: its Interlock settings and locks exist while it runs");
        return g;
    }

    /**
     * @return the webapp's executor group, or {@code null} for {@code server}
     */
    public ExecutorGroup getExecutor()
    {
        WebappGroups g = groups;
        return g == null ? null : g.executor();
    }

    @Override
    public InterlockSettings settings()
    {
        WebappGroups g = groups;
        if (g == null)
            throw new IllegalStateException("the Interlock settings of " + context.getContextPath() + " are resolved when its context starts");
        return g.effective();
    }

    @Override
    public <T, X extends Throwable> T serialized(Interlock.Section<T, X> section) throws X
    {
        Membership m = requireGroups().defaultMembership();
        return LockFrame.current().runStrict(m.lockForNotThreadSafe(), m.settings(), section);
    }

    /**
     * Prepares, before the context sees it, a request to this webapp while the webapp has a named
     * executor group: what the environment needs in place so that every later entry of the request
     * into the webapp (async dispatches, timeouts, listeners, error pages) runs on the group too.
     * Called by the server-level handler in front of every context, for the webapp with the longest
     * context path that the request's path falls in; on request threads, and must not block.
     * Nothing by default.
     *
     * @param request a request on its way to this webapp's context
     */
    protected void prepareEntry(Request request)
    {
    }

    /**
     * Chooses a request's application group: a path route, else the target servlet's or a
     * filter's annotation, else the webapp's default.
     *
     * @param request the request entering the webapp
     * @return the membership
     */
    public Membership route(Request request)
    {
        return router.route(request);
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
        Boolean may = mayLock;
        if (may == null)
        {
            WebappGroups g = groups;
            ComponentMarks m = marks;
            if (g == null || m == null)
                return false;
            boolean locking = g.routesMayLock() || m.hasNotThreadSafeComponents();
            for (String named : m.annotatedApplicationGroups())
                locking |= g.membership(named).lockInForce() != null;
            mayLock = may = locking;
        }
        return may;
    }

    /**
     * Whether a group this webapp's requests can run in has {@code interlock.request-timeout}
     * set: its requests are then registered with the watchdog. Decided once, like
     * {@link #mayLock()}.
     *
     * @return whether its requests are watched
     */
    public boolean watchesRequests()
    {
        Boolean w = watchesRequests;
        if (w == null)
        {
            WebappGroups g = groups;
            ComponentMarks m = marks;
            if (g == null || m == null)
                return false;
            boolean any = g.defaultMembership().settings().requestTimeoutNanos() > 0;
            for (Route r : g.settings().routes())
                any |= g.membership(r.group()).settings().requestTimeoutNanos() > 0;
            for (String named : m.annotatedApplicationGroups())
                any |= g.membership(named).settings().requestTimeoutNanos() > 0;
            watchesRequests = w = any;
        }
        return w;
    }

    /**
     * @return the server's request watchdog
     */
    RequestWatchdog watchdog()
    {
        return interlock.getWatchdog();
    }

    /**
     * @return whether the webapp's handler has anything to do: hand-off, lock decisions or
     * watching requests
     */
    public boolean isActive()
    {
        return getExecutor() != null || mayLock() || watchesRequests();
    }

    /**
     * @param type a servlet or filter class
     * @return whether it is marked {@code @NotThreadSafe} or listed in {@code interlock.not-thread-safe}
     */
    public boolean isNotThreadSafe(Class<?> type)
    {
        return marks.isNotThreadSafe(type);
    }

    /**
     * Records and logs, once, that a component runs under a lock because it is not thread-safe.
     *
     * @param type the component's class
     * @param kind {@code servlet} or {@code filter}
     */
    public void recordNotThreadSafe(Class<?> type, String kind)
    {
        marks.recordNotThreadSafe(type, kind);
    }

    /**
     * Makes the entry counter of a servlet or filter instance being initialised, when
     * {@code interlock.detect-concurrency} is on for this webapp. Called by the environment's
     * wrap functions, on the thread initialising the component.
     *
     * @param type the component's class
     * @param kind {@code servlet} or {@code filter}
     * @param notThreadSafe whether it is declared not thread-safe
     * @return the counter its wrapper enters and exits around every call, or {@code null} if it
     * is not counted (detection off, or one of Jetty's own components): then it is not wrapped for it
     */
    public EntryCounter countEntries(Class<?> type, String kind, boolean notThreadSafe)
    {
        ConcurrencyDetection d = detection;
        return d == null ? null : d.counter(type, kind, notThreadSafe);
    }

    /**
     * @return the counted servlets and filters of the running webapp, or {@code null} if
     * {@code interlock.detect-concurrency} is off for it
     */
    public WebappConcurrency getConcurrency()
    {
        ConcurrencyDetection d = detection;
        return d == null ? null : d.counts();
    }

    /**
     * @return the watched class names that are no servlet or filter of the webapp; empty when
     * detection is off
     */
    public List<String> getWatchedNotComponents()
    {
        ConcurrencyDetection d = detection;
        return d == null ? List.of() : d.watchedNotComponents();
    }

    @ManagedAttribute("the webapp's context path")
    public String getContextPath()
    {
        return context.getContextPath();
    }

    @ManagedAttribute("whether interlock.detect-concurrency counts the requests inside each servlet and filter at once")
    public boolean isDetectingConcurrency()
    {
        return detection != null;
    }

    @ManagedAttribute("per counted servlet and filter: the most requests inside it at once, requests now, requests served, watched or not")
    public String[] getComponentConcurrency()
    {
        WebappConcurrency c = getConcurrency();
        if (c == null)
            return new String[0];
        return c.components().stream().map(x -> x.kind() + " " + x.className() + ": at most " + x.maxConcurrent() + " at once, " + x.active() + " now, " +
            x.requests() + " served" + (x.watched() ? ", watched" : "")).toArray(String[]::new);
    }

    @ManagedAttribute("watched classes (interlock.detect-concurrency.watch) that two requests or more were inside at once")
    public String[] getConcurrentWatched()
    {
        WebappConcurrency c = getConcurrency();
        if (c == null)
            return new String[0];
        return c.components().stream().filter(x -> x.watched() && x.enteredConcurrently()).map(ComponentConcurrency::className).distinct().toArray(String[]::new);
    }

    /**
     * @return the webapp's stopping callbacks and tracked workers
     */
    public TrackedWorkers getWorkers()
    {
        // Created on first use: a CDI container booting in a servlet container initializer
        // asks for it before this binding starts.
        try (AutoLock ignored = lock.lock())
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
        WebappGroups g = groups;
        return g == null ? Settings.RETRY_AFTER.defaultValue() : g.retryAfter();
    }

    /**
     * Admits a request into the webapp, or answers 503 if it is stopping; counts it until it completes.
     *
     * @return whether the request was admitted; if not, the callback has been completed
     */
    boolean admit(Request request, Response response, Callback callback)
    {
        WebappGroups g = groups;
        // Not bound (its settings were refused, or it has stopped): nothing of ours to count.
        return g == null || drain.admit(request, response, callback, g);
    }

    /** Counts a 503 sent for this webapp by the server-level draining handler. */
    void countDrainingRejection()
    {
        WebappGroups g = groups;
        if (g != null)
            g.countDrainingRejection();
    }

    /**
     * Stops admitting requests and starts the stopping deadline (once).
     *
     * @return completed when no request is in flight any more
     */
    @Override
    public CompletableFuture<Void> shutdown()
    {
        WebappGroups g = groups;
        // Not bound (its settings were refused, or it has stopped): nothing to drain.
        if (g == null)
            return CompletableFuture.completedFuture(null);
        CompletableFuture<Void> drained = drain.shutdown(g.stopSettings().drainTimeout(), g.name(),
            () -> StoppingSequence.interruptRequests(g, drain.inFlight(), classLoader));
        interlock.draining(this);
        // Requests still waiting for a thread are not started any more: they are answered now,
        // while the server can still send the answer.
        if (g.executor() != null)
            g.executor().rejectQueued(g);
        return drained;
    }

    @Override
    public boolean isShutdown()
    {
        return drain.isDraining();
    }

    @Override
    public String toString()
    {
        return String.format("%s@%x{%s,%s}", getClass().getSimpleName(), hashCode(), context.getContextPath(), groups);
    }
}
