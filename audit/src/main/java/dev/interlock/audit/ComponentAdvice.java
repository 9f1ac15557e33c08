package dev.interlock.audit;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The verdict on one entry point: whether the findings that reach it are its own state, already
 * under a lock, or shared with other components.
 */
public final class ComponentAdvice
{
    /** The verdict. */
    public enum Status
    {
        /** No finding reaches it. */
        OK,
        /** Findings reach it, and its marker already puts them under a lock (or the WAR's own lock setting does). */
        COVERED,
        /** Only low-confidence findings reach it, not under a lock: worth a look, nothing required. */
        REVIEW,
        /** Its own state: mark it {@code @NotThreadSafe} (or list it in {@code interlock.not-thread-safe}). */
        MARK,
        /** State it shares with other components, or a listener's: only a lock on the webapp covers it. */
        LOCK_WEBAPP;

        /** @return {@code ok}, {@code covered}, {@code review}, {@code mark} or {@code lock-webapp} */
        public String id()
        {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final EntryPoint entryPoint;
    private final Status status;
    private final String reason;
    private final List<Finding> findings;

    ComponentAdvice(EntryPoint entryPoint, Status status, String reason, List<Finding> findings)
    {
        this.entryPoint = Objects.requireNonNull(entryPoint);
        this.status = Objects.requireNonNull(status);
        this.reason = Objects.requireNonNull(reason);
        this.findings = List.copyOf(findings);
    }

    /** @return the entry point judged */
    public EntryPoint entryPoint()
    {
        return entryPoint;
    }

    /** @return the verdict */
    public Status status()
    {
        return status;
    }

    /** @return the verdict's reason, one line */
    public String reason()
    {
        return reason;
    }

    /** @return the findings that reach this entry point */
    public List<Finding> findings()
    {
        return findings;
    }

    @Override
    public String toString()
    {
        return entryPoint.className() + ": " + status.id() + " (" + reason + ")";
    }
}
