package dev.interlock.audit;

import java.util.Objects;

/**
 * Something of the WAR the audit could not read or analyse: a class file, a jar, a descriptor,
 * or one method of a class. It is listed in the report and the audit goes on without it.
 */
public final class Unreadable
{
    private final String path;
    private final String reason;

    Unreadable(String path, String reason)
    {
        this.path = Objects.requireNonNull(path);
        this.reason = Objects.requireNonNull(reason);
    }

    /** @return where it is in the WAR, e.g. {@code WEB-INF/classes/X.class} or {@code WEB-INF/lib/a.jar!/b/C.class} */
    public String path()
    {
        return path;
    }

    /** @return why it could not be read, in words */
    public String reason()
    {
        return reason;
    }

    @Override
    public String toString()
    {
        return path + ": " + reason;
    }
}
