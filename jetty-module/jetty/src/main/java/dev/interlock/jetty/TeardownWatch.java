package dev.interlock.jetty;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.interlock.workers.TrackedWorkers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the part of a webapp's stop that runs after Interlock's: its context's own teardown
 * ({@code contextDestroyed}, servlet and filter {@code destroy()}, its beans), on the thread that
 * stops it. If that has not ended by the stopping deadline (or two seconds after Interlock's part
 * ended, if that is later), the thread is reported with its stack trace and interrupted, so that a
 * teardown waiting on something returns; a teardown has several parts that may each wait, so it
 * is interrupted again every two seconds, {@value #INTERRUPTS} times in all. If it still has not
 * ended it is reported as unstoppable, and nothing of Interlock's waits for it. One daemon thread
 * per stop, ended by {@link #stopped()} or by its own last report.
 */
final class TeardownWatch
{
    private static final Logger LOG = LoggerFactory.getLogger(TeardownWatch.class);
    /** The least time a webapp's own teardown is given, however much of the budget the drain took. */
    private static final long MIN_TEARDOWN_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long AFTER_INTERRUPT_NANOS = TimeUnit.SECONDS.toNanos(2);
    static final int INTERRUPTS = 3;

    private final CountDownLatch stopped = new CountDownLatch(1);
    // Guarded by this: whether the watch interrupted the stopping thread, so that the interrupt
    // it owes nobody else is cleared once the teardown has ended (the thread goes on deploying).
    private boolean interrupted;
    private boolean ended;

    private TeardownWatch()
    {
    }

    /**
     * @param contextPath the webapp, for the reports
     * @param stopper the thread stopping its context
     * @param deadline the stopping sequence's {@link System#nanoTime()} deadline
     * @return the watch, to tell when the context has stopped
     */
    static TeardownWatch start(String contextPath, Thread stopper, long deadline)
    {
        TeardownWatch watch = new TeardownWatch();
        long until = Math.max(deadline, System.nanoTime() + MIN_TEARDOWN_NANOS);
        Thread t = new Thread(() -> watch.watch(contextPath, stopper, until), "interlock-teardown-" + (contextPath.isEmpty() ? "ROOT" : contextPath.replace('/', '_')));
        t.setDaemon(true);
        t.start();
        return watch;
    }

    private void watch(String contextPath, Thread stopper, long until)
    {
        try
        {
            if (stopped.await(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS))
                return;
            for (int i = 1; i <= INTERRUPTS; i++)
            {
                String stack = TrackedWorkers.stack(stopper);
                synchronized (this)
                {
                    if (ended)
                        return;
                    // Reported before the teardown can end and stopped() can return: whoever
                    // waits for the stop sees the report.
                    LOG.warn("Interlock: webapp {} is still tearing down {}: interrupting the thread that stops it, {} ({} of {}):{}",
                        contextPath, i == 1 ? "at its stopping deadline (interlock.drain-timeout)" : "after being interrupted", stopper.getName(), i, INTERRUPTS, stack);
                    stopper.interrupt();
                    interrupted = true;
                }
                if (stopped.await(AFTER_INTERRUPT_NANOS, TimeUnit.NANOSECONDS))
                    return;
            }
            LOG.warn("Interlock: webapp {} did not finish tearing down when interrupted; nothing of Interlock's waits for it, and thread {} is still in its code:{}",
                contextPath, stopper.getName(), TrackedWorkers.stack(stopper));
        }
        catch (InterruptedException x)
        {
            // Nobody interrupts this thread but the JVM going down: nothing left to watch.
        }
    }

    /**
     * The context has stopped: nothing to watch any more. Called on the thread that stopped it,
     * whose interrupt status is cleared if this watch set it.
     */
    void stopped()
    {
        synchronized (this)
        {
            ended = true;
            if (interrupted)
                Thread.interrupted();
        }
        stopped.countDown();
    }
}
