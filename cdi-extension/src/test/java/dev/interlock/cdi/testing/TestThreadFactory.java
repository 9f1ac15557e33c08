package dev.interlock.cdi.testing;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.concurrent.ManagedThreadFactory;

/** Non-daemon threads named {@code prefix + N}, with the webapp's context classloader. */
final class TestThreadFactory implements ManagedThreadFactory
{
    private final String prefix;
    private final ClassLoader classLoader;
    private final AtomicInteger count = new AtomicInteger();

    TestThreadFactory(String prefix, ClassLoader classLoader)
    {
        this.prefix = prefix;
        this.classLoader = classLoader;
    }

    @Override
    public Thread newThread(Runnable task)
    {
        Thread thread = new Thread(task, prefix + count.incrementAndGet());
        thread.setDaemon(false);
        thread.setContextClassLoader(classLoader);
        return thread;
    }

    @Override
    public ForkJoinWorkerThread newThread(ForkJoinPool pool)
    {
        ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        thread.setContextClassLoader(classLoader);
        return thread;
    }
}
