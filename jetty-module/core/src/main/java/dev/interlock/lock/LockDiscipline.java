package dev.interlock.lock;

import java.util.Locale;

/**
 * The value of {@code interlock.lock}.
 */
public enum LockDiscipline
{
    /** No lock: Java's native model and the default. */
    FREE,
    /** The application group's own lock (mod_wsgi's per-interpreter GIL). */
    APPLICATION,
    /** One lock per executor group, held by every application group in it that chooses it. */
    SHARED;

    /**
     * @return the name used in settings: {@code free}, {@code application} or {@code shared}
     */
    public String settingValue()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString()
    {
        return settingValue();
    }
}
