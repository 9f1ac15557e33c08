package dev.interlock.workers;

import java.util.ArrayList;
import java.util.List;

import dev.interlock.options.LeakPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Threads a stopped webapp left running: alive, with its classloader as their context
 * classloader, and not tracked workers (those were already joined and reported). Reported with
 * their stack traces and, under {@link LeakPolicy#INTERRUPT}, interrupted: a thread whose webapp
 * is gone can only do harm, and a non-daemon one keeps the JVM alive.
 */
public final class LeakedThreads
{
    private static final Logger LOG = LoggerFactory.getLogger(LeakedThreads.class);

    private LeakedThreads()
    {
    }

    /**
     * Finds, reports and handles the threads left by a webapp that has stopped.
     *
     * @param contextPath the webapp's context path, for the messages
     * @param loader its classloader
     * @param workers its tracked workers, which are not leaks
     * @param policy what to do with the leaked threads
     * @return the threads found
     */
    public static List<Thread> handle(String contextPath, ClassLoader loader, TrackedWorkers workers, LeakPolicy policy)
    {
        if (loader == null || policy == LeakPolicy.IGNORE)
            return List.of();
        List<Thread> leaked = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet())
        {
            if (t != Thread.currentThread() && t.isAlive() && t.getContextClassLoader() == loader && (workers == null || !workers.isTracked(t)))
                leaked.add(t);
        }
        for (Thread t : leaked)
        {
            LOG.warn("Interlock: webapp {} has stopped but thread {} it started is still running with its classloader{}:{}",
                contextPath, t.getName(), policy == LeakPolicy.INTERRUPT ? "; interrupting it (interlock.leak-policy=interrupt)" : "",
                TrackedWorkers.stack(t));
            if (policy == LeakPolicy.INTERRUPT)
                t.interrupt();
        }
        return leaked;
    }
}
