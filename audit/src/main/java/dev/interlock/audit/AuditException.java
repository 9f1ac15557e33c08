package dev.interlock.audit;

/**
 * The audit cannot start: the path given is missing, or is neither a WAR file nor an exploded
 * WAR directory, or cannot be read at all. Its message names the path and what was expected.
 * (A class or jar inside the WAR that cannot be read is not an error: it is listed in
 * {@link AuditReport#unreadable()}.)
 */
public final class AuditException extends RuntimeException
{
    public AuditException(String message)
    {
        super(message, null, false, false);
    }

    public AuditException(String message, Throwable cause)
    {
        super(message, cause, false, false);
    }
}
