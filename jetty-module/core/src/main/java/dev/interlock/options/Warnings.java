package dev.interlock.options;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warnings of one start of the engine, each logged once: a setting placed where it has no
 * effect, a servlet reachable from two application groups, and the like. The same misplaced
 * setting seen by many webapps is reported once, by its key. Thread-safe.
 */
public final class Warnings
{
    private static final Logger LOG = LoggerFactory.getLogger(Warnings.class);

    private final Set<String> keys = ConcurrentHashMap.newKeySet();
    private final List<String> logged = new CopyOnWriteArrayList<>();

    /**
     * Logs {@code message} unless it was logged already.
     *
     * @param message the warning
     */
    public void warn(String message)
    {
        warn(message, message);
    }

    /**
     * Logs {@code message} unless a warning with the same {@code key} was logged already.
     *
     * @param key what the warning is about, such as the setting with its source
     * @param message the warning
     */
    public void warn(String key, String message)
    {
        if (keys.add(key))
        {
            logged.add(message);
            LOG.warn(message);
        }
    }

    /**
     * @return the warnings logged so far, in order
     */
    public List<String> logged()
    {
        return List.copyOf(logged);
    }

    @Override
    public String toString()
    {
        return "Warnings" + logged;
    }
}
