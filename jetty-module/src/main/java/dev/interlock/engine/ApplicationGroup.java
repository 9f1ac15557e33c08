package dev.interlock.engine;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import dev.interlock.lock.GroupLock;
import dev.interlock.metrics.Histogram;
import org.eclipse.jetty.util.annotation.ManagedAttribute;
import org.eclipse.jetty.util.annotation.ManagedObject;
import org.eclipse.jetty.util.component.Dumpable;
import org.eclipse.jetty.util.component.DumpableCollection;

/**
 * An application group: a lock domain within one executor group (mod_wsgi's sub-interpreter).
 * Created on first use by the engine; several webapps may share one, and path routes may send
 * part of a webapp to another.
 *
 * <p>It owns the lock used when its discipline is {@code application} and by not-thread-safe
 * components under {@code free}; under {@code shared} its requests use the executor group's
 * lock. Each webapp using the group resolves its own options, so the discipline in force is
 * recorded per webapp.</p>
 */
@ManagedObject("An Interlock application group")
public final class ApplicationGroup implements Dumpable
{
    private final String name;
    private final String executorGroup;
    private final GroupLock ownLock;
    private final GroupLock sharedLock;
    private final Map<String, String> disciplineByWebapp = new ConcurrentHashMap<>();
    private final Map<String, String> whyByWebapp = new ConcurrentHashMap<>();
    private final LongAdder completed = new LongAdder();
    private final Set<String> fallbacks = new CopyOnWriteArraySet<>();
    private final AtomicInteger activeRequests = new AtomicInteger();

    public ApplicationGroup(String name, String executorGroup, GroupLock sharedLock)
    {
        this.name = name;
        this.executorGroup = executorGroup;
        this.ownLock = new GroupLock("application:" + executorGroup + "/" + name);
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

    @ManagedAttribute("lock discipline in force, per webapp using the group")
    public Map<String, String> getDisciplines()
    {
        return Map.copyOf(disciplineByWebapp);
    }

    public void bindWebapp(String webapp, String discipline)
    {
        bindWebapp(webapp, discipline, "default");
    }

    /**
     * @param webapp a webapp using the group
     * @param discipline the discipline in force for it
     * @param why the setting that chose it, with its source, or {@code default}
     */
    public void bindWebapp(String webapp, String discipline, String why)
    {
        disciplineByWebapp.put(webapp, discipline);
        whyByWebapp.put(webapp, why);
    }

    public void unbindWebapp(String webapp)
    {
        disciplineByWebapp.remove(webapp);
        whyByWebapp.remove(webapp);
    }

    @ManagedAttribute("the setting that chose the lock discipline, per webapp using the group")
    public Map<String, String> getDisciplineSources()
    {
        return Map.copyOf(whyByWebapp);
    }

    /**
     * @return whether any webapp uses the group now
     */
    public boolean isInUse()
    {
        return !disciplineByWebapp.isEmpty();
    }

    /**
     * Records a servlet or filter declared not thread-safe that runs in this group.
     *
     * @param description the component's class and webapp
     * @return whether it was not recorded before
     */
    public boolean addFallback(String description)
    {
        return fallbacks.add(description);
    }

    public void removeFallbacksOf(String webapp)
    {
        fallbacks.removeIf(f -> f.endsWith(" in " + webapp));
    }

    @ManagedAttribute("servlets and filters running under the group's lock because they are declared not thread-safe")
    public List<String> getFallbacks()
    {
        return List.copyOf(fallbacks);
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
        activeRequests.decrementAndGet();
        completed.increment();
    }

    @ManagedAttribute("requests completed in the group")
    public long getCompletedRequests()
    {
        return completed.sum();
    }

    /**
     * @return the lock this group's requests take: the executor group's shared lock if a webapp
     * uses the group under {@code shared}, else the group's own lock (under {@code application},
     * and for not-thread-safe components under {@code free})
     */
    public GroupLock getLockInForce()
    {
        return disciplineByWebapp.containsValue("shared") ? sharedLock : ownLock;
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

    @ManagedAttribute("name of the thread holding the group's own lock, or null")
    public String getLockHolder()
    {
        return ownLock.getHolder();
    }

    @ManagedAttribute("threads waiting for the group's own lock")
    public int getLockWaiters()
    {
        return ownLock.getWaiters();
    }

    @Override
    public void dump(Appendable out, String indent) throws IOException
    {
        Dumpable.dumpObjects(out, indent, this, ownLock,
            new DumpableCollection("disciplines", disciplineByWebapp.entrySet()),
            new DumpableCollection("fallbacks", fallbacks));
    }

    @Override
    public String toString()
    {
        return String.format("ApplicationGroup@%x{%s in %s,active=%d,disciplines=%s,fallbacks=%d}",
            hashCode(), name, executorGroup, activeRequests.get(), disciplineByWebapp, fallbacks.size());
    }
}
