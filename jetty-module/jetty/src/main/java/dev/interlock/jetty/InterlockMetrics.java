package dev.interlock.jetty;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.interlock.executor.ExecutorGroup;
import dev.interlock.group.Groups;
import dev.interlock.group.LockDomain;
import dev.interlock.lock.GroupLock;
import dev.interlock.metrics.ApplicationGroupMetrics;
import dev.interlock.metrics.ExecutorGroupMetrics;
import dev.interlock.metrics.MetricsSnapshot;
import dev.interlock.options.Settings;
import org.eclipse.jetty.util.annotation.ManagedAttribute;
import org.eclipse.jetty.util.annotation.ManagedObject;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.AutoLock;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.util.thread.ThreadPool;

/**
 * The metrics of every group of a server: a {@link #snapshot()} at any time, and, while
 * {@code interlock.metrics.enabled} (the default), a sample every second kept for the last
 * {@value #KEPT} seconds ({@link #history()}), from which executor groups' utilisation over the
 * last interval is computed. The counters behind it are always on; the timings (histograms,
 * busy time) are what {@code interlock.metrics.enabled=false} turns off.
 */
@ManagedObject("Interlock metrics")
public class InterlockMetrics extends AbstractLifeCycle
{
    /** Samples kept: five minutes, one a second. */
    public static final int KEPT = 300;
    private static final long INTERVAL_MS = 1000;

    private final InterlockServer interlock;
    private final AutoLock lock = new AutoLock();
    private final ArrayDeque<MetricsSnapshot> history = new ArrayDeque<>();
    private final Map<String, long[]> lastBusy = new ConcurrentHashMap<>();
    private final Map<String, Double> utilisation = new ConcurrentHashMap<>();
    private volatile Scheduler.Task task;

    InterlockMetrics(InterlockServer interlock)
    {
        this.interlock = interlock;
    }

    @Override
    protected void doStart() throws Exception
    {
        super.doStart();
        if (interlock.getConfig().server(Settings.METRICS_ENABLED))
            schedule();
    }

    @Override
    protected void doStop() throws Exception
    {
        Scheduler.Task t = task;
        task = null;
        if (t != null)
            t.cancel();
        try (AutoLock ignored = lock.lock())
        {
            history.clear();
        }
        lastBusy.clear();
        utilisation.clear();
        super.doStop();
    }

    private void schedule()
    {
        task = interlock.getServer().getScheduler().schedule(this::sample, INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    private void sample()
    {
        if (!isRunning())
            return;
        try
        {
            long now = System.nanoTime();
            for (ExecutorGroup group : interlock.getExecutorGroups())
            {
                long busy = group.getBusyNanos();
                long[] last = lastBusy.put(group.getName(), new long[]{busy, now});
                if (last != null && now > last[1])
                    utilisation.put(group.getName(), Math.min(1.0, (double)(busy - last[0]) / ((now - last[1]) * (double)group.getMaxThreads())));
            }
            ThreadPool pool = interlock.getServer().getThreadPool();
            if (pool instanceof QueuedThreadPool qtp)
                utilisation.put(Settings.SERVER_GROUP, Math.min(1.0, qtp.getUtilizationRate()));
            else if (pool instanceof ThreadPool.SizedThreadPool sized && sized.getMaxThreads() > 0)
                utilisation.put(Settings.SERVER_GROUP, Math.min(1.0, (double)busyThreads(pool) / sized.getMaxThreads()));
            MetricsSnapshot snapshot = snapshot();
            try (AutoLock ignored = lock.lock())
            {
                history.addLast(snapshot);
                while (history.size() > KEPT)
                    history.removeFirst();
            }
        }
        finally
        {
            if (isRunning())
                schedule();
        }
    }

    /**
     * @return every group now; utilisation is that of the last sampling interval
     */
    public MetricsSnapshot snapshot()
    {
        List<ExecutorGroupMetrics> executors = new ArrayList<>();
        executors.add(serverGroup());
        interlock.getExecutorGroups().stream().sorted(Comparator.comparing(ExecutorGroup::getName)).forEach(g -> executors.add(new ExecutorGroupMetrics(
            g.getName(), g.isVirtual(), g.getMaxThreads(), g.getThreads(), g.getBusyThreads(), utilisation.getOrDefault(g.getName(), 0.0),
            g.getQueueSize(), g.getQueueCapacity(), g.getQueueTimes(), g.getCompletedTasks(),
            g.getRejectedQueueFull(), g.getRejectedQueueTimeout(), drainingRejections(g.getName()), g.getRejectedStopped())));
        List<ApplicationGroupMetrics> applications = new ArrayList<>();
        interlock.getApplicationGroups().stream()
            .sorted(Comparator.comparing(LockDomain::getExecutorGroup).thenComparing(LockDomain::getName))
            .forEach(a ->
            {
                GroupLock l = a.getLockInForce();
                applications.add(new ApplicationGroupMetrics(a.getName(), a.getExecutorGroup(), a.getDisciplines(), a.getDisciplineSources(), a.getRoutes(),
                    a.getFallbacks(), a.getActiveRequests(), l.getName(), l.getWaiters(), l.getAcquisitions(), l.getContendedAcquisitions(),
                    l.getContentionRatio(), l.getHandOvers(), l.getRefusals(), a.getAbortedResponses(), l.getWaitTimes(), l.getHoldTimes()));
            });
        return new MetricsSnapshot(Instant.now(), executors, applications);
    }

    /** Jetty's own pool, as the {@code server} executor group; its queue's capacity is not public (-1). */
    private ExecutorGroupMetrics serverGroup()
    {
        ThreadPool pool = interlock.getServer().getThreadPool();
        int max = pool instanceof ThreadPool.SizedThreadPool sized ? sized.getMaxThreads() : -1;
        int queue = pool instanceof QueuedThreadPool qtp ? qtp.getQueueSize() : 0;
        long completed = interlock.getApplicationGroups().stream()
            .filter(a -> Settings.SERVER_GROUP.equals(a.getExecutorGroup()))
            .mapToLong(LockDomain::getCompletedRequests).sum();
        boolean virtual = pool instanceof QueuedThreadPool qtp && qtp.getVirtualThreadsExecutor() != null;
        return new ExecutorGroupMetrics(Settings.SERVER_GROUP, virtual, max, pool.getThreads(), busyThreads(pool),
            utilisation.getOrDefault(Settings.SERVER_GROUP, 0.0), queue, -1, null, completed,
            0, 0, drainingRejections(Settings.SERVER_GROUP), 0);
    }

    private long drainingRejections(String executorGroup)
    {
        Groups g = interlock.getGroups();
        return g == null ? 0 : g.getDrainingRejections(executorGroup);
    }

    /**
     * Threads running tasks other than the ones leased for good (acceptors, selectors): these are
     * always busy, so counting them would show a busy pool when it serves nothing.
     */
    private static int busyThreads(ThreadPool pool)
    {
        return pool instanceof QueuedThreadPool qtp ? qtp.getUtilizedThreads() : pool.getThreads() - pool.getIdleThreads();
    }

    /**
     * @return the samples of the last {@value #KEPT} seconds, oldest first; empty when
     * {@code interlock.metrics.enabled=false}
     */
    public List<MetricsSnapshot> history()
    {
        try (AutoLock ignored = lock.lock())
        {
            return List.copyOf(history);
        }
    }

    @ManagedAttribute("samples kept for the status page")
    public int getSamples()
    {
        try (AutoLock ignored = lock.lock())
        {
            return history.size();
        }
    }
}
