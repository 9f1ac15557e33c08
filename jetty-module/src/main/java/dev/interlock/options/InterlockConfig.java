package dev.interlock.options;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Locale;
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
 * the later block, each option on its own.
 *
 * <p>Specificity, low to high: server default; executor group; application group or webapp;
 * executor group and application group together. Immutable and thread-safe.</p>
 */
public final class InterlockConfig
{
    private final Map<String, ExecutorGroupConfig> executorGroups;
    private final List<OptionBlock> blocks;
    private final List<String> warnings;
    private final Environment environment;

    private InterlockConfig(Map<String, ExecutorGroupConfig> executorGroups, List<OptionBlock> blocks, List<String> warnings, Environment environment)
    {
        this.executorGroups = Collections.unmodifiableMap(executorGroups);
        this.blocks = List.copyOf(blocks);
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
        Environment env = new Environment(environment);
        Parser parser = new Parser(env);
        for (SettingValue v : values)
            parser.add(v);
        return parser.finish();
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
     * Parses a webapp's settings: those its context carries (context XML init parameters, deploy
     * attributes: the operator's) and those of its own {@code microprofile-config.properties}.
     *
     * <p>The webapp's own file is a block as specific as an application group: it beats the
     * operator's server and executor-group defaults and loses to every operator block naming the
     * webapp or one of its application groups. It cannot declare or size executor groups, write
     * scoped blocks, name another webapp's application group (one named after another context
     * path), or raise a limit the operator set ({@code lock-timeout}, {@code max-lock-waiters},
     * {@code drain-timeout}, {@code worker-join}): those warn or fail with a message naming the
     * file.</p>
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
        OptionBlock operator = new OptionBlock(null, null, webapp, Integer.MAX_VALUE);
        for (SettingValue v : context)
            addWebappValue(operator, v, warn);
        OptionBlock own = new OptionBlock(null, null, webapp, OptionBlock.WEBAPP_FILE);
        for (SettingValue v : file)
        {
            String rest = v.key().substring(Settings.PREFIX.length());
            if (rest.equals(Settings.EXECUTOR_GROUPS) || rest.startsWith(Settings.EXECUTOR_GROUPS + "."))
            {
                warn.accept(v.key() + " (from " + v.source() + ") has no effect: a webapp cannot declare or configure executor groups; the operator does, " +
                    "and the webapp chooses one of them with interlock.executor-group (declared: " + String.join(", ", executorGroupNames()) + ")");
                continue;
            }
            if (rest.startsWith(Settings.APPLICATION_GROUPS + ".") || rest.startsWith(Settings.WEBAPPS + "."))
            {
                warn.accept(v.key() + " (from " + v.source() + ") has no effect: scoped blocks are the operator's; a webapp's own file sets its settings with interlock.NAME, " +
                    "such as " + Settings.PREFIX + rest.substring(rest.lastIndexOf('.') + 1));
                continue;
            }
            Setting<?> added = addWebappValue(own, v, warn);
            if (added != null && contextPath != null)
                checkOwnGroups(added, own.values.get(added), contextPath);
        }
        return new WebappBlock(operator, own, environment.webappBlock(webapp), warn);
    }

    private static Setting<?> addWebappValue(OptionBlock block, SettingValue v, Consumer<String> warn)
    {
        String rest = v.key().substring(Settings.PREFIX.length());
        Setting<?> s = Settings.byName(rest);
        if (s == null)
        {
            warn.accept(v.key() + " (from " + v.source() + ") is not an Interlock setting of a webapp and is ignored; did you mean " + Settings.nearest(v.key()) + "?");
            return null;
        }
        if (s.kind() == Setting.Kind.POOL)
        {
            warn.accept(v.key() + " (from " + v.source() + ") has no effect: a webapp cannot size executor groups; the operator declares them with interlock.executor-groups.G." + s.name());
            return null;
        }
        if (s.kind() == Setting.Kind.SERVER)
        {
            warn.accept(v.key() + " (from " + v.source() + ") has no effect: " + s.name() + " is the operator's, for the whole server");
            return null;
        }
        block.values.put(s, new OptionBlock.Value(s.parse(v.key(), v.value(), v.source()), v.key(), v.value(), v.source()));
        return s;
    }

    /** A webapp's own file may name its own application groups, not those named after another webapp. */
    private static void checkOwnGroups(Setting<?> setting, OptionBlock.Value value, String contextPath)
    {
        String ownGroup = contextPath.isEmpty() ? "/" : contextPath;
        for (String group : groupsNamed(setting, value))
        {
            if (group.startsWith("/") && !group.equals(ownGroup))
                throw new ConfigException(value.key(), value.text(), value.source(), "application group " + group + " is named after another webapp's context path; " +
                    "a webapp's own file may only name its own context path or groups of other names; the operator can join webapps with interlock.webapps.NAME." + Settings.APPLICATION_GROUP.name());
        }
    }

    /** The application groups an {@code application-group} or {@code routes} value names; none for other settings. */
    private static List<String> groupsNamed(Setting<?> setting, OptionBlock.Value value)
    {
        if (setting == Settings.APPLICATION_GROUP)
            return List.of((String)value.parsed());
        if (setting == Settings.ROUTES)
            return ((List<?>)value.parsed()).stream().map(r -> ((Route)r).group()).toList();
        return List.of();
    }

    /**
     * Resolves the per-webapp settings (executor group, default application group, routes,
     * not-thread-safe classes).
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
        Map<Setting<?>, OptionBlock.Value> winners = resolve(null, null, webapp, own, Setting.Kind.WEBAPP);
        if (own != null)
        {
            for (Setting<?> s : List.of(Settings.APPLICATION_GROUP, Settings.ROUTES))
            {
                OptionBlock.Value v = winners.get(s);
                if (v == null || v != own.file.values.get(s))
                    continue;
                for (String g : groupsNamed(s, v))
                {
                    if (usedByAnotherWebapp.test(g))
                        throw new ConfigException(v.key(), v.text(), v.source(), "application group " + g + " is used by another webapp; a webapp's own file cannot join " +
                            "another webapp's application group (its lock would then guard both); the operator can, with interlock.webapps.NAME." + s.name());
                }
            }
        }
        OptionBlock.Value eg = winners.get(Settings.EXECUTOR_GROUP);
        String executorGroup = eg == null ? Settings.SERVER_GROUP : (String)eg.parsed();
        if (!isExecutorGroup(executorGroup))
            throw new ConfigException(eg.key(), eg.text(), eg.source(), "executor group '" + executorGroup + "' is not declared; declared groups are " + String.join(", ", executorGroupNames()));
        String applicationGroup = valueOf(winners, Settings.APPLICATION_GROUP, contextPath == null || contextPath.isEmpty() ? "/" : contextPath);
        @SuppressWarnings("unchecked")
        List<Route> routes = (List<Route>)valueOf(winners, Settings.ROUTES, List.of());
        @SuppressWarnings("unchecked")
        List<String> notThreadSafe = (List<String>)valueOf(winners, Settings.NOT_THREAD_SAFE, List.of());
        return new WebappSettings(webapp, executorGroup, applicationGroup, routes, notThreadSafe);
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
        Map<Setting<?>, OptionBlock.Value> winners = resolve(executorGroup, applicationGroup, webapp, own, Setting.Kind.LOCK);
        LockSettings settings = LockSettings.custom()
            .discipline(valueOf(winners, Settings.LOCK, LockDiscipline.FREE))
            .switchInterval(valueOf(winners, Settings.SWITCH_INTERVAL, Settings.SWITCH_INTERVAL.defaultValue()))
            .ioRelease(valueOf(winners, Settings.IO_RELEASE, true))
            .lockTimeout(valueOf(winners, Settings.LOCK_TIMEOUT, Settings.LOCK_TIMEOUT.defaultValue()))
            .maxLockWaiters(valueOf(winners, Settings.MAX_LOCK_WAITERS, Settings.MAX_LOCK_WAITERS.defaultValue()))
            .retryAfter(valueOf(winners, Settings.RETRY_AFTER, Settings.RETRY_AFTER.defaultValue()))
            .build();
        Map<String, String> provenance = new LinkedHashMap<>();
        winners.forEach((s, v) -> provenance.put(s.name(), v.key() + "=" + v.text() + " (from " + v.source() + ")"));
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
        Map<Setting<?>, OptionBlock.Value> winners = resolve(executorGroup, applicationGroup, webapp, own, Setting.Kind.STOP);
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
        return valueOf(resolve(null, null, null, null, Setting.Kind.SERVER), setting, setting.defaultValue());
    }

    /**
     * @param executorGroup an executor group
     * @return the keys of the option blocks that select only that executor group, for the
     * "no webapp uses it" warning
     */
    public List<String> keysSelecting(String executorGroup)
    {
        List<String> keys = new ArrayList<>();
        for (OptionBlock b : blocks)
        {
            if (executorGroup.equals(b.executorGroup))
                b.values.values().forEach(v -> keys.add(v.key()));
        }
        return keys;
    }

    private Map<Setting<?>, OptionBlock.Value> resolve(String e, String a, String w, WebappBlock own, Setting.Kind kind)
    {
        List<OptionBlock> candidates = new ArrayList<>(blocks);
        if (a != null)
            candidates.addAll(environment.applicationGroupBlocks(e, a));
        if (own != null)
        {
            candidates.add(own.operator);
            candidates.addAll(own.environment);
        }
        Map<Setting<?>, OptionBlock> best = best(candidates, e, a, w, kind);
        if (own != null)
        {
            List<OptionBlock> withFile = new ArrayList<>(candidates);
            withFile.add(own.file);
            Map<Setting<?>, OptionBlock> all = best(withFile, e, a, w, kind);
            all.forEach((s, b) ->
            {
                OptionBlock operator = best.get(s);
                if (b == own.file && s.isLimit() && operator != null && raises(b.values.get(s), operator.values.get(s)))
                {
                    OptionBlock.Value mine = b.values.get(s);
                    OptionBlock.Value theirs = operator.values.get(s);
                    own.warn.accept(mine.key() + "=" + mine.text() + " (from " + mine.source() + ") is above the operator's limit " + theirs.key() + "=" + theirs.text() +
                        " (from " + theirs.source() + "); a webapp may lower a limit, not raise it, so " + theirs.text() + " applies");
                    return;
                }
                best.put(s, b);
            });
        }
        Map<Setting<?>, OptionBlock.Value> winners = new LinkedHashMap<>();
        best.forEach((s, b) -> winners.put(s, b.values.get(s)));
        return winners;
    }

    private static Map<Setting<?>, OptionBlock> best(List<OptionBlock> candidates, String e, String a, String w, Setting.Kind kind)
    {
        Map<Setting<?>, OptionBlock> best = new LinkedHashMap<>();
        for (OptionBlock b : candidates)
        {
            if (!b.selects(e, a, w))
                continue;
            for (Setting<?> s : b.values.keySet())
            {
                if (s.kind() == kind && b.beats(best.get(s)))
                    best.put(s, b);
            }
        }
        return best;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static boolean raises(OptionBlock.Value mine, OptionBlock.Value theirs)
    {
        return ((Comparable)mine.parsed()).compareTo(theirs.parsed()) > 0;
    }

    /**
     * The settings in force for a webapp, with where each came from: its webapp settings, and
     * the lock and stop settings of its default application group.
     *
     * @param settings its resolved webapp settings
     * @param own its own block, or {@code null}
     * @return name ({@code interlock.lock}) to value and source, for every lock, stop and webapp setting
     */
    public Map<String, String[]> inForce(WebappSettings settings, WebappBlock own)
    {
        Map<Setting<?>, OptionBlock.Value> winners = new LinkedHashMap<>(resolve(null, null, settings.webapp(), own, Setting.Kind.WEBAPP));
        winners.putAll(resolve(settings.executorGroup(), settings.applicationGroup(), settings.webapp(), own, Setting.Kind.LOCK));
        winners.putAll(resolve(settings.executorGroup(), settings.applicationGroup(), settings.webapp(), own, Setting.Kind.STOP));
        Map<String, String[]> values = new LinkedHashMap<>();
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
            values.put(Settings.PREFIX + s.name(), new String[]{text, v == null ? "default" : v.key() + " (from " + v.source() + ")"});
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
        return "InterlockConfig{executorGroups=" + executorGroups + ", blocks=" + blocks.size() + "}";
    }

    /** A webapp's own settings, scoped to it; opaque outside this package. */
    public static final class WebappBlock
    {
        private final OptionBlock operator;
        private final OptionBlock file;
        private final List<OptionBlock> environment;
        private final Consumer<String> warn;

        private WebappBlock(OptionBlock operator, OptionBlock file, List<OptionBlock> environment, Consumer<String> warn)
        {
            this.operator = operator;
            this.file = file;
            this.environment = environment;
            this.warn = warn;
        }
    }

    private static final class Parser
    {
        private final List<OptionBlock> blocks = new ArrayList<>();
        private final Map<String, Map<Setting<?>, OptionBlock.Value>> pools = new LinkedHashMap<>();
        private final Set<String> warnings = new LinkedHashSet<>();
        private final Environment environment;

        Parser(Environment environment)
        {
            this.environment = environment;
        }

        void add(SettingValue v)
        {
            String key = v.key().trim();
            if (!key.startsWith(Settings.PREFIX))
                throw new ConfigException(key, v.value(), v.source(), "Interlock settings start with '" + Settings.PREFIX + "'");
            String rest = key.substring(Settings.PREFIX.length());
            if (rest.equals(Settings.EXECUTOR_GROUPS))
            {
                for (String name : v.value().split(","))
                {
                    String g = name.trim();
                    if (g.isEmpty())
                        continue;
                    checkGroupName(key, v, g);
                    pools.computeIfAbsent(g, k -> new LinkedHashMap<>());
                }
                return;
            }
            String egPrefix = Settings.EXECUTOR_GROUPS + ".";
            String agPrefix = Settings.APPLICATION_GROUPS + ".";
            String webPrefix = Settings.WEBAPPS + ".";
            if (rest.startsWith(egPrefix))
            {
                String after = rest.substring(egPrefix.length());
                int dot = after.indexOf('.');
                if (dot <= 0)
                    throw new ConfigException(key, v.value(), v.source(), "expected interlock.executor-groups.GROUP.SETTING");
                String group = after.substring(0, dot);
                String tail = after.substring(dot + 1);
                if (!tail.startsWith(agPrefix) && tail.indexOf('.') >= 0)
                    group = after.substring(0, after.lastIndexOf('.'));
                checkGroupName(key, v, group);
                if (tail.startsWith(agPrefix))
                {
                    String[] ao = split(key, v, tail.substring(agPrefix.length()));
                    option(key, v, group, ao[0], null, ao[1]);
                }
                else
                {
                    Setting<?> s = Settings.byName(tail);
                    if (s != null && s.kind() == Setting.Kind.POOL)
                    {
                        if (Settings.SERVER_GROUP.equals(group))
                            throw new ConfigException(key, v.value(), v.source(), "executor group 'server' is Jetty's own thread pool; size it with jetty.threadPool.maxThreads, or declare a named executor group");
                        pools.computeIfAbsent(group, k -> new LinkedHashMap<>()).put(s, new OptionBlock.Value(s.parse(key, v.value(), v.source()), key, v.value(), v.source()));
                    }
                    else
                    {
                        option(key, v, group, null, null, tail);
                    }
                }
            }
            else if (rest.startsWith(agPrefix))
            {
                String[] ao = split(key, v, rest.substring(agPrefix.length()));
                option(key, v, null, ao[0], null, ao[1]);
            }
            else if (rest.startsWith(webPrefix))
            {
                String[] wo = split(key, v, rest.substring(webPrefix.length()));
                option(key, v, null, null, wo[0], wo[1]);
            }
            else
            {
                option(key, v, null, null, null, rest);
            }
        }

        private static String[] split(String key, SettingValue v, String nameAndOption)
        {
            int dot = nameAndOption.lastIndexOf('.');
            if (dot <= 0 || dot == nameAndOption.length() - 1)
                throw new ConfigException(key, v.value(), v.source(), "expected a group or webapp name followed by '.' and a setting name");
            return new String[]{nameAndOption.substring(0, dot), nameAndOption.substring(dot + 1)};
        }

        private static void checkGroupName(String key, SettingValue v, String group)
        {
            if (!Settings.GROUP_NAME.matcher(group).matches())
                throw new ConfigException(key, v.value(), v.source(), "executor group names use letters, digits, '-' and '_' only, not '" + group + "'");
        }

        private void option(String key, SettingValue v, String e, String a, String w, String name)
        {
            Setting<?> s = Settings.byName(name);
            if (s == null)
            {
                warnings.add(key + " (from " + v.source() + ") is not an Interlock setting and is ignored; did you mean " + Settings.nearest(key) + "?");
                return;
            }
            if (s.kind() == Setting.Kind.POOL)
            {
                warnings.add(key + " (from " + v.source() + ") has no effect there: " + s.name() + " sizes a named executor group; write interlock.executor-groups.GROUP." + s.name());
                return;
            }
            if (s.kind() == Setting.Kind.SERVER && (e != null || a != null || w != null))
            {
                warnings.add(key + " (from " + v.source() + ") has no effect there: " + s.name() + " is a setting of the whole server; write interlock." + s.name());
                return;
            }
            if (s.kind() == Setting.Kind.WEBAPP && (e != null || a != null))
            {
                warnings.add(key + " (from " + v.source() + ") has no effect there: " + s.name() + " is chosen per webapp; write interlock." + s.name() + " (all webapps) or interlock.webapps.NAME." + s.name());
                return;
            }
            Object parsed = s.parse(key, v.value(), v.source());
            OptionBlock block = null;
            for (OptionBlock b : blocks)
            {
                if (b.sameSelector(e, a, w))
                    block = b;
            }
            if (block == null)
            {
                block = new OptionBlock(e, a, w, blocks.size());
                blocks.add(block);
            }
            block.values.put(s, new OptionBlock.Value(parsed, key, v.value(), v.source()));
        }

        InterlockConfig finish()
        {
            SettingValue declared = environment.value(Settings.PREFIX + Settings.EXECUTOR_GROUPS);
            if (declared != null)
                add(declared);
            for (String group : List.copyOf(pools.keySet()))
            {
                for (Setting<?> s : Settings.all())
                {
                    SettingValue v = s.kind() == Setting.Kind.POOL ? environment.value(Settings.PREFIX + Settings.EXECUTOR_GROUPS + "." + group + "." + s.name()) : null;
                    if (v != null && !pools.get(group).containsKey(s))
                        pools.get(group).put(s, new OptionBlock.Value(s.parse(v.key(), v.value(), v.source()), v.key(), v.value(), v.source()));
                }
            }
            blocks.addAll(environment.blocks(null, null, null));
            for (String group : pools.keySet())
                blocks.addAll(environment.blocks(group, null, null));
            Map<String, ExecutorGroupConfig> groups = new LinkedHashMap<>();
            pools.forEach((name, settings) ->
            {
                ExecutorGroupConfig.Builder b = ExecutorGroupConfig.custom();
                settings.forEach((s, v) ->
                {
                    if (s == Settings.THREADS)
                        b.threads((Integer)v.parsed());
                    else if (s == Settings.QUEUE)
                        b.queue((Integer)v.parsed());
                    else if (s == Settings.QUEUE_TIMEOUT)
                        b.queueTimeout((Duration)v.parsed());
                    else if (s == Settings.VIRTUAL)
                        b.virtual((Boolean)v.parsed());
                });
                ExecutorGroupConfig config = b.build();
                if (config.virtual() && Runtime.version().feature() < 21)
                    warnings.add("interlock.executor-groups." + name + ".virtual=true has no effect on Java " + Runtime.version().feature() + ": virtual threads need Java 21+; executor group " + name + " uses platform threads");
                groups.put(name, config);
            });
            for (OptionBlock b : blocks)
            {
                if (b.executorGroup != null && !Settings.SERVER_GROUP.equals(b.executorGroup) && !groups.containsKey(b.executorGroup))
                {
                    OptionBlock.Value first = b.values.values().iterator().next();
                    List<String> names = new ArrayList<>();
                    names.add(Settings.SERVER_GROUP);
                    names.addAll(groups.keySet());
                    throw new ConfigException(first.key(), first.text(), first.source(), "executor group '" + b.executorGroup +
                        "' is not declared; declared groups are " + String.join(", ", names) +
                        " (declare one with interlock.executor-groups." + b.executorGroup + ".threads=N or interlock.executor-groups=" + b.executorGroup + ")");
                }
            }
            return new InterlockConfig(groups, blocks, new ArrayList<>(warnings), environment);
        }
    }

    /**
     * Interlock settings in environment variables, looked up by name as MicroProfile Config
     * does: the exact name, then with every character other than a letter or digit replaced by
     * {@code _}, then that in upper case.
     */
    private static final class Environment
    {
        private final UnaryOperator<String> env;

        Environment(UnaryOperator<String> env)
        {
            this.env = env;
        }

        SettingValue value(String name)
        {
            String sanitized = name.replaceAll("[^A-Za-z0-9]", "_");
            for (String candidate : new String[]{name, sanitized, sanitized.toUpperCase(Locale.ROOT)})
            {
                String value = env.apply(candidate);
                if (value != null)
                    return new SettingValue(name, value, "environment variable " + candidate);
            }
            return null;
        }

        /** The option block of one scope written in the environment, if any, as a list of zero or one. */
        List<OptionBlock> blocks(String e, String a, String w)
        {
            StringBuilder scope = new StringBuilder(Settings.PREFIX);
            if (e != null)
                scope.append(Settings.EXECUTOR_GROUPS).append('.').append(e).append('.');
            if (a != null)
                scope.append(Settings.APPLICATION_GROUPS).append('.').append(a).append('.');
            if (w != null)
                scope.append(Settings.WEBAPPS).append('.').append(w).append('.');
            OptionBlock block = new OptionBlock(e, a, w, OptionBlock.ENVIRONMENT);
            for (Setting<?> s : Settings.all())
            {
                if (s.kind() == Setting.Kind.POOL || s.kind() == Setting.Kind.WEBAPP && (e != null || a != null)
                    || s.kind() == Setting.Kind.SERVER && (e != null || a != null || w != null))
                    continue;
                SettingValue v = value(scope + s.name());
                if (v != null)
                    block.values.put(s, new OptionBlock.Value(s.parse(v.key(), v.value(), v.source()), v.key(), v.value(), v.source()));
            }
            return block.values.isEmpty() ? List.of() : List.of(block);
        }

        List<OptionBlock> applicationGroupBlocks(String e, String a)
        {
            List<OptionBlock> found = new ArrayList<>(blocks(null, a, null));
            if (e != null)
                found.addAll(blocks(e, a, null));
            return found;
        }

        List<OptionBlock> webappBlock(String w)
        {
            return blocks(null, null, w);
        }
    }
}
