package dev.interlock.options;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Interlock settings in environment variables, looked up by name as MicroProfile Config does:
 * the exact name, then with every character other than a letter or digit replaced by
 * {@code _}, then that in upper case. Lookups go by name, so only scopes whose names are known
 * (declared executor groups, application groups and webapps in use) are found.
 */
final class EnvironmentSettings
{
    private static final String WEBAPPS = "INTERLOCK_" + sanitized(Settings.WEBAPPS) + "_";

    private final UnaryOperator<String> env;
    private final Set<String> names;

    /**
     * @param env the lookup by name
     * @param names every variable's name, when known (a server's environment), for the checks
     * made at startup; {@code null} when only lookups are possible
     */
    EnvironmentSettings(UnaryOperator<String> env, Set<String> names)
    {
        this.env = env;
        this.names = names;
    }

    private static String sanitized(String name)
    {
        return name.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /**
     * Checks, at startup, every variable that names a setting of one webapp
     * ({@code INTERLOCK_WEBAPPS_NAME_SETTING}): they are the operator's, and a bad value must stop
     * the server, not only the webapp it names when that deploys. A variable under
     * {@code INTERLOCK_} that names no setting at all is a warning.
     *
     * @param declared whether an executor group name is declared
     * @param warnings receives the warnings
     * @throws ConfigException for a bad value, naming the variable
     */
    void check(java.util.function.Predicate<String> declared, Set<String> warnings)
    {
        if (names == null)
            return;
        for (String name : new java.util.TreeSet<>(names))
        {
            String upper = sanitized(name);
            if (!upper.startsWith("INTERLOCK_"))
                continue;
            String value = env.apply(name);
            if (upper.startsWith(WEBAPPS))
            {
                Setting<?> s = settingAtEnd(upper.substring(WEBAPPS.length()));
                if (s == null || s.kind() == Setting.Kind.POOL || s.kind() == Setting.Kind.SERVER)
                {
                    warnings.add("environment variable " + name + " names no setting of a webapp and is ignored (INTERLOCK_WEBAPPS_NAME_SETTING, such as INTERLOCK_WEBAPPS_SHOP_LOCK)");
                    continue;
                }
                // The webapp's name as MicroProfile's mapping leaves it: a guess, for the message only.
                String webapp = upper.substring(WEBAPPS.length(), upper.length() - sanitized(s.name()).length() - 1).toLowerCase(Locale.ROOT);
                Object parsed = s.parse(Settings.PREFIX + Settings.WEBAPPS + "." + webapp + "." + s.name(), value, "environment variable " + name);
                if (s == Settings.EXECUTOR_GROUP && !declared.test((String)parsed))
                    throw new ConfigException(name, value, "environment variable " + name, "executor group '" + parsed + "' is not declared");
            }
            else if (!knownPrefix(upper))
            {
                warnings.add("environment variable " + name + " is not an Interlock setting and is ignored");
            }
        }
    }

    /** The setting whose name ends {@code rest} after a non-empty webapp name and an underscore. */
    private static Setting<?> settingAtEnd(String rest)
    {
        Setting<?> best = null;
        for (Setting<?> s : Settings.all())
        {
            String suffix = "_" + sanitized(s.name());
            if (rest.endsWith(suffix) && rest.length() > suffix.length() && (best == null || s.name().length() > best.name().length()))
                best = s;
        }
        return best;
    }

    /** Whether a variable under INTERLOCK_ can name a setting of a scope looked up by name. */
    private static boolean knownPrefix(String upper)
    {
        String rest = upper.substring("INTERLOCK_".length());
        if (rest.startsWith(sanitized(Settings.EXECUTOR_GROUPS)) || rest.startsWith(sanitized(Settings.APPLICATION_GROUPS)))
            return true;
        for (Setting<?> s : Settings.all())
        {
            if (rest.equals(sanitized(s.name())))
                return true;
        }
        return false;
    }

    /**
     * @param name a setting's full name
     * @return its value from the environment, with the variable that gave it, or {@code null}
     */
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

    /**
     * @return the option block of one scope written in the environment, if any, as a list of
     * zero or one; ranked below every written operator block of its scope
     * @throws ConfigException for a bad value
     */
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
                block.put(s, v);
        }
        return block.values.isEmpty() ? List.of() : List.of(block);
    }

    /**
     * @return the blocks naming application group {@code a}, alone and within executor group {@code e}
     */
    List<OptionBlock> applicationGroupBlocks(String e, String a)
    {
        List<OptionBlock> found = new ArrayList<>(blocks(null, a, null));
        if (e != null)
            found.addAll(blocks(e, a, null));
        return found;
    }

    /**
     * @return the block naming webapp {@code w}
     */
    List<OptionBlock> webappBlock(String w)
    {
        return blocks(null, null, w);
    }
}
