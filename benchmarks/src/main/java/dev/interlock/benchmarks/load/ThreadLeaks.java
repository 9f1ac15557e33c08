package dev.interlock.benchmarks.load;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Whether every server and client a run started has really stopped: a thread left over would
 * load the cells after it, so a run that leaks one is not to be trusted.
 */
final class ThreadLeaks
{
    /** The exit status of a run that leaked a thread. */
    static final int EXIT_STATUS = 3;

    private ThreadLeaks()
    {
    }

    static Set<Thread> snapshot()
    {
        return new HashSet<>(Thread.getAllStackTraces().keySet());
    }

    /** Exits with {@link #EXIT_STATUS} if a thread started since {@code before} is still alive. */
    static void exitIfAny(Set<Thread> before, PrintStream log) throws InterruptedException
    {
        List<Thread> leaked = since(before);
        if (!leaked.isEmpty())
        {
            log.println("LEAK: threads still running after every server and client stopped: " + leaked);
            System.exit(EXIT_STATUS);
        }
    }

    /**
     * Threads started since {@code before} that are still alive, after a bounded grace period
     * for pool threads to exit.
     */
    static List<Thread> since(Set<Thread> before) throws InterruptedException
    {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<Thread> leaked;
        do
        {
            leaked = new ArrayList<>();
            for (Thread t : Thread.getAllStackTraces().keySet())
            {
                if (t.isAlive() && !t.isDaemon() && !before.contains(t) && t != Thread.currentThread())
                    leaked.add(t);
            }
            if (leaked.isEmpty())
                return leaked;
            Thread.sleep(100);
        }
        while (System.nanoTime() - deadline < 0);
        return leaked;
    }
}
