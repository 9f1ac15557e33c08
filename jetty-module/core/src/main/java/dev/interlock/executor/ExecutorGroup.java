package dev.interlock.executor;

import java.time.Duration;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import dev.interlock.metrics.DurationHistogram;
import dev.interlock.metrics.Histogram;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.annotation.ManagedAttribute;
import org.eclipse.jetty.util.annotation.ManagedObject;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.eclipse.jetty.util.component.DumpableCollection;
import org.eclipse.jetty.util.thread.AutoLock;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A named executor group: a bulkhead with its own threads, a bounded queue and a queue
 * timeout (mod_wsgi's daemon process group).
 *
 * <p>At most {@code threads} tasks run at once, each on a thread of this group only; up to
 * {@code queue} more wait in FIFO order. A task that finds the queue full is rejected at once
 * ({@link Rejection#QUEUE_FULL}); one that waits longer than {@code queue-timeout} is removed
 * and rejected ({@link Rejection#QUEUE_TIMEOUT}). Nothing waits unboundedly.</p>
 *
 * <p>Platform threads come from a {@link QueuedThreadPool} named {@code interlock-NAME}; with
 * {@code virtual=true} on Java 21+ each task gets a new virtual thread and {@code threads}
 * bounds how many run at once. {@link #execute(GroupTask)} never blocks and may be called from
 * any thread.</p>
 */
@ManagedObject("An Interlock executor group")
public class ExecutorGroup extends ContainerLifeCycle
{
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorGroup.class);
    // The group whose task the current thread is running, for code that must know whether it
    // is already on a group's thread (an environment's re-entries into a webapp).
    private static final ThreadLocal<ExecutorGroup> CURRENT = new ThreadLocal<>();

    private final String name;
    private final ExecutorGroupConfig config;
    private final Scheduler scheduler;
    private final boolean virtual;
    private final AutoLock lock = new AutoLock();
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    private static final Duration[] QUEUE_TIME_BOUNDS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};
    private final LongAdder completed = new LongAdder();
    private final LongAdder rejectedFull = new LongAdder();
    private final LongAdder rejectedTimeout = new LongAdder();
    private final LongAdder rejectedStopped = new LongAdder();
    // Metrics: how long tasks waited for a thread, and the time threads were busy (for
    // utilisation); one more nanoTime read per task when on.
    private final DurationHistogram queueTimes = DurationHistogram.ofBounds(QUEUE_TIME_BOUNDS);
    private final LongAdder busyNanos = new LongAdder();
    private volatile boolean timed = true;
    private final QueuedThreadPool platformThreads;
    private Executor runner;
    private int active;
    private boolean accepting;

    /**
     * @param name the group's name
     * @param config its pool settings
     * @param scheduler where queue timeouts are scheduled (the server's)
     */
    public ExecutorGroup(String name, ExecutorGroupConfig config, Scheduler scheduler)
    {
        this.name = name;
        this.config = config;
        this.scheduler = scheduler;
        this.virtual = config.virtual() && VirtualThreads.areSupported();
        if (virtual)
        {
            platformThreads = null;
        }
        else
        {
            platformThreads = new QueuedThreadPool(config.threads(), 0);
            platformThreads.setName("interlock-" + name);
            platformThreads.setReservedThreads(0);
            addBean(platformThreads, true);
        }
    }

    @ManagedAttribute(value = "name of the group", readonly = true)
    public String getName()
    {
        return name;
    }

    public ExecutorGroupConfig getConfig()
    {
        return config;
    }

    /**
     * @return the group whose task the calling thread is running, or {@code null} if it is
     * running none (a thread of Jetty's pool, or any other)
     */
    public static ExecutorGroup current()
    {
        return CURRENT.get();
    }

    @Override
    protected void doStart() throws Exception
    {
        super.doStart();
        runner = virtual ? VirtualThreads.getNamedVirtualThreadsExecutor("interlock-" + name + "-") : platformThreads;
        try (AutoLock ignored = lock.lock())
        {
            accepting = true;
        }
    }

    @Override
    protected void doStop() throws Exception
    {
        List<Entry> pending;
        try (AutoLock ignored = lock.lock())
        {
            accepting = false;
            pending = List.copyOf(queue);
            queue.clear();
        }
        for (Entry e : pending)
        {
            e.cancelExpiry();
            rejectedStopped.increment();
            e.task.reject(Rejection.STOPPED);
        }
        super.doStop();
    }

    /**
     * Rejects, with {@link Rejection#DRAINING}, the tasks of {@code owner} still waiting for a
     * thread: a webapp that begins to stop starts no more requests, and answers the ones it
     * queued while the server can still send the answer. Never blocks; the rejections run on
     * the calling thread, after the queue's lock is released.
     *
     * @param owner what the tasks belong to ({@link GroupTask#owner()})
     * @return how many were rejected
     */
    public int rejectQueued(Object owner)
    {
        List<Entry> theirs = new java.util.ArrayList<>();
        try (AutoLock ignored = lock.lock())
        {
            for (java.util.Iterator<Entry> i = queue.iterator(); i.hasNext(); )
            {
                Entry e = i.next();
                if (e.task.owner() == owner)
                {
                    i.remove();
                    theirs.add(e);
                }
            }
        }
        for (Entry e : theirs)
        {
            e.cancelExpiry();
            e.task.reject(Rejection.DRAINING);
        }
        return theirs.size();
    }

    /**
     * Runs {@code task} on a thread of this group, queues it, or rejects it. Never blocks.
     *
     * @param task the task
     */
    public void execute(GroupTask task)
    {
        Entry entry = new Entry(task, System.nanoTime());
        Rejection rejection = null;
        boolean run = false;
        try (AutoLock ignored = lock.lock())
        {
            if (!accepting)
                rejection = Rejection.STOPPED;
            else if (active < config.threads())
            {
                active++;
                run = true;
            }
            else if (queue.size() < config.queue())
                queue.addLast(entry);
            else
                rejection = Rejection.QUEUE_FULL;
        }

        if (run)
        {
            start(entry);
        }
        else if (rejection != null)
        {
            (rejection == Rejection.STOPPED ? rejectedStopped : rejectedFull).increment();
            task.reject(rejection);
        }
        else
        {
            // Scheduled outside the lock; if the entry is dequeued before the expiry is set,
            // expire() finds it gone and does nothing.
            entry.expiry = scheduler.schedule(() -> expire(entry), config.queueTimeout().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void start(Entry entry)
    {
        try
        {
            runner.execute(() -> work(entry));
        }
        catch (Throwable x)
        {
            // The pool refused (it is stopping): the slot and the task must not be lost.
            LOG.warn("Executor group {} could not start a thread", name, x);
            try (AutoLock ignored = lock.lock())
            {
                active--;
            }
            rejectedStopped.increment();
            entry.task.reject(Rejection.STOPPED);
        }
    }

    private void work(Entry first)
    {
        Entry entry = first;
        while (entry != null)
        {
            long started = System.nanoTime();
            long queued = started - entry.queuedAt;
            boolean timing = timed;
            if (timing)
                queueTimes.record(queued);
            CURRENT.set(this);
            try
            {
                entry.task.run(queued);
            }
            catch (Throwable x)
            {
                LOG.warn("Task failed in executor group {}", name, x);
            }
            finally
            {
                CURRENT.remove();
                completed.increment();
                if (timing)
                    busyNanos.add(System.nanoTime() - started);
            }
            try (AutoLock ignored = lock.lock())
            {
                entry = queue.pollFirst();
                if (entry == null)
                    active--;
            }
            if (entry != null)
                entry.cancelExpiry();
        }
    }

    private void expire(Entry entry)
    {
        boolean removed;
        try (AutoLock ignored = lock.lock())
        {
            removed = queue.remove(entry);
        }
        if (removed)
        {
            rejectedTimeout.increment();
            entry.task.reject(Rejection.QUEUE_TIMEOUT);
        }
    }

    @ManagedAttribute("tasks running now")
    public int getBusyThreads()
    {
        try (AutoLock ignored = lock.lock())
        {
            return active;
        }
    }

    @ManagedAttribute(value = "most tasks running at once", readonly = true)
    public int getMaxThreads()
    {
        return config.threads();
    }

    @ManagedAttribute("threads that exist now")
    public int getThreads()
    {
        return virtual ? getBusyThreads() : platformThreads.getThreads();
    }

    @ManagedAttribute("tasks waiting for a thread")
    public int getQueueSize()
    {
        try (AutoLock ignored = lock.lock())
        {
            return queue.size();
        }
    }

    @ManagedAttribute(value = "most tasks that may wait", readonly = true)
    public int getQueueCapacity()
    {
        return config.queue();
    }

    /**
     * Whether the group is saturated: every thread is busy and the queue is full, so that the next
     * task would be rejected at once ({@link Rejection#QUEUE_FULL}). With {@code queue=0}, every
     * thread busy is enough. Never blocks beyond the queue's own short lock; any thread.
     *
     * @return whether a task submitted now would be rejected as the queue is full
     */
    @ManagedAttribute("whether every thread is busy and the queue full")
    public boolean isSaturated()
    {
        try (AutoLock ignored = lock.lock())
        {
            return accepting && active >= config.threads() && queue.size() >= config.queue();
        }
    }

    @ManagedAttribute(value = "whether the group runs virtual threads", readonly = true)
    public boolean isVirtual()
    {
        return virtual;
    }

    /**
     * Turns the queue-time histogram and the busy-time count on or off ({@code interlock.metrics.enabled}).
     *
     * @param timed whether to time tasks
     */
    public void setTimed(boolean timed)
    {
        this.timed = timed;
    }

    /**
     * @return how long tasks waited for a thread
     */
    public Histogram getQueueTimes()
    {
        return queueTimes.snapshot();
    }

    /**
     * @return the nanoseconds threads of the group have spent running tasks, for utilisation
     * over an interval (the difference of two reads over the interval times the threads)
     */
    public long getBusyNanos()
    {
        return busyNanos.sum();
    }

    @ManagedAttribute("tasks completed")
    public long getCompletedTasks()
    {
        return completed.sum();
    }

    @ManagedAttribute("tasks rejected because the queue was full")
    public long getRejectedQueueFull()
    {
        return rejectedFull.sum();
    }

    @ManagedAttribute("tasks rejected because they waited longer than the queue timeout")
    public long getRejectedQueueTimeout()
    {
        return rejectedTimeout.sum();
    }

    @ManagedAttribute("tasks rejected because the group was stopping")
    public long getRejectedStopped()
    {
        return rejectedStopped.sum();
    }

    @Override
    public void dump(Appendable out, String indent) throws IOException
    {
        dumpObjects(out, indent, new DumpableCollection("config", List.of(config.toString())));
    }

    @Override
    public String toString()
    {
        return String.format("ExecutorGroup@%x{%s,%s,busy=%d/%d,queued=%d/%d,completed=%d,rejected(full=%d,timeout=%d,stopped=%d)}",
            hashCode(), name, virtual ? "virtual" : "platform", getBusyThreads(), config.threads(), getQueueSize(), config.queue(),
            completed.sum(), rejectedFull.sum(), rejectedTimeout.sum(), rejectedStopped.sum());
    }

    private final class Entry
    {
        private final GroupTask task;
        private final long queuedAt;
        private volatile Scheduler.Task expiry;

        private Entry(GroupTask task, long queuedAt)
        {
            this.task = task;
            this.queuedAt = queuedAt;
        }

        private void cancelExpiry()
        {
            Scheduler.Task t = expiry;
            if (t != null)
                t.cancel();
        }
    }
}
