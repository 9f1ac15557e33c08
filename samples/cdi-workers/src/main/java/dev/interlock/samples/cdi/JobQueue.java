package dev.interlock.samples.cdi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.interlock.api.Interlock;
import dev.interlock.api.Stopping;
import dev.interlock.api.UnfinishedTasks;
import dev.interlock.cdi.Worker;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Inject;

/**
 * A queue of jobs worked through by the webapp's tracked executor {@code jobs} (two threads,
 * {@code interlock-worker-cdi-workers-jobs-N}): each job is a task of that executor, so its
 * queue is the job queue.
 *
 * <p>When the webapp stops, Interlock fires {@link Stopping} while this bean is still alive:
 * it stops taking new jobs, lets the executor finish the queue within the time left (keeping
 * {@link #MARGIN} for the rest of the stopping sequence) and logs what it did. Jobs still
 * queued at the deadline are never started; Interlock hands them back as
 * {@link UnfinishedTasks}, which are logged here (a real application would persist them).</p>
 */
@ApplicationScoped
public class JobQueue
{
    /** Threads of the {@code jobs} executor. */
    static final int THREADS = 2;
    /** What one job takes, waiting in {@link Interlock#blocking} (standing for I/O). */
    static final Duration JOB_TIME = Duration.ofMillis(50);
    /** Left of the stopping budget for the rest of the sequence (joining the workers). */
    static final Duration MARGIN = Duration.ofMillis(500);

    private static final Logger LOG = Logger.getLogger(JobQueue.class.getName());

    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong handedBack = new AtomicLong();
    private volatile boolean accepting = true;

    @Inject
    @Worker(value = "jobs", threads = THREADS)
    ManagedExecutorService executor;

    /**
     * @param count how many jobs to queue
     * @return whether they were queued: false once the webapp is stopping
     */
    public boolean enqueue(int count)
    {
        if (!accepting)
            return false;
        try
        {
            for (int i = 0; i < count; i++)
            {
                submitted.incrementAndGet();
                executor.execute(new Job(ids.incrementAndGet()));
            }
            return true;
        }
        catch (RejectedExecutionException e)
        {
            // the executor began stopping between the check and the submission
            submitted.decrementAndGet();
            return false;
        }
    }

    /**
     * @return the counts, as JSON
     */
    public String status()
    {
        long start = started.get();
        long finished = done.get();
        long failures = failed.get();
        return String.format("{\"queued\": %d, \"running\": %d, \"done\": %d, \"failed\": %d, \"handedBack\": %d, \"accepting\": %b}",
            Math.max(0, submitted.get() - start - handedBack.get()), start - finished - failures, finished, failures, handedBack.get(), accepting);
    }

    /** Jobs queued or running. */
    private long pending()
    {
        return submitted.get() - handedBack.get() - done.get() - failed.get();
    }

    /**
     * The webapp is stopping (undeploy, redeploy or server stop): every bean is still usable.
     * {@code IF_EXISTS}: a queue that was never used has nothing to finish.
     */
    void stopping(@Observes(notifyObserver = Reception.IF_EXISTS) Stopping stopping) throws InterruptedException
    {
        accepting = false;
        long before = done.get();
        long pendingBefore = pending();
        long begin = System.nanoTime();
        Instant until = stopping.deadline().minus(MARGIN);
        while (pending() > 0 && Instant.now().isBefore(until))
            Thread.sleep(10);
        long ms = (System.nanoTime() - begin) / 1_000_000;
        long finished = done.get() - before;
        long left = pending();
        if (left == 0)
            LOG.info(String.format("cdi-workers stopping (%s): took no new jobs, finished the %d left in %d ms; nothing lost", stopping.reason(), finished, ms));
        else
            LOG.warning(String.format("cdi-workers stopping (%s): took no new jobs, finished %d of %d in %d ms; %d still queued or running with %d ms left:"
                + " Interlock interrupts the running ones at the deadline and hands back the others", stopping.reason(), finished, pendingBefore, ms, left,
                stopping.remaining().toMillis()));
    }

    /**
     * Jobs the executor never started when the deadline came.
     */
    void unfinished(@Observes UnfinishedTasks unfinished)
    {
        List<Runnable> tasks = unfinished.tasks();
        handedBack.addAndGet(tasks.size());
        LOG.warning(String.format("cdi-workers: executor %s handed back %d jobs never started (a real application would persist them): %s",
            unfinished.executor(), tasks.size(), describe(tasks)));
    }

    private static String describe(List<Runnable> tasks)
    {
        int shown = Math.min(tasks.size(), 10);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < shown; i++)
            text.append(i == 0 ? "" : ", ").append(tasks.get(i));
        if (tasks.size() > shown)
            text.append(", ... (").append(tasks.size() - shown).append(" more)");
        return text.toString();
    }

    /** One job: {@link #JOB_TIME} of waiting, with the lock (if any) released. */
    private final class Job implements Runnable
    {
        private final long id;

        Job(long id)
        {
            this.id = id;
        }

        @Override
        public void run()
        {
            started.incrementAndGet();
            try
            {
                Interlock.blocking(() -> Thread.sleep(JOB_TIME.toMillis()));
                done.incrementAndGet();
            }
            catch (InterruptedException e)
            {
                failed.incrementAndGet();
                LOG.warning("cdi-workers: " + this + " interrupted (the stopping deadline came)");
                Thread.currentThread().interrupt();
            }
            catch (RuntimeException e)
            {
                failed.incrementAndGet();
                LOG.log(Level.WARNING, "cdi-workers: " + this + " failed", e);
            }
        }

        @Override
        public String toString()
        {
            return "job #" + id;
        }
    }
}
