package dev.interlock.jetty;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;

import dev.interlock.api.Webapp;
import dev.interlock.api.spi.Webapps;
import dev.interlock.api.spi.YieldPoints;
import dev.interlock.engine.ApplicationGroup;
import dev.interlock.engine.GroupBinding;
import dev.interlock.executor.ExecutorGroup;
import dev.interlock.executor.ExecutorGroupConfig;
import dev.interlock.lock.GroupLock;
import dev.interlock.lock.LockFrame;
import dev.interlock.options.InterlockConfig;
import dev.interlock.options.ResolvedLock;
import dev.interlock.options.SettingValue;
import dev.interlock.options.Settings;
import dev.interlock.options.WebappConfigReader;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.annotation.ManagedAttribute;
import org.eclipse.jetty.util.annotation.ManagedObject;
import org.eclipse.jetty.util.annotation.ManagedOperation;
import org.eclipse.jetty.util.annotation.Name;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.eclipse.jetty.util.component.DumpableCollection;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Interlock engine as a {@link Server} bean: the operator's settings, the executor groups,
 * the shared locks and the application groups of every webapp.
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
 * <p>Webapps reach the engine through their context binding (the ee10
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
    private final Map<String, ExecutorGroup> executorGroups = new ConcurrentHashMap<>();
    private final Map<String, GroupLock> sharedLocks = new ConcurrentHashMap<>();
    private final Map<String, ApplicationGroup> applicationGroups = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> webappsByExecutorGroup = new ConcurrentHashMap<>();
    private final Map<ClassLoader, ContextBinding> webappsByLoader = new ConcurrentHashMap<>();
    private final DrainingHandler drainingHandler = new DrainingHandler();
    private final StatusHandler statusHandler = new StatusHandler(this);
    private final Map<String, LongAdder> drainingRejections = new ConcurrentHashMap<>();
    private final InterlockMetrics metrics = new InterlockMetrics(this);
    private final Webapps webapps = new Webapps()
    {
        @Override
        public Webapp current()
        {
            ContextHandler context = ContextHandler.getCurrentContextHandler();
            ContextBinding binding = context == null ? null : context.getBean(ContextBinding.class);
            if (binding == null)
            {
                for (ClassLoader l = Thread.currentThread().getContextClassLoader(); l != null && binding == null; l = l.getParent())
                    binding = webappsByLoader.get(l);
            }
            if (binding == null)
                throw new IllegalStateException("Thread " + Thread.currentThread().getName() + " belongs to no webapp of this server: Webapp.current() works on a webapp's request threads, listeners, beans and tracked workers");
            return binding.getWorkers();
        }

        @Override
        public Webapp of(ClassLoader loader)
        {
            for (ClassLoader l = loader; l != null; l = l.getParent())
            {
                ContextBinding binding = webappsByLoader.get(l);
                if (binding != null)
                    return binding.getWorkers();
            }
            throw new IllegalStateException("Classloader " + loader + " belongs to no webapp of this server");
        }
    };
    private final List<WebappConfigReader> configReaders = new CopyOnWriteArrayList<>();
    private volatile UnaryOperator<String> environment = System::getenv;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final Set<String> warnedKeys = ConcurrentHashMap.newKeySet();
    private final LifeCycle.Listener serverListener = new LifeCycle.Listener()
    {
        @Override
        public void lifeCycleStarted(LifeCycle event)
        {
            warnUnusedExecutorGroups();
        }

        @Override
        public void lifeCycleStopped(LifeCycle event)
        {
            stopExecutorGroups();
        }
    };
    private volatile InterlockConfig config;

    /**
     * @param server the server whose bean this is
     */
    public InterlockServer(@Name("server") Server server)
    {
        this.server = server;
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
        set(key, value, "Jetty XML or Java");
    }

    /**
     * Sets an Interlock setting, naming where it came from for messages.
     *
     * @param key the setting's name
     * @param value its value; {@code null} or blank means not set
     * @param source where it came from, such as {@code start.d/interlock.ini}
     */
    public void set(@Name("key") String key, @Name("value") String value, @Name("source") String source)
    {
        if (isStarting() || isStarted())
            throw new IllegalStateException("Cannot change " + key + " once started: " + this);
        if (value == null || value.isBlank())
            return;
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
        Map<String, String> copy = Map.copyOf(environment);
        this.environment = copy::get;
    }

    /**
     * @return the readers of webapps' own settings: those found with {@link ServiceLoader} on the
     * engine's classpath (the config module's {@code microprofile-config.properties} reader),
     * then those added
     */
    public List<WebappConfigReader> getConfigReaders()
    {
        return List.copyOf(configReaders);
    }

    /**
     * Adds a reader of webapps' own settings. Must be called before start.
     *
     * @param reader the reader
     */
    public void addConfigReader(WebappConfigReader reader)
    {
        configReaders.add(reader);
    }

    /**
     * @param applicationGroup an application group's name
     * @param webapp a webapp's name
     * @return whether a webapp other than {@code webapp} uses that application group now
     */
    public boolean isUsedByAnotherWebapp(String applicationGroup, String webapp)
    {
        return applicationGroups.values().stream()
            .filter(g -> g.getName().equals(applicationGroup))
            .anyMatch(g -> g.getDisciplines().keySet().stream().anyMatch(w -> !w.equals(webapp)));
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
        return config;
    }

    @Override
    protected void doStart() throws Exception
    {
        InterlockConfig parsed = InterlockConfig.parse(settings, environment);
        for (WebappConfigReader reader : ServiceLoader.load(WebappConfigReader.class, InterlockServer.class.getClassLoader()))
        {
            if (configReaders.stream().noneMatch(r -> r.getClass() == reader.getClass()))
                configReaders.add(0, reader);
        }
        parsed.warnings().forEach(this::warnOnce);
        enableStatus(parsed);
        config = parsed;
        sharedLocks.put(Settings.SERVER_GROUP, sharedLock(Settings.SERVER_GROUP));
        YieldPoints.install(LockFrame.YIELD_POINTS);
        Webapps.install(webapps);
        server.addEventListener(serverListener);
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
                warnOnce("interlock.status.enabled=true has no effect: Interlock was added to a starting server whose handler it could not wrap (create the InterlockServer bean after the server's handler is set)");
            }
        }
        super.doStart();
        // Executor groups are started and stopped here rather than as managed beans: they must
        // outlive every context that uses them, and contexts stop after this bean when the
        // server stops (it is usually added after the handlers).
        for (Map.Entry<String, ExecutorGroupConfig> e : parsed.executorGroups().entrySet())
        {
            ExecutorGroup group = new ExecutorGroup(e.getKey(), e.getValue(), server.getScheduler());
            group.setTimed(metricsEnabled());
            executorGroups.put(e.getKey(), group);
            sharedLocks.put(e.getKey(), sharedLock(e.getKey()));
            addBean(group, false);
            group.start();
        }
        LOG.info("Interlock started: executor groups {}", parsed.executorGroupNames());
    }

    private void enableStatus(InterlockConfig parsed) throws Exception
    {
        if (!parsed.server(Settings.STATUS_ENABLED))
        {
            for (String key : List.of(Settings.STATUS_PATH.name(), Settings.STATUS_ROLE.name()))
                if (settings.stream().anyMatch(v -> v.key().equals(Settings.PREFIX + key)))
                    warnOnce(Settings.PREFIX + key + " has no effect: the status endpoint is off (interlock.status.enabled=false)");
            return;
        }
        // In front of the server's handler since the constructor; if not, doStart inserts it or warns.
        statusHandler.enable(parsed, settings);
        LOG.info("Interlock status on {} ({})", parsed.server(Settings.STATUS_PATH),
            parsed.server(Settings.STATUS_ROLE).isEmpty() ? "loopback clients only" : "role " + parsed.server(Settings.STATUS_ROLE));
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
            stopExecutorGroups();
    }

    private GroupLock sharedLock(String executorGroup)
    {
        GroupLock l = new GroupLock("shared:" + executorGroup);
        l.setTimed(metricsEnabled());
        return l;
    }

    private boolean metricsEnabled()
    {
        InterlockConfig c = config;
        return c == null || c.server(Settings.METRICS_ENABLED);
    }

    /**
     * @return the metrics of every group
     */
    public InterlockMetrics getMetrics()
    {
        return metrics;
    }

    /**
     * Counts a 503 sent because a webapp of {@code executorGroup} was stopping.
     *
     * @param executorGroup the webapp's executor group
     */
    void countDrainingRejection(String executorGroup)
    {
        drainingRejections.computeIfAbsent(executorGroup, k -> new LongAdder()).increment();
    }

    /**
     * @param executorGroup an executor group
     * @return the 503s sent because a webapp of that group was stopping
     */
    public long getDrainingRejections(String executorGroup)
    {
        LongAdder count = drainingRejections.get(executorGroup);
        return count == null ? 0 : count.sum();
    }

    private void stopExecutorGroups()
    {
        for (ExecutorGroup group : executorGroups.values())
        {
            try
            {
                group.stop();
            }
            catch (Exception x)
            {
                LOG.warn("Could not stop {}", group, x);
            }
            removeBean(group);
        }
        server.removeEventListener(serverListener);
        YieldPoints.uninstall(LockFrame.YIELD_POINTS);
        Webapps.uninstall(webapps);
        executorGroups.clear();
        sharedLocks.clear();
        applicationGroups.values().forEach(this::removeBean);
        applicationGroups.clear();
        drainingRejections.clear();
        webappsByExecutorGroup.clear();
        webappsByLoader.clear();
        warned.clear();
        warnedKeys.clear();
        config = null;
    }

    /**
     * Binds a webapp to an application group, creating the group on first use, and resolves the
     * options the webapp gets there.
     *
     * @param webapp the webapp's name
     * @param executorGroup its executor group (declared)
     * @param applicationGroup the application group
     * @param own the webapp's own option block, or {@code null}
     * @return the binding
     */
    public GroupBinding bind(String webapp, String executorGroup, String applicationGroup, InterlockConfig.WebappBlock own)
    {
        InterlockConfig c = requireConfig();
        ApplicationGroup group = applicationGroups.computeIfAbsent(key(executorGroup, applicationGroup), k ->
        {
            ApplicationGroup created = new ApplicationGroup(applicationGroup, executorGroup, sharedLocks.get(executorGroup));
            created.getOwnLock().setTimed(metricsEnabled());
            // A bean, unmanaged: one MBean per group when JMX is on.
            addBean(created, false);
            return created;
        });
        ResolvedLock resolved = c.resolveLock(executorGroup, applicationGroup, webapp, own);
        group.bindWebapp(webapp, resolved.settings().discipline().settingValue(), resolved.provenance().getOrDefault(Settings.LOCK.name(), "default"));
        webappsByExecutorGroup.computeIfAbsent(executorGroup, k -> ConcurrentHashMap.newKeySet()).add(webapp);
        return new GroupBinding(group, resolved, executorGroups.get(executorGroup));
    }

    void draining(ContextBinding binding)
    {
        drainingHandler.draining(binding);
    }

    void drained(ContextBinding binding)
    {
        drainingHandler.stopped(binding);
    }

    void register(ContextBinding binding)
    {
        ClassLoader loader = binding.getClassLoader();
        if (loader != null)
            webappsByLoader.put(loader, binding);
    }

    void unregister(ContextBinding binding)
    {
        ClassLoader loader = binding.getClassLoader();
        if (loader != null)
            webappsByLoader.remove(loader, binding);
    }

    /**
     * Undoes {@link #bind} for every group of a webapp that is stopping.
     *
     * @param webapp the webapp's name
     * @param executorGroup its executor group
     */
    public void unbind(String webapp, String executorGroup)
    {
        for (ApplicationGroup g : applicationGroups.values())
        {
            g.unbindWebapp(webapp);
            g.removeFallbacksOf(webapp);
        }
        Set<String> webapps = webappsByExecutorGroup.get(executorGroup);
        if (webapps != null)
            webapps.remove(webapp);
    }

    private InterlockConfig requireConfig()
    {
        InterlockConfig c = config;
        if (c == null)
            throw new IllegalStateException("Interlock is not started: " + this);
        return c;
    }

    private static String key(String executorGroup, String applicationGroup)
    {
        return executorGroup + '\u0000' + applicationGroup;
    }

    /**
     * Logs a warning once per start of the engine.
     *
     * @param message the warning
     */
    public void warnOnce(String message)
    {
        if (warned.add(message))
            LOG.warn(message);
    }

    /**
     * Logs a warning once per start of the engine for each {@code key}: the same misplaced
     * setting seen from many webapps is reported once.
     *
     * @param key what the warning is about, such as the setting with its source
     * @param message the warning
     */
    public void warnOnce(String key, String message)
    {
        if (warnedKeys.add(key))
            warnOnce(message);
    }

    /**
     * @return the warnings logged since start, for tests and the status page
     */
    public List<String> getWarnings()
    {
        return List.copyOf(warned);
    }

    private void warnUnusedExecutorGroups()
    {
        InterlockConfig c = config;
        if (c == null)
            return;
        for (String name : c.executorGroups().keySet())
        {
            Set<String> webapps = webappsByExecutorGroup.get(name);
            if (webapps == null || webapps.isEmpty())
            {
                List<String> keys = c.keysSelecting(name);
                warnOnce("Executor group " + name + " is declared but no webapp runs in it" +
                    (keys.isEmpty() ? "" : "; its options have no effect: " + String.join(", ", keys)));
            }
        }
    }

    /**
     * @param name an executor group's name
     * @return the group, or {@code null} for {@code server} or an unknown name
     */
    public ExecutorGroup getExecutorGroup(String name)
    {
        return executorGroups.get(name);
    }

    /**
     * @return the named executor groups
     */
    public Collection<ExecutorGroup> getExecutorGroups()
    {
        return List.copyOf(executorGroups.values());
    }

    /**
     * @param executorGroup the executor group's name
     * @return its shared lock, or {@code null} if there is no such group
     */
    public GroupLock getSharedLock(String executorGroup)
    {
        return sharedLocks.get(executorGroup);
    }

    /**
     * @param executorGroup the executor group's name
     * @param name the application group's name
     * @return the group, or {@code null} if no webapp has used it yet
     */
    public ApplicationGroup getApplicationGroup(String executorGroup, String name)
    {
        return applicationGroups.get(key(executorGroup, name));
    }

    /**
     * @return every application group created so far
     */
    public Collection<ApplicationGroup> getApplicationGroups()
    {
        return List.copyOf(applicationGroups.values());
    }

    @ManagedAttribute("names of the application groups")
    public List<String> getApplicationGroupNames()
    {
        List<String> names = new ArrayList<>();
        applicationGroups.values().forEach(g -> names.add(g.getExecutorGroup() + "/" + g.getName()));
        return names;
    }

    @ManagedOperation(value = "lock state of every application group and shared lock", impact = "INFO")
    public String describeLocks()
    {
        StringBuilder b = new StringBuilder();
        sharedLocks.values().forEach(l -> b.append(l).append('\n'));
        applicationGroups.values().forEach(g -> b.append(g).append(' ').append(g.getOwnLock()).append('\n'));
        return b.toString();
    }

    @Override
    public void dump(Appendable out, String indent) throws IOException
    {
        dumpObjects(out, indent,
            new DumpableCollection("settings", settings),
            new DumpableCollection("sharedLocks", sharedLocks.values()),
            new DumpableCollection("applicationGroups", applicationGroups.values()));
    }

    @Override
    public String toString()
    {
        return String.format("%s@%x{%s,executorGroups=%s,applicationGroups=%d}", getClass().getSimpleName(), hashCode(), getState(),
            executorGroups.keySet(), applicationGroups.size());
    }
}
