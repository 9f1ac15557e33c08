package dev.interlock.options;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Interlock settings in environment variables, looked up by name as MicroProfile Config does:
 * the exact name, then with every character other than a letter or digit replaced by
 * {@code _}, then that in upper case. Lookups go by name, so only scopes whose names are known
 * (declared executor groups, application groups and webapps in use) are found.
 */
final class EnvironmentSettings
{
    private final UnaryOperator<String> env;

    EnvironmentSettings(UnaryOperator<String> env)
    {
        this.env = env;
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
