package dev.interlock.group;

import dev.interlock.executor.ExecutorGroup;
import dev.interlock.lock.GroupLock;
import dev.interlock.lock.LockDiscipline;
import dev.interlock.lock.LockSettings;
import dev.interlock.options.ResolvedLock;

/**
 * A webapp's membership of one application group: the group, the options the webapp resolved
 * for it, and so the lock its dispatches take there. Immutable; one per (webapp, application
 * group), chosen once per request when it enters the webapp.
 */
public final class Membership
{
    private final LockDomain domain;
    private final ResolvedLock resolved;
    private final ExecutorGroup executor;
    private final GroupLock lockInForce;

    Membership(LockDomain domain, ResolvedLock resolved, ExecutorGroup executor)
    {
        this.domain = domain;
        this.resolved = resolved;
        this.executor = executor;
        this.lockInForce = switch (resolved.settings().discipline())
        {
            case FREE -> null;
            case APPLICATION -> domain.getOwnLock();
            case SHARED -> domain.getSharedLock();
        };
        // The lock's histograms count in multiples of the switch interval of those using it.
        lockForNotThreadSafe().setSwitchInterval(resolved.settings().switchInterval());
    }

    /**
     * @return the application group
     */
    public LockDomain domain()
    {
        return domain;
    }

    public LockSettings settings()
    {
        return resolved.settings();
    }

    /**
     * @return the options with the setting that chose each
     */
    public ResolvedLock resolved()
    {
        return resolved;
    }

    public LockDiscipline discipline()
    {
        return resolved.settings().discipline();
    }

    /**
     * @return the executor group's pool, or {@code null} for the {@code server} group
     */
    public ExecutorGroup executor()
    {
        return executor;
    }

    /**
     * @return the lock every dispatch of this group takes, or {@code null} under {@code free}
     */
    public GroupLock lockInForce()
    {
        return lockInForce;
    }

    /**
     * @return the lock a not-thread-safe component takes: the lock in force, else the group's own
     */
    public GroupLock lockForNotThreadSafe()
    {
        return lockInForce != null ? lockInForce : domain.getOwnLock();
    }

    @Override
    public String toString()
    {
        return "Membership{" + domain.getName() + " in " + domain.getExecutorGroup() + ", " + resolved.settings() + "}";
    }
}
