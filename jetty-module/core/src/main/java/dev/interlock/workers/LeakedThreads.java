package dev.interlock.workers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.interlock.options.LeakPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Threads still running with a webapp's classloader as their context classloader, told apart by
 * who made them. A thread of one of Jetty's thread pools has the webapp's classloader only while
 * it runs one of the webapp's requests (the context scope sets it and puts it back): such a
 * thread is a request still in flight, not a leak. Any other is a thread the webapp started.
 */
public final class LeakedThreads
{
    private static final Logger LOG = LoggerFactory.getLogger(LeakedThreads.class);
    /** Where every thread of a Jetty pool runs its jobs from (Interlock's executor groups use one too). */
    private static final String POOL_RUNNER = "org.eclipse.jetty.util.thread.QueuedThreadPool$Runner";

    private LeakedThreads()
    {
    }

    /**
     * The threads of Jetty's pools running a request of the webapp now, for the drain's deadline.
     *
     * @param loader the webapp's classloader
     * @return those threads, with their stacks
     */
    public static Map<Thread, StackTraceElement[]> requestThreads(ClassLoader loader)
    {
        Map<Thread, StackTraceElement[]> found = new java.util.LinkedHashMap<>();
        if (loader == null)
            return found;
        Thread.getAllStackTraces().forEach((t, stack) ->
        {
            if (t != Thread.currentThread() && t.isAlive() && t.getContextClassLoader() == loader && isPoolThread(stack))
                found.put(t, stack);
        });
        return found;
    }

    /**
     * Finds, reports and handles the threads a stopped webapp started and left running: alive,
     * with its classloader, not tracked workers (those were already joined and reported) and not
     * Jetty's pool threads. Reported with their stack traces and, under
     * {@link LeakPolicy#INTERRUPT}, interrupted: a thread whose webapp is gone can only do harm,
     * and a non-daemon one keeps the JVM alive.
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
        Thread.getAllStackTraces().forEach((t, stack) ->
        {
            if (t != Thread.currentThread() && t.isAlive() && t.getContextClassLoader() == loader && !isPoolThread(stack) && (workers == null || !workers.isTracked(t)))
                leaked.add(t);
        });
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

    /**
     * @param stack a thread's stack, innermost frame first
     * @return whether the thread belongs to one of Jetty's thread pools
     */
    static boolean isPoolThread(StackTraceElement[] stack)
    {
        // The runner sits just above Thread.run at the bottom of the stack.
        for (int i = stack.length - 1; i >= 0 && i >= stack.length - 4; i--)
        {
            if (POOL_RUNNER.equals(stack[i].getClassName()))
                return true;
        }
        return false;
    }
}
