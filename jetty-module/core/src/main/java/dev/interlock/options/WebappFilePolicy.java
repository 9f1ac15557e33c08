package dev.interlock.options;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What a webapp may say about itself. The settings its context carries are the operator's
 * (context XML, deploy attributes) and may set any webapp or lock option. Its own
 * {@code microprofile-config.properties} may choose its discipline, executor group (among those
 * declared), application group, routes, not-thread-safe classes and lower limits; it may not
 * declare or size executor groups, write scoped blocks, name an application group named after
 * another webapp, or join one another webapp uses. What it may not do warns or fails naming the
 * file.
 */
final class WebappFilePolicy
{
    private WebappFilePolicy()
    {
    }

    /**
     * @param webapp the webapp's name
     * @param contextPath its context path, or {@code null}
     * @param context the settings its context carries
     * @param file the settings of its own file
     * @param environment the environment's block naming it
     * @param executorGroups the names that may be chosen, for messages
     * @param warn receives the warnings
     * @return the webapp's block
     * @throws ConfigException for a value that is not allowed
     */
    static WebappBlock read(String webapp, String contextPath, List<SettingValue> context, List<SettingValue> file,
                            List<OptionBlock> environment, List<String> executorGroups, Consumer<String> warn)
    {
        OptionBlock operator = new OptionBlock(null, null, webapp, Integer.MAX_VALUE);
        for (SettingValue v : context)
        {
            String rest = v.key().substring(Settings.PREFIX.length());
            if (rest.equals(Settings.EXECUTOR_GROUPS) || rest.startsWith(Settings.EXECUTOR_GROUPS + ".") || rest.startsWith(Settings.APPLICATION_GROUPS + ".")
                || rest.startsWith(Settings.WEBAPPS + "."))
            {
                warn.accept(v.key() + " (from " + v.source() + ") has no effect on a webapp's context: scoped settings and executor groups are the server's; " +
                    "write it with the server's settings (start.d/*.ini, Jetty XML, -D), or set interlock." + Settings.shortNameAtEnd(rest) + " here for this webapp");
                continue;
            }
            add(operator, v, warn);
        }
        OptionBlock own = new OptionBlock(null, null, webapp, OptionBlock.WEBAPP_FILE);
        for (SettingValue v : file)
        {
            String rest = v.key().substring(Settings.PREFIX.length());
            if (rest.equals(Settings.EXECUTOR_GROUPS) || rest.startsWith(Settings.EXECUTOR_GROUPS + "."))
            {
                warn.accept(v.key() + " (from " + v.source() + ") has no effect: a webapp cannot declare or configure executor groups; the operator does, " +
                    "and the webapp chooses one of them with interlock.executor-group (declared: " + String.join(", ", executorGroups) + ")");
                continue;
            }
            if (rest.startsWith(Settings.APPLICATION_GROUPS + ".") || rest.startsWith(Settings.WEBAPPS + "."))
            {
                warn.accept(v.key() + " (from " + v.source() + ") has no effect: scoped blocks are the operator's; a webapp's own file sets its settings with interlock.NAME, " +
                    "such as " + Settings.PREFIX + Settings.shortNameAtEnd(rest));
                continue;
            }
            Setting<?> added = add(own, v, warn);
            if (added != null && contextPath != null)
                checkOwnGroups(added, own.values.get(added), contextPath);
        }
        return new WebappBlock(operator, own, environment, warn);
    }

    private static Setting<?> add(OptionBlock block, SettingValue v, Consumer<String> warn)
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
        block.put(s, v);
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

    /**
     * Refuses the application groups the webapp's own file chose, when another webapp is a
     * member of them: the file's lock would then guard both.
     *
     * @param winners the webapp settings in force
     * @param own the webapp's block
     * @param usedByAnotherWebapp whether an application group has other webapps in it
     * @throws ConfigException naming the file's setting
     */
    static void checkJoins(java.util.Map<Setting<?>, OptionBlock.Value> winners, WebappBlock own, Predicate<String> usedByAnotherWebapp)
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

    /** The application groups an {@code application-group} or {@code routes} value names; none for other settings. */
    private static List<String> groupsNamed(Setting<?> setting, OptionBlock.Value value)
    {
        if (setting == Settings.APPLICATION_GROUP)
            return List.of((String)value.parsed());
        if (setting == Settings.ROUTES)
            return ((List<?>)value.parsed()).stream().map(r -> ((Route)r).group()).toList();
        return List.of();
    }
}
