package dev.interlock.options;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A scoped option block: the options written for one selector (server, executor group,
 * application group, both, or one webapp), in the order of the configuration.
 */
final class OptionBlock
{
    /** Specificity ranks: the higher wins; equal ranks go to the later block. */
    static final int SERVER = 0;
    static final int EXECUTOR_GROUP = 10;
    static final int APPLICATION_GROUP = 20;
    static final int WEBAPP = 20;
    static final int EXECUTOR_AND_APPLICATION_GROUP = 30;

    /** Sequence of blocks read from environment variables: below every written operator block of their scope. */
    static final int ENVIRONMENT = -1;
    /** Sequence of a webapp's own file: below the operator's and the environment's blocks of its rank. */
    static final int WEBAPP_FILE = -2;

    final String executorGroup;
    final String applicationGroup;
    final String webapp;
    final int rank;
    final int sequence;
    final Map<Setting<?>, Value> values = new LinkedHashMap<>();

    OptionBlock(String executorGroup, String applicationGroup, String webapp, int sequence)
    {
        this.executorGroup = executorGroup;
        this.applicationGroup = applicationGroup;
        this.webapp = webapp;
        this.sequence = sequence;
        if (webapp != null)
            rank = WEBAPP;
        else if (executorGroup != null && applicationGroup != null)
            rank = EXECUTOR_AND_APPLICATION_GROUP;
        else if (applicationGroup != null)
            rank = APPLICATION_GROUP;
        else if (executorGroup != null)
            rank = EXECUTOR_GROUP;
        else
            rank = SERVER;
    }

    /**
     * Parses {@code v} as {@code setting} and puts it in this block, replacing an earlier value.
     *
     * @throws ConfigException for a bad value
     */
    void put(Setting<?> setting, SettingValue v)
    {
        values.put(setting, new Value(setting.parse(v.key(), v.value(), v.source()), v));
    }

    boolean selects(String e, String a, String w)
    {
        return (executorGroup == null || executorGroup.equals(e)) &&
            (applicationGroup == null || applicationGroup.equals(a)) &&
            (webapp == null || webapp.equals(w));
    }

    boolean sameSelector(String e, String a, String w)
    {
        return Objects.equals(executorGroup, e) && Objects.equals(applicationGroup, a) && Objects.equals(webapp, w);
    }

    /** Whether this block beats {@code other} for an option both define. */
    boolean beats(OptionBlock other)
    {
        return other == null || rank > other.rank || rank == other.rank && sequence > other.sequence;
    }

    /**
     * A parsed value with the setting as it was written.
     *
     * @param parsed the value
     * @param written the key, text and source
     */
    record Value(Object parsed, SettingValue written)
    {
        String key()
        {
            return written.key();
        }

        String text()
        {
            return written.value();
        }

        String source()
        {
            return written.source();
        }

        /** {@code key=text (from source)}, for messages and provenance. */
        String describe()
        {
            return key() + "=" + text() + " (from " + source() + ")";
        }
    }
}
