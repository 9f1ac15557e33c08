package dev.interlock.group;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import dev.interlock.lock.GroupLock;
import dev.interlock.lock.LockDiscipline;
import dev.interlock.metrics.Histogram;
import org.eclipse.jetty.util.annotation.ManagedAttribute;
import org.eclipse.jetty.util.annotation.ManagedObject;
import org.eclipse.jetty.util.component.Dumpable;
import org.eclipse.jetty.util.component.DumpableCollection;

/**
 * The runtime of one application group: the lock domain a request enters (mod_wsgi's
 * sub-interpreter), within one executor group. Created by {@link Groups} on first use; several
 * webapps may be members of one, and path routes may send part of a webapp to another.
 *
 * <p>It owns the lock used under {@code application}, and by not-thread-safe components under
 * {@code free}; under {@code shared} its requests take the executor group's lock. Each member
 * webapp resolves its own options ({@link Membership}), so the discipline in force is recorded
 * per webapp.</p>
 *
 * <p>Thread-safe: members join and leave on deploying threads while requests count themselves
 * in and out on any thread.</p>
 */
@ManagedObject("An Interlock application group")
public final class LockDomain implements Dumpable
{
    private final String name;
    private final String executorGroup;
    private final GroupLock ownLock;
    private final GroupLock sharedLock;
    // Few and rarely changed (deploys); an instance of a webapp is a member until it has stopped,
    // so during a redeploy both instances are, each with its own entries.
    private final List<Member> members = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Fallback> fallbacks = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Routed> routes = new CopyOnWriteArrayList<>();
    private final LongAdder completed = new LongAdder();
    private final LongAdder aborted = new LongAdder();
    private final AtomicInteger activeRequests = new AtomicInteger();

    /**
     * @param name the application group's name
     * @param executorGroup the executor group it belongs to
     * @param sharedLock that executor group's lock, taken under {@code shared}
     */
    LockDomain(String name, String executorGroup, GroupLock sharedLock)
    {
        this.name = name;
        this.executorGroup = executorGroup;
        this.ownLock = new GroupLock("application:" + executorGroup + ":" + name);
        this.sharedLock = sharedLock;
    }

    @ManagedAttribute(value = "name of the application group", readonly = true)
    public String getName()
    {
        return name;
    }

    @ManagedAttribute(value = "executor group the application group belongs to", readonly = true)
    public String getExecutorGroup()
    {
        return executorGroup;
    }

    /**
     * @return the group's own lock ({@code application} discipline and not-thread-safe fallbacks)
     */
    public GroupLock getOwnLock()
    {
        return ownLock;
    }

    /**
     * @return the executor group's lock ({@code shared} discipline)
     */
    public GroupLock getSharedLock()
    {
        return sharedLock;
    }

    /**
     * Records an instance of a webapp as a member, with the discipline it resolved here.
     *
     * @param owner the webapp instance
     * @param webapp the webapp's name
     * @param discipline the discipline in force for it
     * @param source the setting that chose it, with its source, or {@code default}
     */
    void join(Object owner, String webapp, LockDiscipline discipline, String source)
    {
        members.removeIf(m -> m.owner() == owner);
        members.add(new Member(owner, webapp, discipline, source));
    }

    /**
     * Forgets an instance of a webapp that stopped, with the not-thread-safe components it
     * recorded; another instance of the same webapp keeps its own.
     *
     * @param owner the webapp instance
     */
    void leave(Object owner)
    {
        members.removeIf(m -> m.owner() == owner);
        fallbacks.removeIf(f -> f.owner() == owner);
        routes.removeIf(r -> r.owner() == owner);
    }

    /**
     * Records that a webapp instance routes the requests of a path spec here
     * ({@code interlock.routes}).
     *
     * @param owner the webapp instance
     * @param webapp the webapp's name
     * @param pathSpec the path spec
     */
    void route(Object owner, String webapp, String pathSpec)
    {
        routes.addIfAbsent(new Routed(owner, webapp, pathSpec));
    }

    /**
     * @param webapp a webapp's name
     * @return whether a webapp other than that one is a member now
     */
    boolean hasMemberOtherThan(String webapp)
    {
        return members.stream().anyMatch(m -> !m.webapp().equals(webapp));
    }

    @ManagedAttribute("lock discipline in force, per webapp using the group")
    public Map<String, String> getDisciplines()
    {
        // The latest instance of a webapp wins: the new side of a redeploy.
        Map<String, String> d = new TreeMap<>();
        members.forEach(m -> d.put(m.webapp(), m.discipline().settingValue()));
        return Map.copyOf(d);
    }

    @ManagedAttribute("the setting that chose the lock discipline, per webapp using the group")
    public Map<String, String> getDisciplineSources()
    {
        Map<String, String> d = new TreeMap<>();
        members.forEach(m -> d.put(m.webapp(), m.source()));
        return Map.copyOf(d);
    }

    /**
     * @return whether any webapp is a member now
     */
    public boolean isInUse()
    {
        return !members.isEmpty();
    }

    /**
     * Records a servlet or filter declared not thread-safe that runs under this group's lock.
     *
     * @param owner the webapp instance
     * @param webapp the webapp's name
     * @param kind {@code servlet} or {@code filter}
     * @param className the component's class
     * @return whether that instance had not recorded it before
     */
    public boolean addFallback(Object owner, String webapp, String kind, String className)
    {
        Fallback f = new Fallback(owner, webapp, kind, className);
        return fallbacks.addIfAbsent(f);
    }

    @ManagedAttribute("path specs routed to the group, per webapp (interlock.routes)")
    public Map<String, List<String>> getRoutes()
    {
        // The latest instance of a webapp wins, as for its discipline: it was recorded last.
        Map<String, Object> latest = new HashMap<>();
        routes.forEach(r -> latest.put(r.webapp(), r.owner()));
        Map<String, List<String>> byWebapp = new TreeMap<>();
        for (Routed r : routes)
        {
            if (latest.get(r.webapp()) == r.owner())
                byWebapp.computeIfAbsent(r.webapp(), w -> new ArrayList<>()).add(r.pathSpec());
        }
        byWebapp.replaceAll((w, specs) -> List.copyOf(specs));
        return Collections.unmodifiableMap(byWebapp);
    }

    @ManagedAttribute("servlets and filters running under the group's lock because they are declared not thread-safe")
    public List<String> getFallbacks()
    {
        List<String> described = new ArrayList<>();
        for (Fallback f : fallbacks)
        {
            if (!described.contains(f.toString()))
                described.add(f.toString());
        }
        return described;
    }

    @ManagedAttribute("requests inside the group now")
    public int getActiveRequests()
    {
        return activeRequests.get();
    }

    /**
     * Counts a request entering the group; pair with {@link #requestExited()}.
     */
    public void requestEntered()
    {
        activeRequests.incrementAndGet();
    }

    /**
     * Counts a request leaving the group.
     */
    public void requestExited()
    {
        // Completed first: a reader that sees no active request also sees it counted.
        completed.increment();
        activeRequests.decrementAndGet();
    }

    /**
     * Counts a response aborted because its request could not have the lock back after giving
     * it up, once the response was committed.
     */
    public void countAbortedResponse()
    {
        aborted.increment();
    }

    @ManagedAttribute("committed responses aborted because their request could not have the lock back in time")
    public long getAbortedResponses()
    {
        return aborted.sum();
    }

    @ManagedAttribute("requests completed in the group")
    public long getCompletedRequests()
    {
        return completed.sum();
    }

    /**
     * @return the lock this group's requests take: the executor group's shared lock if a member
     * is under {@code shared}, else the group's own lock (under {@code application}, and for
     * not-thread-safe components under {@code free})
     */
    public GroupLock getLockInForce()
    {
        for (Member m : members)
        {
            if (m.discipline() == LockDiscipline.SHARED)
                return sharedLock;
        }
        return ownLock;
    }

    @ManagedAttribute("share of the lock's acquisitions that had to wait, 0 to 1")
    public double getContentionRatio()
    {
        return getLockInForce().getContentionRatio();
    }

    @ManagedAttribute("acquisitions of the lock in force")
    public long getLockAcquisitions()
    {
        return getLockInForce().getAcquisitions();
    }

    @ManagedAttribute("hand-overs of the lock in force at yield points")
    public long getLockHandOvers()
    {
        return getLockInForce().getHandOvers();
    }

    @ManagedAttribute("acquisitions of the lock in force refused (503)")
    public long getLockRefusals()
    {
        return getLockInForce().getRefusals();
    }

    @ManagedAttribute("lock wait times of contended acquisitions, count per bucket (multiples of the switch interval)")
    public String getLockWaitHistogram()
    {
        return buckets(getLockInForce().getWaitTimes());
    }

    @ManagedAttribute("lock hold times, count per bucket (multiples of the switch interval)")
    public String getLockHoldHistogram()
    {
        return buckets(getLockInForce().getHoldTimes());
    }

    private static String buckets(Histogram h)
    {
        StringBuilder b = new StringBuilder();
        for (Histogram.Bucket bucket : h.buckets())
            b.append(b.length() == 0 ? "" : " ").append(bucket.label()).append('=').append(bucket.count());
        return b.toString();
    }

    @ManagedAttribute("name of the thread holding the lock in force, or null")
    public String getLockHolder()
    {
        return getLockInForce().getHolder();
    }

    @ManagedAttribute("threads waiting for the lock in force")
    public int getLockWaiters()
    {
        return getLockInForce().getWaiters();
    }

    @Override
    public void dump(Appendable out, String indent) throws IOException
    {
        Dumpable.dumpObjects(out, indent, this, ownLock,
            new DumpableCollection("members", members),
            new DumpableCollection("fallbacks", fallbacks));
    }

    @Override
    public String toString()
    {
        return String.format("LockDomain@%x{%s in %s,active=%d,disciplines=%s,fallbacks=%d}",
            hashCode(), name, executorGroup, activeRequests.get(), getDisciplines(), fallbacks.size());
    }

    /** A member: an instance of a webapp, the discipline it resolved here and the setting that chose it. */
    private record Member(Object owner, String webapp, LockDiscipline discipline, String source)
    {
        @Override
        public String toString()
        {
            return webapp + "=" + discipline.settingValue() + " (" + source + ")";
        }
    }

    /** A path spec a webapp instance routes to this group. */
    private record Routed(Object owner, String webapp, String pathSpec)
    {
    }

    /** A component declared not thread-safe, running under this group's lock; one per webapp instance. */
    private record Fallback(Object owner, String webapp, String kind, String className)
    {
        @Override
        public String toString()
        {
            return kind + " " + className + " in " + webapp;
        }
    }
}
