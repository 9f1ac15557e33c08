package dev.interlock.options;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.interlock.executor.ExecutorGroupConfig;

/**
 * Reads the operator's settings, in the order they were written, into executor group
 * declarations and scoped option blocks, then adds what the environment gives for the scopes it
 * knows. Every key is placed by its scope prefix; a bad value or an undeclared group fails with
 * a {@link ConfigException}, a setting placed where it has no effect becomes a warning.
 */
final class SettingsParser
{
    private static final String EG_PREFIX = Settings.EXECUTOR_GROUPS + ".";
    private static final String AG_PREFIX = Settings.APPLICATION_GROUPS + ".";
    private static final String WEBAPP_PREFIX = Settings.WEBAPPS + ".";

    private final List<OptionBlock> blocks = new ArrayList<>();
    private final Map<String, Map<Setting<?>, OptionBlock.Value>> pools = new LinkedHashMap<>();
    private final Set<String> warnings = new LinkedHashSet<>();
    private final EnvironmentSettings environment;

    SettingsParser(EnvironmentSettings environment)
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
        if (rest.startsWith(EG_PREFIX))
        {
            String after = rest.substring(EG_PREFIX.length());
            int dot = after.indexOf('.');
            if (dot <= 0)
                throw new ConfigException(key, v.value(), v.source(), "expected interlock.executor-groups.GROUP.SETTING");
            String group = after.substring(0, dot);
            String tail = after.substring(dot + 1);
            if (!tail.startsWith(AG_PREFIX) && tail.indexOf('.') >= 0)
            {
                // A setting whose name has a dot of its own (detect-concurrency.watch) after a group name.
                String name = Settings.shortNameAtEnd(after);
                group = after.length() > name.length() ? after.substring(0, after.length() - name.length() - 1) : after.substring(0, after.lastIndexOf('.'));
                tail = after.substring(group.length() + 1);
            }
            checkGroupName(key, v, group);
            if (tail.startsWith(AG_PREFIX))
            {
                String[] ao = split(key, v, tail.substring(AG_PREFIX.length()));
                option(key, v, group, ao[0], null, ao[1]);
            }
            else
            {
                Setting<?> s = Settings.byName(tail);
                if (s != null && s.kind() == Setting.Kind.POOL)
                {
                    if (Settings.SERVER_GROUP.equals(group))
                        throw new ConfigException(key, v.value(), v.source(), "executor group 'server' is Jetty's own thread pool; size it with jetty.threadPool.maxThreads, or declare a named executor group");
                    pools.computeIfAbsent(group, k -> new LinkedHashMap<>()).put(s, new OptionBlock.Value(s.parse(key, v.value(), v.source()), v));
                }
                else
                {
                    option(key, v, group, null, null, tail);
                }
            }
        }
        else if (rest.startsWith(AG_PREFIX))
        {
            String[] ao = split(key, v, rest.substring(AG_PREFIX.length()));
            option(key, v, null, ao[0], null, ao[1]);
        }
        else if (rest.startsWith(WEBAPP_PREFIX))
        {
            String[] wo = split(key, v, rest.substring(WEBAPP_PREFIX.length()));
            option(key, v, null, null, wo[0], wo[1]);
        }
        else
        {
            option(key, v, null, null, null, rest);
        }
    }

    private static String[] split(String key, SettingValue v, String nameAndOption)
    {
        // The setting is the longest known name at the end (some have a dot of their own), else the last segment.
        String option = Settings.shortNameAtEnd(nameAndOption);
        int dot = nameAndOption.length() - option.length() - 1;
        if (dot <= 0 || option.isEmpty())
            throw new ConfigException(key, v.value(), v.source(), "expected a group or webapp name followed by '.' and a setting name");
        return new String[]{nameAndOption.substring(0, dot), option};
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
        block.put(s, v);
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
                    pools.get(group).put(s, new OptionBlock.Value(s.parse(v.key(), v.value(), v.source()), v));
            }
        }
        blocks.addAll(environment.blocks(null, null, null));
        for (String group : pools.keySet())
            blocks.addAll(environment.blocks(group, null, null));
        Map<String, ExecutorGroupConfig> groups = new LinkedHashMap<>();
        pools.forEach((name, settings) -> groups.put(name, executorGroup(name, settings)));
        environment.check(g -> Settings.SERVER_GROUP.equals(g) || groups.containsKey(g), warnings);
        for (OptionBlock b : blocks)
        {
            OptionBlock.Value chosen = b.values.get(Settings.EXECUTOR_GROUP);
            if (chosen != null && !Settings.SERVER_GROUP.equals(chosen.parsed()) && !groups.containsKey((String)chosen.parsed()))
            {
                // A webapp's executor group written by the operator is checked now, not when it deploys.
                List<String> names = new ArrayList<>();
                names.add(Settings.SERVER_GROUP);
                names.addAll(groups.keySet());
                throw new ConfigException(chosen.key(), chosen.text(), chosen.source(), "executor group '" + chosen.parsed() +
                    "' is not declared; declared groups are " + String.join(", ", names));
            }
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

    private ExecutorGroupConfig executorGroup(String name, Map<Setting<?>, OptionBlock.Value> settings)
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
        return config;
    }
}
