package dev.interlock.engine;

import dev.interlock.executor.ExecutorGroup;
import dev.interlock.lock.GroupLock;
import dev.interlock.lock.LockDiscipline;
import dev.interlock.lock.LockSettings;
import dev.interlock.options.ResolvedLock;

/**
 * An application group as one webapp uses it: the group, the options that webapp resolved for
 * it, and the lock in force. Immutable; one per (webapp, application group), chosen per request.
 */
public final class GroupBinding
{
    private final ApplicationGroup group;
    private final ResolvedLock resolved;
    private final ExecutorGroup executor;
    private final GroupLock lockInForce;

    public GroupBinding(ApplicationGroup group, ResolvedLock resolved, ExecutorGroup executor)
    {
        this.group = group;
        this.resolved = resolved;
        this.executor = executor;
        this.lockInForce = switch (resolved.settings().discipline())
        {
            case FREE -> null;
            case APPLICATION -> group.getOwnLock();
            case SHARED -> group.getSharedLock();
        };
        // The lock's histograms count in multiples of the switch interval of those using it.
        lockForNotThreadSafe().setSwitchInterval(resolved.settings().switchInterval());
    }

    public ApplicationGroup group()
    {
        return group;
    }

    public LockSettings settings()
    {
        return resolved.settings();
    }

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
        return lockInForce != null ? lockInForce : group.getOwnLock();
    }

    @Override
    public String toString()
    {
        return "GroupBinding{" + group.getName() + " in " + group.getExecutorGroup() + ", " + resolved.settings() + "}";
    }
}
