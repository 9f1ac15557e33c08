package dev.interlock.cdi.testing;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.Trigger;

/**
 * A managed (scheduled) executor backed by a JDK {@link ThreadPoolExecutor} (so that tasks
 * never started come back as they were given) or, when scheduled, a
 * {@link ScheduledThreadPoolExecutor}. Its lifecycle methods throw
 * {@link IllegalStateException}, as a container's do; the webapp stops it. Triggers and a
 * context service are not needed by the tests.
 */
final class TestExecutor implements ManagedScheduledExecutorService
{
    private final ThreadPoolExecutor pool;

    TestExecutor(TestThreadFactory threads, int size, boolean scheduled)
    {
        pool = scheduled
            ? new ScheduledThreadPoolExecutor(size, threads)
            : new ThreadPoolExecutor(size, size, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), threads);
    }

    private ScheduledThreadPoolExecutor scheduled()
    {
        if (pool instanceof ScheduledThreadPoolExecutor scheduled)
            return scheduled;
        throw new UnsupportedOperationException("not a scheduled executor");
    }

    void stopAccepting()
    {
        pool.shutdown();
    }

    boolean awaitStopped(long timeout, TimeUnit unit) throws InterruptedException
    {
        return pool.awaitTermination(timeout, unit);
    }

    List<Runnable> stopNow()
    {
        return pool.shutdownNow();
    }

    private static IllegalStateException lifecycle()
    {
        return new IllegalStateException("a managed executor stops with its webapp");
    }

    @Override
    public void shutdown()
    {
        throw lifecycle();
    }

    @Override
    public List<Runnable> shutdownNow()
    {
        throw lifecycle();
    }

    @Override
    public boolean isShutdown()
    {
        throw lifecycle();
    }

    @Override
    public boolean isTerminated()
    {
        throw lifecycle();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit)
    {
        throw lifecycle();
    }

    @Override
    public void execute(Runnable command)
    {
        pool.execute(command);
    }

    @Override
    public Future<?> submit(Runnable task)
    {
        return pool.submit(task);
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result)
    {
        return pool.submit(task, result);
    }

    @Override
    public <T> Future<T> submit(Callable<T> task)
    {
        return pool.submit(task);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException
    {
        return pool.invokeAll(tasks);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit) throws InterruptedException
    {
        return pool.invokeAll(tasks, timeout, unit);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException
    {
        return pool.invokeAny(tasks);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException
    {
        return pool.invokeAny(tasks, timeout, unit);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit)
    {
        return scheduled().schedule(command, delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit)
    {
        return scheduled().schedule(callable, delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit)
    {
        return scheduled().scheduleAtFixedRate(command, initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit)
    {
        return scheduled().scheduleWithFixedDelay(command, initialDelay, delay, unit);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, Trigger trigger)
    {
        throw new UnsupportedOperationException("triggers are not needed by the tests");
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, Trigger trigger)
    {
        throw new UnsupportedOperationException("triggers are not needed by the tests");
    }

    @Override
    public <U> CompletableFuture<U> completedFuture(U value)
    {
        return CompletableFuture.completedFuture(value);
    }

    @Override
    public <U> CompletionStage<U> completedStage(U value)
    {
        return CompletableFuture.completedStage(value);
    }

    @Override
    public <T> CompletableFuture<T> copy(CompletableFuture<T> stage)
    {
        return stage.thenApply(value -> value);
    }

    @Override
    public <T> CompletionStage<T> copy(CompletionStage<T> stage)
    {
        return stage.thenApply(value -> value);
    }

    @Override
    public <U> CompletableFuture<U> failedFuture(Throwable failure)
    {
        return CompletableFuture.failedFuture(failure);
    }

    @Override
    public <U> CompletionStage<U> failedStage(Throwable failure)
    {
        return CompletableFuture.failedStage(failure);
    }

    @Override
    public ContextService getContextService()
    {
        throw new UnsupportedOperationException("no context service in the tests");
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture()
    {
        return new CompletableFuture<>();
    }

    @Override
    public CompletableFuture<Void> runAsync(Runnable runnable)
    {
        return CompletableFuture.runAsync(runnable, this);
    }

    @Override
    public <U> CompletableFuture<U> supplyAsync(Supplier<U> supplier)
    {
        return CompletableFuture.supplyAsync(supplier, this);
    }
}
