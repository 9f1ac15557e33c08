package dev.interlock.options;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

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

    private InterlockConfig(Map<String, ExecutorGroupConfig> executorGroups, List<OptionBlock> blocks, List<String> warnings)
    {
        this.executorGroups = Collections.unmodifiableMap(executorGroups);
        this.blocks = List.copyOf(blocks);
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Parses the operator's settings, in the order they were written.
     *
     * @param values the settings
     * @return the configuration
     * @throws ConfigException for the first bad value or unknown group
     */
    public static InterlockConfig parse(List<SettingValue> values)
    {
        Parser parser = new Parser();
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
     * XML, say) into a block scoped to that webapp.
     *
     * @param webapp the webapp's name ({@link Settings#webappName(String)})
     * @param values its settings; keys are {@code interlock.NAME}
     * @param warn receives warnings about settings that have no effect there
     * @return the webapp's own settings, to pass to the {@code resolve} methods
     */
    public WebappBlock webappBlock(String webapp, List<SettingValue> values, Consumer<String> warn)
    {
        OptionBlock block = new OptionBlock(null, null, webapp, Integer.MAX_VALUE);
        for (SettingValue v : values)
        {
            String rest = v.key().substring(Settings.PREFIX.length());
            Setting<?> s = Settings.byName(rest);
            if (s == null)
            {
                warn.accept(v.key() + " (from " + v.source() + ") is not an Interlock setting of a webapp and is ignored; did you mean " + Settings.nearest(v.key()) + "?");
                continue;
            }
            if (s.kind() == Setting.Kind.POOL)
            {
                warn.accept(v.key() + " (from " + v.source() + ") has no effect: a webapp cannot size executor groups; the operator declares them with interlock.executor-groups.G." + s.name());
                continue;
            }
            block.values.put(s, new OptionBlock.Value(s.parse(v.key(), v.value(), v.source()), v.key(), v.value(), v.source()));
        }
        return new WebappBlock(block);
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
        Map<Setting<?>, OptionBlock.Value> winners = resolve(null, null, webapp, own, Setting.Kind.WEBAPP);
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
        Map<Setting<?>, OptionBlock> best = new LinkedHashMap<>();
        List<OptionBlock> candidates = new ArrayList<>(blocks);
        if (own != null)
            candidates.add(own.block);
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
        Map<Setting<?>, OptionBlock.Value> winners = new LinkedHashMap<>();
        best.forEach((s, b) -> winners.put(s, b.values.get(s)));
        return winners;
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
        private final OptionBlock block;

        private WebappBlock(OptionBlock block)
        {
            this.block = block;
        }
    }

    private static final class Parser
    {
        private final List<OptionBlock> blocks = new ArrayList<>();
        private final Map<String, Map<Setting<?>, OptionBlock.Value>> pools = new LinkedHashMap<>();
        private final Set<String> warnings = new LinkedHashSet<>();

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
            return new InterlockConfig(groups, blocks, new ArrayList<>(warnings));
        }
    }
}
