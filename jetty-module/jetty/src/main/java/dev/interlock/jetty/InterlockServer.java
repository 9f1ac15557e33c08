package dev.interlock.jetty;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EventListener;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.interlock.api.spi.Webapps;
import dev.interlock.api.spi.YieldPoints;
import dev.interlock.executor.ExecutorGroup;
import dev.interlock.group.Groups;
import dev.interlock.group.LockDomain;
import dev.interlock.lock.GroupLock;
import dev.interlock.lock.LockFrame;
import dev.interlock.options.ConfigException;
import dev.interlock.options.InterlockConfig;
import dev.interlock.options.Setting;
import dev.interlock.options.SettingValue;
import dev.interlock.options.Settings;
import dev.interlock.options.Warnings;
import dev.interlock.options.WebappConfigReader;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.annotation.ManagedObject;
import org.eclipse.jetty.util.annotation.Name;
import org.eclipse.jetty.util.component.Container;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.eclipse.jetty.util.component.DumpableCollection;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Interlock engine as a {@link Server} bean: the operator's settings, and, once started,
 * the server's {@link Groups} (executor groups, shared locks, application groups), its metrics,
 * its status endpoint, its readiness and liveness endpoints and the stop delay
 * ({@code interlock.stop-delay}) that runs at the beginning of the server's stop.
 *
 * <p>Settings are given by their one name ({@code interlock.lock}, {@code
 * interlock.executor-groups.reports.threads}, ...) with {@link #set(String, String)} before the
 * server starts — from Jetty XML, {@code start.ini} properties or Java. An empty value means
 * "not set", so Jetty XML can pass every {@code <Property>} unconditionally. A bad value, or an
 * option block naming an undeclared executor group, fails {@link #start()} with a
 * {@link dev.interlock.options.ConfigException} naming the setting, the value and what is
 * allowed.</p>
 *
 * <p>Create it after the server's handler is set: it wraps that handler, to answer requests
 * to a draining webapp with 503.</p>
 *
 * <p>Webapps reach the engine through their {@link WebappBinding} (the ee10
 * {@code InterlockConfiguration}, or {@code InterlockServlets.enable(context)} embedded); if a
 * server has no {@code InterlockServer} bean when the first webapp asks, one with default
 * settings is added.</p>
 */
@ManagedObject("Interlock: per-webapp executor groups and lock disciplines")
public class InterlockServer extends ContainerLifeCycle
{
    private static final Logger LOG = LoggerFactory.getLogger(InterlockServer.class);

    private final Server server;
    private final List<SettingValue> settings = new CopyOnWriteArrayList<>();
    private final List<String> emptySettings = new CopyOnWriteArrayList<>();
    private final DrainingHandler drainingHandler = new DrainingHandler();
    private final StatusHandler statusHandler = new StatusHandler(this);
    private final List<AdminEndpoint> addedEndpoints = new CopyOnWriteArrayList<>();
    private final InterlockMetrics metrics = new InterlockMetrics(this);
    private final RequestWatchdog watchdog = new RequestWatchdog(this);
    private final InterlockWebapps webapps = new InterlockWebapps();
    // Every running webapp, with or without a classloader of its own (InterlockWebapps keeps those with one).
    private final Set<WebappBinding> running = ConcurrentHashMap.newKeySet();
    private final UncoveredEnvironments uncovered = new UncoveredEnvironments(() -> this.warnings);
    private final StopDelay stopDelay;
    private final LifeCycle.Listener serverListener = new LifeCycle.Listener()
    {
        @Override
        public void lifeCycleStarted(LifeCycle event)
        {
            Groups g = groups;
            if (g != null)
            {
                g.warnUnusedExecutorGroups();
                warnStopTimeout(g.config());
            }
        }

        @Override
        public void lifeCycleStopping(LifeCycle event)
        {
            // The earliest point of a server stop, before Server.doStop and its graceful phase: the
            // server is STOPPING (readiness answers 503), and interlock.stop-delay runs on this thread.
            Groups g = groups;
            stopDelay.serverStopping(g == null ? Duration.ZERO : g.config().server(Settings.STOP_DELAY));
        }

        @Override
        public void lifeCycleFailure(LifeCycle event, Throwable cause)
        {
            stopDelay.serverStopped();
            // A stop that failed (a graceful phase cut short, say) has stopped what it could:
            // the groups go too, and a second stop finds nothing of ours to delay.
            if (stopDelay.isStopping())
                stopGroups();
        }

        @Override
        public void lifeCycleStopped(LifeCycle event)
        {
            stopDelay.serverStopped();
            stopGroups();
        }
    };
    private volatile Map<String, String> environment;
    private volatile Warnings warnings = new Warnings();
    private volatile Groups groups;
    private volatile List<WebappConfigReader> configReaders = List.of();

    /**
     * @param server the server whose bean this is
     */
    public InterlockServer(@Name("server") Server server)
    {
        this.server = server;
        this.stopDelay = new StopDelay(server);
        // Wraps the server's handler now, while that is still allowed: once a webapp stops,
        // its context no longer takes requests, and only a server-level handler can answer
        // them with 503 while it drains.
        if (!server.isStarting() && !server.isStarted() && server.getHandler() != null)
        {
            server.insertHandler(drainingHandler);
            // Outside it, inert until started with interlock.status.enabled=true (settings come later).
            server.insertHandler(statusHandler);
        }
        addBean(metrics, true);
        addBean(watchdog, true);
    }

    /**
     * @return the server this engine belongs to
     */
    public Server getServer()
    {
        return server;
    }

    /**
     * Finds the server's Interlock bean, adding and starting one with default settings if it has
     * none. Called by each webapp as it starts.
     *
     * @param server the server
     * @return its Interlock bean, started
     * @throws Exception if it cannot start (bad settings)
     */
    public static InterlockServer of(Server server) throws Exception
    {
        synchronized (server)
        {
            InterlockServer interlock = server.getBean(InterlockServer.class);
            if (interlock == null)
            {
                interlock = new InterlockServer(server);
                server.addBean(interlock, true);
            }
            if (!interlock.isStarted())
                interlock.start();
            return interlock;
        }
    }

    /**
     * Sets an Interlock setting by its one name. Must be called before start.
     *
     * @param key the setting's name, such as {@code interlock.lock}
     * @param value its value; {@code null} or blank means not set
     * @throws IllegalStateException if the engine is started
     */
    public void set(@Name("key") String key, @Name("value") String value)
    {
        // Blank is this call's "not set", so that Jetty XML can pass a <Property> with no default.
        if (value != null && !value.isBlank())
            set(key, value, "Jetty XML or Java");
    }

    /**
     * Sets an Interlock setting, naming where it came from for messages.
     *
     * @param key the setting's name
     * @param value its value; {@code null} or blank is ignored, with a warning at start
     * @param source where it came from, such as {@code start.d/interlock.ini}
     * @throws IllegalStateException if the engine is started
     */
    public void set(@Name("key") String key, @Name("value") String value, @Name("source") String source)
    {
        if (isStarting() || isStarted())
            throw new IllegalStateException("Cannot change " + key + " once started: " + this);
        if (value == null || value.isBlank())
        {
            emptySettings.add(key + "= (from " + source + ") is empty and is ignored: the setting keeps its default or the value set elsewhere");
            return;
        }
        settings.add(new SettingValue(key, value.trim(), source));
    }

    /**
     * Sets several settings, in the map's iteration order.
     *
     * @param values names to values
     * @param source where they came from
     */
    public void setAll(Map<String, String> values, String source)
    {
        values.forEach((k, v) -> set(k, v, source));
    }

    /**
     * Replaces the environment variables settings are read from (by default the process's), for
     * a launcher that passes only some of them. Must be called before start.
     *
     * @param environment variable name to value
     */
    public void setEnvironment(Map<String, String> environment)
    {
        this.environment = Map.copyOf(environment);
    }

    /**
     * @return the readers of webapps' own settings: those found with {@link ServiceLoader} on the
     * engine's classpath (the config module's {@code microprofile-config.properties} reader)
     */
    public List<WebappConfigReader> getConfigReaders()
    {
        return configReaders;
    }

    /**
     * @return the settings given so far, in order
     */
    public List<SettingValue> getSettings()
    {
        return List.copyOf(settings);
    }

    /**
     * @return the parsed configuration; {@code null} before start
     */
    public InterlockConfig getConfig()
    {
        Groups g = groups;
        return g == null ? null : g.config();
    }

    /**
     * @return the server's groups; {@code null} before start
     */
    public Groups getGroups()
    {
        return groups;
    }

    @Override
    protected void doStart() throws Exception
    {
        Map<String, String> env = environment;
        InterlockConfig parsed = InterlockConfig.parse(settings, env != null ? env : System.getenv());
        List<WebappConfigReader> readers = new ArrayList<>();
        ServiceLoader.load(WebappConfigReader.class, InterlockServer.class.getClassLoader()).forEach(readers::add);
        configReaders = List.copyOf(readers);
        Warnings w = new Warnings();
        warnings = w;
        emptySettings.forEach(w::warn);
        parsed.warnings().forEach(w::warn);
        stopDelay.reset();
        enableEndpoints(parsed);
        Groups created;
        try
        {
            created = new Groups(parsed, server.getScheduler(), w);
        }
        catch (RuntimeException | Error x)
        {
            // A failed start is not stopped: what the endpoints started would be left running.
            statusHandler.disable();
            throw x;
        }
        groups = created;
        YieldPoints.install(LockFrame.YIELD_POINTS);
        Webapps.install(webapps);
        server.addEventListener(serverListener);
        uncovered.watch(server);
        insertHandlers();
        super.doStart();
        // The groups are started and stopped here rather than as a managed bean: they must
        // outlive every context that uses them, and contexts stop after this bean when the
        // server stops (it is usually added after the handlers).
        addBean(created, false);
        // Jetty passes its inherited listeners (JMX's MBeanContainer) to managed beans only.
        for (EventListener l : getEventListeners())
        {
            if (l instanceof Container.InheritedListener)
                created.addEventListener(l);
        }
        created.start();
        LOG.info("Interlock started: executor groups {}", parsed.executorGroupNames());
    }

    private void insertHandlers()
    {
        if (server.getDescendant(DrainingHandler.class) == null)
        {
            if (!server.isStarting() && !server.isStarted())
                server.insertHandler(drainingHandler);
            else
                warnOnce("Interlock was added to a starting server whose handler it could not wrap: requests to a webapp that is stopping will get Jetty's 404 instead of 503 (create the InterlockServer bean after the server's handler is set)");
        }
        if (statusHandler.isEnabled() && server.getDescendant(StatusHandler.class) != statusHandler)
        {
            if (!server.isStarting() && !server.isStarted())
                server.insertHandler(statusHandler);
            else
            {
                statusHandler.disable();
                warnOnce("The status and metrics endpoints are off: Interlock was added to a starting server whose handler it could not wrap (create the InterlockServer bean after the server's handler is set)");
            }
        }
    }

    private void enableEndpoints(InterlockConfig parsed) throws Exception
    {
        List<AdminEndpoint> all = endpoints();
        if (parsed.server(Settings.PROMETHEUS_ENABLED) && all.stream().noneMatch(e -> e.enabledBy() == Settings.PROMETHEUS_ENABLED))
        {
            throw new ConfigException(Settings.PREFIX + Settings.PROMETHEUS_ENABLED.name(), "true", StatusHandler.source(parsed, Settings.PROMETHEUS_ENABLED),
                "the Prometheus endpoint is in interlock-prometheus, which is not on the server's classpath " +
                    "(in a jetty-base, add the interlock-prometheus module; embedded, the dev.interlock:interlock-prometheus jar)");
        }
        List<String> on = statusHandler.enable(parsed, all);
        Map<Setting<?>, String> useless = new LinkedHashMap<>();
        Set<String> switches = new LinkedHashSet<>();
        switches.add(Settings.PREFIX + Settings.STATUS_ENABLED.name() + "=false");
        if (!parsed.server(Settings.STATUS_ENABLED))
            useless.put(Settings.STATUS_PATH, "the status endpoint is off (" + Settings.PREFIX + Settings.STATUS_ENABLED.name() + "=false)");
        for (AdminEndpoint e : all)
        {
            String enabledBy = Settings.PREFIX + e.enabledBy().name();
            switches.add(enabledBy + "=false");
            if (!parsed.server(e.enabledBy()))
                useless.put(e.pathSetting(), "its endpoint is off (" + enabledBy + "=false)");
        }
        if (all.stream().noneMatch(e -> e.pathSetting() == Settings.PROMETHEUS_PATH))
            useless.put(Settings.PROMETHEUS_PATH, "the Prometheus endpoint, in interlock-prometheus, is not on the server's classpath");
        if (!parsed.server(Settings.HEALTH_ENABLED))
        {
            String off = "the health endpoints are off (" + Settings.PREFIX + Settings.HEALTH_ENABLED.name() + "=false)";
            useless.put(Settings.HEALTH_ALLOW, off);
            useless.put(Settings.HEALTH_UNREADY_WHEN_SATURATED, off);
        }
        if (on.isEmpty())
            useless.put(Settings.STATUS_ROLE, "no endpoint is on (" + String.join(", ", switches) + ")");
        else if (!statusHandler.isGuarding())
            useless.put(Settings.STATUS_ROLE, "the only endpoints on are open to any client (" + Settings.PREFIX + Settings.HEALTH_ALLOW.name() + "=any)");
        useless.forEach((setting, why) ->
        {
            SettingValue set = parsed.serverSource(setting);
            if (set != null)
                warnOnce(set.key() + " (from " + set.source() + ") has no effect: " + why);
        });
        // In front of the server's handler since the constructor; if not, doStart inserts it or warns.
        for (String line : on)
            LOG.info("Interlock {}", line);
    }

    /**
     * @return the endpoints added, then those found as services whose class none of them has
     */
    private List<AdminEndpoint> endpoints()
    {
        List<AdminEndpoint> all = new ArrayList<>(addedEndpoints);
        for (AdminEndpoint found : ServiceLoader.load(AdminEndpoint.class, InterlockServer.class.getClassLoader()))
        {
            if (all.stream().noneMatch(e -> e.getClass() == found.getClass()))
                all.add(found);
        }
        // The engine's own: readiness and liveness (interlock.health.enabled).
        all.add(new ReadinessEndpoint());
        all.add(new LivenessEndpoint());
        return all;
    }

    /**
     * Adds an endpoint to serve next to the status page, such as a metrics scrape with a registry
     * of the application's own. Takes effect at the next start; whether it is on, and where, is
     * read from the settings then.
     *
     * @param endpoint the endpoint; one of the same class found as a service is then not used
     */
    public void addEndpoint(AdminEndpoint endpoint)
    {
        addedEndpoints.add(Objects.requireNonNull(endpoint, "endpoint"));
    }

    @Override
    protected void doStop() throws Exception
    {
        statusHandler.disable();
        super.doStop();
        // When the whole server stops, its contexts may still be draining: the groups stop
        // once the server has stopped (serverListener). Stopped on its own, this bean stops
        // them now.
        if (!server.isStopping())
            stopGroups();
    }

    /**
     * A server stop drains in Jetty's graceful phase, which the server's stop timeout bounds: a
     * drain budget longer than that is cut short when the server stops (an undeploy is not). The
     * stop delay comes first and counts against the same timeout; without one (0), there is no
     * graceful phase and no delay.
     */
    private void warnStopTimeout(InterlockConfig config)
    {
        long stopTimeout = server.getStopTimeout();
        Duration delay = config.server(Settings.STOP_DELAY);
        String delaySetting = Settings.PREFIX + Settings.STOP_DELAY.name() + "=" + Settings.STOP_DELAY.text(delay);
        if (stopTimeout <= 0)
        {
            if (!delay.isZero())
                warnOnce(delaySetting + " (from " + StatusHandler.source(config, Settings.STOP_DELAY) + ") has no effect: the server stops without a graceful phase " +
                    "(its stop timeout is 0); set jetty.server.stopTimeout in a jetty-base, Server.setStopTimeout embedded, above interlock.stop-delay + interlock.drain-timeout");
            return;
        }
        Duration longest = config.resolveStop(Settings.SERVER_GROUP, null, null, null).drainTimeout();
        String which = "interlock.drain-timeout";
        for (WebappBinding b : webapps.bindings())
        {
            var g = b.groups();
            if (g != null && g.stopSettings().drainTimeout().compareTo(longest) > 0)
            {
                longest = g.stopSettings().drainTimeout();
                which = "interlock.drain-timeout of webapp " + g.contextPath();
            }
        }
        if (delay.isZero() && longest.toMillis() > stopTimeout)
            warnOnce(which + "=" + Settings.DRAIN_TIMEOUT.text(longest) + " does not fit in the server's stop timeout of " + stopTimeout +
                " ms (jetty.server.stopTimeout in a jetty-base, Server.setStopTimeout embedded): a server stop cuts its drain short; raise the stop timeout above it");
        else if (!delay.isZero() && delay.plus(longest).toMillis() > stopTimeout)
            warnOnce(delaySetting + " + " + which + "=" + Settings.DRAIN_TIMEOUT.text(longest) + " does not fit in the server's stop timeout of " + stopTimeout +
                " ms (jetty.server.stopTimeout in a jetty-base, Server.setStopTimeout embedded): the stop delay counts against it, so a server stop " +
                (delay.toMillis() >= stopTimeout ? "cuts the delay to it and leaves no time to drain" : "cuts its drain short") + "; raise the stop timeout above their sum");
    }

    private void stopGroups()
    {
        Groups g = groups;
        if (g != null)
        {
            try
            {
                g.stop();
            }
            catch (Exception x)
            {
                LOG.warn("Could not stop {}", g, x);
            }
            removeBean(g);
        }
        server.removeEventListener(serverListener);
        uncovered.unwatch(server);
        YieldPoints.uninstall(LockFrame.YIELD_POINTS);
        Webapps.uninstall(webapps);
        webapps.clear();
        running.clear();
        groups = null;
    }

    /**
     * @return the bindings of the webapps running now, by context path
     */
    public List<WebappBinding> getWebapps()
    {
        List<WebappBinding> all = new ArrayList<>(running);
        all.sort(Comparator.comparing((WebappBinding b) -> b.getContext().getContextPath()).thenComparingInt(System::identityHashCode));
        return all;
    }

    /**
     * @return the watchdog of {@code interlock.request-timeout} and {@code interlock.hold-warning}
     */
    public RequestWatchdog getWatchdog()
    {
        return watchdog;
    }

    /**
     * @return the metrics of every group
     */
    public InterlockMetrics getMetrics()
    {
        return metrics;
    }

    void draining(WebappBinding binding)
    {
        drainingHandler.draining(binding);
    }

    void drained(WebappBinding binding)
    {
        drainingHandler.stopped(binding);
    }

    void register(WebappBinding binding)
    {
        running.add(binding);
        webapps.register(binding);
        if (binding.getExecutor() != null)
            drainingHandler.entering(binding);
    }

    void unregister(WebappBinding binding)
    {
        running.remove(binding);
        webapps.unregister(binding);
        drainingHandler.notEntering(binding);
    }

    /**
     * Logs a warning once per start of the engine.
     *
     * @param message the warning
     */
    public void warnOnce(String message)
    {
        warnings.warn(message);
    }

    /**
     * @return the warnings logged since start, for tests and the status page
     */
    public List<String> getWarnings()
    {
        return warnings.logged();
    }

    /**
     * @param name an executor group's name
     * @return the group, or {@code null} for {@code server}, an unknown name, or before start
     */
    public ExecutorGroup getExecutorGroup(String name)
    {
        Groups g = groups;
        return g == null ? null : g.executorGroup(name);
    }

    /**
     * @return the named executor groups
     */
    public Collection<ExecutorGroup> getExecutorGroups()
    {
        Groups g = groups;
        return g == null ? List.of() : g.executorGroups();
    }

    /**
     * @param executorGroup the executor group's name
     * @return its shared lock, or {@code null} if there is no such group
     */
    public GroupLock getSharedLock(String executorGroup)
    {
        Groups g = groups;
        return g == null ? null : g.sharedLock(executorGroup);
    }

    /**
     * @param executorGroup the executor group's name
     * @param name the application group's name
     * @return the group, or {@code null} if no webapp has used it yet
     */
    public LockDomain getApplicationGroup(String executorGroup, String name)
    {
        Groups g = groups;
        return g == null ? null : g.lockDomain(executorGroup, name);
    }

    /**
     * @return every application group created so far
     */
    public Collection<LockDomain> getApplicationGroups()
    {
        Groups g = groups;
        return g == null ? List.of() : g.lockDomains();
    }

    @Override
    public void dump(Appendable out, String indent) throws IOException
    {
        dumpObjects(out, indent, new DumpableCollection("settings", settings));
    }

    @Override
    public String toString()
    {
        return String.format("InterlockServer@%x{%s,%s}", hashCode(), getState(), groups);
    }
}
