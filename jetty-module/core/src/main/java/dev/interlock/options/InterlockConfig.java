package dev.interlock.options;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import dev.interlock.executor.ExecutorGroupConfig;
import dev.interlock.lock.LockDiscipline;
import dev.interlock.lock.LockSettings;

/**
 * The operator's Interlock configuration, parsed and validated: the declared executor groups and
 * the scoped option blocks, resolved per (executor group, application group, webapp) with
 * mod_wsgi's {@code <WSGIInterpreterOptions>} rules — the most specific block wins, ties go to
 * the later block, each option on its own ({@link Precedence}).
 *
 * <p>Specificity, low to high: server default; executor group; application group or webapp;
 * executor group and application group together. Immutable and thread-safe.</p>
 */
public final class InterlockConfig
{
    private final Map<String, ExecutorGroupConfig> executorGroups;
    private final Precedence precedence;
    private final List<String> warnings;
    private final EnvironmentSettings environment;

    InterlockConfig(Map<String, ExecutorGroupConfig> executorGroups, List<OptionBlock> blocks, List<String> warnings, EnvironmentSettings environment)
    {
        this.executorGroups = Collections.unmodifiableMap(new LinkedHashMap<>(executorGroups));
        this.precedence = new Precedence(blocks, environment);
        this.warnings = List.copyOf(warnings);
        this.environment = environment;
    }

    /**
     * Parses the operator's settings, in the order they were written, without environment
     * variables.
     *
     * @param values the settings
     * @return the configuration
     * @throws ConfigException for the first bad value or unknown group
     */
    public static InterlockConfig parse(List<SettingValue> values)
    {
        return parse(values, name -> null);
    }

    /**
     * Parses the operator's settings, in the order they were written, and the environment
     * variables that name settings by MicroProfile Config's rules: for a setting
     * {@code interlock.executor-groups.reports.threads} the variable is that exact name, or the
     * name with each character other than a letter or a digit replaced by {@code _}, or that in
     * upper case ({@code INTERLOCK_EXECUTOR_GROUPS_REPORTS_THREADS}). A variable counts as an
     * operator block of its scope written before all others: any written setting of the same
     * scope beats it.
     *
     * @param values the settings
     * @param environment the environment, {@code System::getenv} in a server
     * @return the configuration
     * @throws ConfigException for the first bad value or unknown group
     */
    public static InterlockConfig parse(List<SettingValue> values, UnaryOperator<String> environment)
    {
        return parse(values, new EnvironmentSettings(environment, null));
    }

    /**
     * As {@link #parse(List, UnaryOperator)}, with the whole environment: besides the lookups by
     * name, every variable that names an Interlock setting for a webapp
     * ({@code INTERLOCK_WEBAPPS_SHOP_LOCK}) is checked now, at startup, rather than when that
     * webapp deploys, and a variable that names no setting is warned about.
     *
     * @param values the settings
     * @param environment the environment, {@code System.getenv()} in a server
     * @return the configuration
     * @throws ConfigException for the first bad value or unknown group
     */
    public static InterlockConfig parse(List<SettingValue> values, Map<String, String> environment)
    {
        Map<String, String> copy = Map.copyOf(environment);
        return parse(values, new EnvironmentSettings(copy::get, copy.keySet()));
    }

    private static InterlockConfig parse(List<SettingValue> values, EnvironmentSettings environment)
    {
        SettingsParser parser = new SettingsParser(environment);
        for (SettingValue v : lastOfEachKey(values))
            parser.add(v);
        return parser.finish();
    }

    /**
     * A key written twice keeps its later value, in the place of the later one: the earlier was
     * overridden, so a mistake in it must not stop startup ({@code --set a=bad --set a=good}).
     */
    private static List<SettingValue> lastOfEachKey(List<SettingValue> values)
    {
        Map<String, Integer> last = new java.util.HashMap<>();
        for (int i = 0; i < values.size(); i++)
            last.put(values.get(i).key().trim(), i);
        List<SettingValue> kept = new ArrayList<>();
        for (int i = 0; i < values.size(); i++)
        {
            if (last.get(values.get(i).key().trim()) == i)
                kept.add(values.get(i));
        }
        return kept;
    }

    /**
     * @return the named executor groups (not {@code server}), in declaration order
     */
    public Map<String, ExecutorGroupConfig> executorGroups()
    {
        return executorGroups;
    }

    /**
     * @return warnings about settings placed where they have no effect, found while parsing
     */
    public List<String> warnings()
    {
        return warnings;
    }

    /**
     * @param name an executor group name
     * @return whether it is {@code server} or declared
     */
    public boolean isExecutorGroup(String name)
    {
        return Settings.SERVER_GROUP.equals(name) || executorGroups.containsKey(name);
    }

    /**
     * @return the executor group names that may be named, {@code server} first
     */
    public List<String> executorGroupNames()
    {
        List<String> names = new ArrayList<>();
        names.add(Settings.SERVER_GROUP);
        names.addAll(executorGroups.keySet());
        return names;
    }

    /**
     * Parses the settings a webapp's context carries (context init parameters from its context
     * XML, say) into a block scoped to that webapp. The operator's: it beats the webapp's own file.
     *
     * @param webapp the webapp's name ({@link Settings#webappName(String)})
     * @param values its settings; keys are {@code interlock.NAME}
     * @param warn receives warnings about settings that have no effect there
     * @return the webapp's own settings, to pass to the {@code resolve} methods
     */
    public WebappBlock webappBlock(String webapp, List<SettingValue> values, Consumer<String> warn)
    {
        return webappBlock(webapp, null, values, List.of(), warn);
    }

    /**
     * Parses a webapp's settings: those its context carries (the operator's) and those of its
     * own {@code microprofile-config.properties}, as {@link WebappFilePolicy} allows. The file is
     * a block as specific as an application group: it beats the operator's server and
     * executor-group defaults and loses to every operator block naming the webapp or one of its
     * application groups.
     *
     * @param webapp the webapp's name ({@link Settings#webappName(String)})
     * @param contextPath its context path, or {@code null}
     * @param context the settings its context carries; keys are {@code interlock.NAME}
     * @param file the settings of its own file; keys are {@code interlock.NAME}
     * @param warn receives warnings about settings that have no effect, or were capped
     * @return the webapp's settings, to pass to the {@code resolve} methods
     * @throws ConfigException for a value that is not allowed
     */
    public WebappBlock webappBlock(String webapp, String contextPath, List<SettingValue> context, List<SettingValue> file, Consumer<String> warn)
    {
        return WebappFilePolicy.read(webapp, contextPath, context, file, environment.webappBlock(webapp), executorGroupNames(), warn);
    }

    /**
     * Resolves the per-webapp settings (executor group, default application group, routes,
     * not-thread-safe classes, concurrency detection).
     *
     * @param webapp the webapp's name
     * @param contextPath its context path (the default application group)
     * @param own the webapp's own block, or {@code null}
     * @return the resolved settings
     * @throws ConfigException if the chosen executor group is not declared
     */
    public WebappSettings resolveWebapp(String webapp, String contextPath, WebappBlock own)
    {
        return resolveWebapp(webapp, contextPath, own, group -> false);
    }

    /**
     * Resolves the per-webapp settings, refusing application groups the webapp's own file names
     * that another webapp uses.
     *
     * @param webapp the webapp's name
     * @param contextPath its context path (the default application group)
     * @param own the webapp's own block, or {@code null}
     * @param usedByAnotherWebapp whether an application group has other webapps in it
     * @return the resolved settings
     * @throws ConfigException if the chosen executor group is not declared, or the webapp's own
     * file joins another webapp's application group
     */
    public WebappSettings resolveWebapp(String webapp, String contextPath, WebappBlock own, Predicate<String> usedByAnotherWebapp)
    {
        Map<Setting<?>, OptionBlock.Value> winners = precedence.winners(null, null, webapp, own, Setting.Kind.WEBAPP);
        if (own != null)
            WebappFilePolicy.checkJoins(winners, own, usedByAnotherWebapp);
        OptionBlock.Value eg = winners.get(Settings.EXECUTOR_GROUP);
        String executorGroup = eg == null ? Settings.SERVER_GROUP : (String)eg.parsed();
        if (!isExecutorGroup(executorGroup))
            throw new ConfigException(eg.key(), eg.text(), eg.source(), "executor group '" + executorGroup + "' is not declared; declared groups are " + String.join(", ", executorGroupNames()));
        String applicationGroup = valueOf(winners, Settings.APPLICATION_GROUP, contextPath == null || contextPath.isEmpty() ? "/" : contextPath);
        @SuppressWarnings("unchecked")
        List<Route> routes = (List<Route>)valueOf(winners, Settings.ROUTES, List.of());
        @SuppressWarnings("unchecked")
        List<String> notThreadSafe = (List<String>)valueOf(winners, Settings.NOT_THREAD_SAFE, List.of());
        boolean detectConcurrency = valueOf(winners, Settings.DETECT_CONCURRENCY, Settings.DETECT_CONCURRENCY.defaultValue());
        @SuppressWarnings("unchecked")
        List<String> watch = (List<String>)valueOf(winners, Settings.DETECT_CONCURRENCY_WATCH, List.of());
        return new WebappSettings(webapp, executorGroup, applicationGroup, routes, notThreadSafe, detectConcurrency, watch);
    }

    /**
     * Resolves the lock options of application group {@code applicationGroup} in executor group
     * {@code executorGroup}, as seen by {@code webapp}.
     *
     * @param executorGroup the executor group
     * @param applicationGroup the application group
     * @param webapp the webapp's name, or {@code null}
     * @param own the webapp's own block, or {@code null}
     * @return the options and which key set each of them
     */
    public ResolvedLock resolveLock(String executorGroup, String applicationGroup, String webapp, WebappBlock own)
    {
        Map<Setting<?>, OptionBlock.Value> winners = precedence.winners(executorGroup, applicationGroup, webapp, own, Setting.Kind.LOCK);
        LockSettings settings = LockSettings.custom()
            .discipline(valueOf(winners, Settings.LOCK, LockDiscipline.FREE))
            .switchInterval(valueOf(winners, Settings.SWITCH_INTERVAL, Settings.SWITCH_INTERVAL.defaultValue()))
            .ioRelease(valueOf(winners, Settings.IO_RELEASE, true))
            .lockTimeout(valueOf(winners, Settings.LOCK_TIMEOUT, Settings.LOCK_TIMEOUT.defaultValue()))
            .maxLockWaiters(valueOf(winners, Settings.MAX_LOCK_WAITERS, Settings.MAX_LOCK_WAITERS.defaultValue()))
            .retryAfter(valueOf(winners, Settings.RETRY_AFTER, Settings.RETRY_AFTER.defaultValue()))
            .holdWarning(valueOf(winners, Settings.HOLD_WARNING, Settings.HOLD_WARNING.defaultValue()))
            .requestTimeout(valueOf(winners, Settings.REQUEST_TIMEOUT, Settings.REQUEST_TIMEOUT.defaultValue()))
            .requestTimeoutAction(valueOf(winners, Settings.REQUEST_TIMEOUT_ACTION, Settings.REQUEST_TIMEOUT_ACTION.defaultValue()))
            .build();
        Map<String, String> provenance = new LinkedHashMap<>();
        winners.forEach((s, v) -> provenance.put(s.name(), v.describe()));
        return new ResolvedLock(settings, provenance);
    }

    /**
     * Resolves how a webapp stops: from the blocks selecting its executor group, its default
     * application group or the webapp, as lock options are.
     *
     * @param executorGroup the webapp's executor group
     * @param applicationGroup its default application group
     * @param webapp its name
     * @param own its own block, or {@code null}
     * @return the settings
     */
    public StopSettings resolveStop(String executorGroup, String applicationGroup, String webapp, WebappBlock own)
    {
        Map<Setting<?>, OptionBlock.Value> winners = precedence.winners(executorGroup, applicationGroup, webapp, own, Setting.Kind.STOP);
        return new StopSettings(
            valueOf(winners, Settings.DRAIN_TIMEOUT, Settings.DRAIN_TIMEOUT.defaultValue()),
            valueOf(winners, Settings.WORKER_JOIN, Settings.WORKER_JOIN.defaultValue()),
            valueOf(winners, Settings.LEAK_POLICY, Settings.LEAK_POLICY.defaultValue()));
    }

    /**
     * @param setting a setting of the whole server ({@link Setting.Kind#SERVER})
     * @param <T> its type
     * @return its value: written, from the environment, or its default
     */
    public <T> T server(Setting<T> setting)
    {
        return valueOf(precedence.winners(null, null, null, null, Setting.Kind.SERVER), setting, setting.defaultValue());
    }

    /**
     * @param setting a setting of the whole server
     * @return the key, value and source that set it, or {@code null} if it has its default
     */
    public SettingValue serverSource(Setting<?> setting)
    {
        OptionBlock.Value v = precedence.winners(null, null, null, null, Setting.Kind.SERVER).get(setting);
        return v == null ? null : v.written();
    }

    /**
     * @param executorGroup an executor group
     * @return the keys of the option blocks that select only that executor group, for the
     * "no webapp uses it" warning
     */
    public List<String> keysSelecting(String executorGroup)
    {
        return precedence.keysSelecting(executorGroup);
    }

    /**
     * The settings in force for a webapp, with where each came from: its webapp settings, and
     * the lock and stop settings of its default application group.
     *
     * @param settings its resolved webapp settings
     * @param own its own block, or {@code null}
     * @return for every lock, stop and webapp setting: its full name, its value as text and the
     * key and source that set it, or {@code default}
     */
    public List<SettingValue> inForce(WebappSettings settings, WebappBlock own)
    {
        Map<Setting<?>, OptionBlock.Value> winners = new LinkedHashMap<>(precedence.winners(null, null, settings.webapp(), own, Setting.Kind.WEBAPP));
        winners.putAll(precedence.winners(settings.executorGroup(), settings.applicationGroup(), settings.webapp(), own, Setting.Kind.LOCK));
        winners.putAll(precedence.winners(settings.executorGroup(), settings.applicationGroup(), settings.webapp(), own, Setting.Kind.STOP));
        List<SettingValue> values = new ArrayList<>();
        for (Setting<?> s : Settings.all())
        {
            if (s.kind() == Setting.Kind.POOL || s.kind() == Setting.Kind.SERVER)
                continue;
            OptionBlock.Value v = winners.get(s);
            String text;
            if (v != null)
                text = s.text(v.parsed());
            else if (s == Settings.EXECUTOR_GROUP)
                text = settings.executorGroup();
            else if (s == Settings.APPLICATION_GROUP)
                text = settings.applicationGroup();
            else
                text = s.text(s.defaultValue());
            values.add(new SettingValue(Settings.PREFIX + s.name(), text, v == null ? "default" : v.key() + " (from " + v.source() + ")"));
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    private static <T> T valueOf(Map<Setting<?>, OptionBlock.Value> winners, Setting<T> setting, T fallback)
    {
        OptionBlock.Value v = winners.get(setting);
        return v == null ? fallback : (T)v.parsed();
    }

    @Override
    public String toString()
    {
        return "InterlockConfig{executorGroups=" + executorGroups + ", blocks=" + precedence.size() + "}";
    }
}
