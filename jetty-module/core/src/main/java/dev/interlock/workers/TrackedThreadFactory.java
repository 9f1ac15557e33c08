package dev.interlock.workers;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.concurrent.ManagedThreadFactory;

/**
 * Non-daemon threads that belong to a webapp: named {@code interlock-worker-WEBAPP-NAME-N},
 * with the webapp's context classloader, remembered while alive so that the webapp's stop can
 * join, interrupt and report them. Refuses new threads once the webapp is stopping.
 */
final class TrackedThreadFactory implements ManagedThreadFactory
{
    private final TrackedWorkers owner;
    private final String prefix;
    private final AtomicInteger counter = new AtomicInteger();
    private final Set<Thread> alive = ConcurrentHashMap.newKeySet();

    TrackedThreadFactory(TrackedWorkers owner, String name)
    {
        this.owner = owner;
        this.prefix = "interlock-worker-" + owner.threadNamePart() + "-" + name + "-";
    }

    /**
     * @throws IllegalStateException once the webapp is stopping (a thread pool then sees its
     * own rejection, a direct caller this message)
     */
    @Override
    public Thread newThread(Runnable task)
    {
        owner.checkNotStopping("a new worker thread");
        Thread thread = new Thread(() ->
        {
            try
            {
                task.run();
            }
            finally
            {
                alive.remove(Thread.currentThread());
            }
        }, prefix + counter.incrementAndGet());
        thread.setDaemon(false);
        thread.setContextClassLoader(owner.classLoader());
        alive.add(thread);
        return thread;
    }

    @Override
    public ForkJoinWorkerThread newThread(ForkJoinPool pool)
    {
        owner.checkNotStopping("a new worker thread");
        ForkJoinWorkerThread thread = new ForkJoinWorkerThread(pool)
        {
            @Override
            protected void onTermination(Throwable exception)
            {
                alive.remove(this);
                super.onTermination(exception);
            }
        };
        thread.setName(prefix + counter.incrementAndGet());
        thread.setDaemon(false);
        thread.setContextClassLoader(owner.classLoader());
        alive.add(thread);
        return thread;
    }

    Set<Thread> alive()
    {
        return Set.copyOf(alive);
    }

    @Override
    public String toString()
    {
        return "ManagedThreadFactory{" + prefix + "*, alive=" + alive.size() + "}";
    }
}
