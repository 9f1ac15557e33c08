package dev.interlock.group;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import dev.interlock.executor.ExecutorGroup;
import dev.interlock.executor.ExecutorGroupConfig;
import dev.interlock.lock.GroupLock;
import dev.interlock.options.InterlockConfig;
import dev.interlock.options.ResolvedLock;
import dev.interlock.options.Settings;
import dev.interlock.options.WebappBlock;
import dev.interlock.options.Warnings;
import org.eclipse.jetty.util.annotation.ManagedAttribute;
import org.eclipse.jetty.util.annotation.ManagedObject;
import org.eclipse.jetty.util.annotation.ManagedOperation;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.eclipse.jetty.util.component.DumpableCollection;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The groups of one server: the declared executor groups with their shared locks, and the
 * application groups ({@link LockDomain}s) created as webapps join them. One per start of the
 * engine, built from its parsed configuration.
 *
 * <p>Starting it starts the executor groups; stopping it stops them, rejecting what they still
 * queue. The owner stops it only after every webapp using it has stopped: executor groups must
 * outlive the contexts whose requests they run.</p>
 *
 * <p>Thread-safe: webapps join and leave on their deploying threads, requests and samplers read
 * on any thread.</p>
 */
@ManagedObject("Interlock's executor groups and application groups")
public final class Groups extends ContainerLifeCycle
{
    private static final Logger LOG = LoggerFactory.getLogger(Groups.class);

    private final InterlockConfig config;
    private final Scheduler scheduler;
    private final Warnings warnings;
    private final boolean timed;
    private final Map<String, ExecutorGroup> executorGroups = new ConcurrentHashMap<>();
    private final Map<String, GroupLock> sharedLocks = new ConcurrentHashMap<>();
    private final Map<DomainKey, LockDomain> domains = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> drainingRejections = new ConcurrentHashMap<>();

    /**
     * @param config the engine's configuration
     * @param scheduler where executor groups schedule queue timeouts (the server's)
     * @param warnings where misplaced settings are reported
     */
    public Groups(InterlockConfig config, Scheduler scheduler, Warnings warnings)
    {
        this.config = config;
        this.scheduler = scheduler;
        this.warnings = warnings;
        this.timed = config.server(Settings.METRICS_ENABLED);
        sharedLocks.put(Settings.SERVER_GROUP, newSharedLock(Settings.SERVER_GROUP));
    }

    @Override
    protected void doStart() throws Exception
    {
        super.doStart();
        for (Map.Entry<String, ExecutorGroupConfig> e : config.executorGroups().entrySet())
        {
            ExecutorGroup group = new ExecutorGroup(e.getKey(), e.getValue(), scheduler);
            group.setTimed(timed);
            executorGroups.put(e.getKey(), group);
            sharedLocks.put(e.getKey(), newSharedLock(e.getKey()));
            // Started here, not as a managed bean, so that it is running before any webapp joins.
            addBean(group, false);
            group.start();
        }
    }

    @Override
    protected void doStop() throws Exception
    {
        for (ExecutorGroup group : executorGroups.values())
        {
            try
            {
                group.stop();
            }
            catch (Exception x)
            {
                LOG.warn("Could not stop {}", group, x);
            }
            removeBean(group);
        }
        domains.values().forEach(this::removeBean);
        super.doStop();
    }

    private GroupLock newSharedLock(String executorGroup)
    {
        GroupLock l = new GroupLock("shared:" + executorGroup);
        l.setTimed(timed);
        return l;
    }

    /**
     * @return the configuration the groups were built from
     */
    public InterlockConfig config()
    {
        return config;
    }

    /**
     * @return where misplaced settings are reported
     */
    public Warnings warnings()
    {
        return warnings;
    }

    /**
     * Makes {@code owner}, an instance of webapp {@code webapp}, a member of an application
     * group, creating the group on first use, and resolves the options the webapp gets there.
     *
     * @param owner the webapp instance (during a redeploy, two instances of a webapp are members)
     * @param webapp the webapp's name
     * @param executorGroup its executor group (declared)
     * @param applicationGroup the application group
     * @param own the webapp's own option block, or {@code null}
     * @return the membership
     */
    Membership join(Object owner, String webapp, String executorGroup, String applicationGroup, WebappBlock own)
    {
        LockDomain domain = domains.computeIfAbsent(new DomainKey(executorGroup, applicationGroup), k ->
        {
            LockDomain created = new LockDomain(applicationGroup, executorGroup, sharedLocks.get(executorGroup));
            created.getOwnLock().setTimed(timed);
            // A bean, unmanaged: one MBean per group when JMX is on.
            addBean(created, false);
            return created;
        });
        ResolvedLock resolved = config.resolveLock(executorGroup, applicationGroup, webapp, own);
        domain.join(owner, webapp, resolved.settings().discipline(), resolved.sourceOf(Settings.LOCK));
        return new Membership(domain, resolved, executorGroups.get(executorGroup));
    }

    /**
     * Ends every membership of a webapp instance that stopped. Another instance of the same
     * webapp (the new side of a redeploy) keeps its own.
     *
     * @param owner the webapp instance
     */
    void leave(Object owner)
    {
        domains.values().forEach(d -> d.leave(owner));
    }

    /**
     * @param applicationGroup an application group's name
     * @param webapp a webapp's name
     * @return whether a webapp other than {@code webapp} is a member of that application group
     */
    public boolean isUsedByAnotherWebapp(String applicationGroup, String webapp)
    {
        return domains.values().stream().anyMatch(d -> d.getName().equals(applicationGroup) && d.hasMemberOtherThan(webapp));
    }

    /**
     * Warns, once, about every declared executor group that no webapp runs in, naming the
     * options written for it: they have no effect.
     */
    public void warnUnusedExecutorGroups()
    {
        for (String name : config.executorGroups().keySet())
        {
            boolean used = domains.values().stream().anyMatch(d -> d.getExecutorGroup().equals(name) && d.isInUse());
            if (!used)
            {
                List<String> keys = config.keysSelecting(name);
                warnings.warn("Executor group " + name + " is declared but no webapp runs in it" +
                    (keys.isEmpty() ? "" : "; its options have no effect: " + String.join(", ", keys)));
            }
        }
    }

    /**
     * Counts a 503 sent because a webapp of {@code executorGroup} was stopping.
     *
     * @param executorGroup the webapp's executor group
     */
    public void countDrainingRejection(String executorGroup)
    {
        drainingRejections.computeIfAbsent(executorGroup, k -> new LongAdder()).increment();
    }

    /**
     * @param executorGroup an executor group
     * @return the 503s sent because a webapp of that group was stopping
     */
    public long getDrainingRejections(String executorGroup)
    {
        LongAdder count = drainingRejections.get(executorGroup);
        return count == null ? 0 : count.sum();
    }

    /**
     * @param name an executor group's name
     * @return the group, or {@code null} for {@code server} or an unknown name
     */
    public ExecutorGroup executorGroup(String name)
    {
        return executorGroups.get(name);
    }

    /**
     * @return the named executor groups
     */
    public Collection<ExecutorGroup> executorGroups()
    {
        return List.copyOf(executorGroups.values());
    }

    /**
     * @param executorGroup the executor group's name
     * @return its shared lock, or {@code null} if there is no such group
     */
    public GroupLock sharedLock(String executorGroup)
    {
        return sharedLocks.get(executorGroup);
    }

    /**
     * @return the shared locks, {@code server}'s included
     */
    public Collection<GroupLock> sharedLocks()
    {
        return List.copyOf(sharedLocks.values());
    }

    /**
     * @param executorGroup the executor group's name
     * @param name the application group's name
     * @return the group, or {@code null} if no webapp has used it yet
     */
    public LockDomain lockDomain(String executorGroup, String name)
    {
        return domains.get(new DomainKey(executorGroup, name));
    }

    /**
     * @return every application group created so far
     */
    public Collection<LockDomain> lockDomains()
    {
        return List.copyOf(domains.values());
    }

    @ManagedAttribute("names of the application groups, as executor group/application group")
    public List<String> getApplicationGroupNames()
    {
        List<String> names = new ArrayList<>();
        domains.values().forEach(d -> names.add(d.getExecutorGroup() + "/" + d.getName()));
        return names;
    }

    @ManagedOperation(value = "lock state of every application group and shared lock", impact = "INFO")
    public String describeLocks()
    {
        StringBuilder b = new StringBuilder();
        sharedLocks.values().forEach(l -> b.append(l).append('\n'));
        domains.values().forEach(d -> b.append(d).append(' ').append(d.getOwnLock()).append('\n'));
        return b.toString();
    }

    @Override
    public void dump(Appendable out, String indent) throws IOException
    {
        dumpObjects(out, indent,
            new DumpableCollection("sharedLocks", sharedLocks.values()),
            new DumpableCollection("applicationGroups", domains.values()));
    }

    @Override
    public String toString()
    {
        return String.format("Groups@%x{%s,executorGroups=%s,applicationGroups=%d}", hashCode(), getState(), executorGroups.keySet(), domains.size());
    }

    private record DomainKey(String executorGroup, String applicationGroup)
    {
    }
}
