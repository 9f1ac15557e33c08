package dev.interlock.workers;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.concurrent.LastExecution;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.Trigger;

/**
 * A tracked executor: Jakarta Concurrency's managed (scheduled) executor over a
 * {@link ScheduledThreadPoolExecutor} of tracked threads. As in a Jakarta EE container, its
 * lifecycle belongs to the webapp: {@code shutdown} and friends throw
 * {@link IllegalStateException}; the webapp's stop signals it, waits, interrupts it and hands
 * back what never ran.
 */
final class TrackedExecutor implements ManagedScheduledExecutorService
{
    private final TrackedWorkers owner;
    private final String name;
    private final TrackedThreadFactory threads;
    private final Pool pool;
    private final ContextService contextService;

    TrackedExecutor(TrackedWorkers owner, String name, int threadCount)
    {
        this.owner = owner;
        this.name = name;
        this.threads = new TrackedThreadFactory(owner, name);
        this.pool = new Pool(threadCount, threads);
        this.contextService = new WebappContextService(owner.classLoader(), this);
    }

    String name()
    {
        return name;
    }

    TrackedThreadFactory threads()
    {
        return threads;
    }

    private void checkOpen(Object task)
    {
        if (owner.isStopping() || pool.isShutdown())
            throw new RejectedExecutionException("Executor '" + name + "' of webapp " + owner.contextPath() + " accepts no new tasks: the webapp is stopping (rejected " + task + ")");
    }

    // --- the webapp's stop ---

    /** Stops accepting tasks; hands back delayed and periodic tasks not yet due. */
    List<Runnable> signal()
    {
        List<Runnable> notDue = new ArrayList<>();
        for (Runnable queued : pool.getQueue().toArray(new Runnable[0]))
        {
            if (queued instanceof Task<?> task && (task.isPeriodic() || task.getDelay(TimeUnit.NANOSECONDS) > 0) && pool.remove(task))
            {
                task.handBack();
                notDue.add(task);
            }
        }
        pool.shutdown();
        return notDue;
    }

    boolean awaitTermination(long nanos) throws InterruptedException
    {
        return pool.awaitTermination(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Interrupts running tasks and returns the queued ones, as tasks the application can run
     * itself.
     */
    List<Runnable> interrupt()
    {
        List<Runnable> queued = pool.shutdownNow();
        queued.forEach(t -> ((Task<?>)t).handBack());
        return queued;
    }

    boolean terminated()
    {
        return pool.isTerminated();
    }

    // --- ExecutorService ---

    @Override
    public void execute(Runnable command)
    {
        checkOpen(command);
        pool.execute(command);
    }

    @Override
    public Future<?> submit(Runnable task)
    {
        checkOpen(task);
        return pool.submit(task);
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result)
    {
        checkOpen(task);
        return pool.submit(task, result);
    }

    @Override
    public <T> Future<T> submit(Callable<T> task)
    {
        checkOpen(task);
        return pool.submit(task);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException
    {
        checkOpen(tasks);
        return pool.invokeAll(tasks);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit) throws InterruptedException
    {
        checkOpen(tasks);
        return pool.invokeAll(tasks, timeout, unit);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException
    {
        checkOpen(tasks);
        return pool.invokeAny(tasks);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException
    {
        checkOpen(tasks);
        return pool.invokeAny(tasks, timeout, unit);
    }

    private IllegalStateException lifecycle()
    {
        return new IllegalStateException("Executor '" + name + "' of webapp " + owner.contextPath() + " is managed: it stops with its webapp");
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

    // --- ScheduledExecutorService ---

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit)
    {
        checkOpen(command);
        return pool.schedule(command, delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit)
    {
        checkOpen(callable);
        return pool.schedule(callable, delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit)
    {
        checkOpen(command);
        return pool.scheduleAtFixedRate(command, initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit)
    {
        checkOpen(command);
        return pool.scheduleWithFixedDelay(command, initialDelay, delay, unit);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, Trigger trigger)
    {
        return schedule(() ->
        {
            command.run();
            return null;
        }, trigger);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, Trigger trigger)
    {
        checkOpen(callable);
        return new TriggerRun<>(callable, trigger).start();
    }

    // --- ManagedExecutorService ---

    @Override
    public <U> CompletableFuture<U> completedFuture(U value)
    {
        ManagedFuture<U> f = new ManagedFuture<>(this);
        f.complete(value);
        return f;
    }

    @Override
    public <U> CompletionStage<U> completedStage(U value)
    {
        return completedFuture(value);
    }

    @Override
    public <T> CompletableFuture<T> copy(CompletableFuture<T> stage)
    {
        return contextService.withContextCapture(stage);
    }

    @Override
    public <T> CompletionStage<T> copy(CompletionStage<T> stage)
    {
        return contextService.withContextCapture(stage);
    }

    @Override
    public <U> CompletableFuture<U> failedFuture(Throwable failure)
    {
        ManagedFuture<U> f = new ManagedFuture<>(this);
        f.completeExceptionally(failure);
        return f;
    }

    @Override
    public <U> CompletionStage<U> failedStage(Throwable failure)
    {
        return failedFuture(failure);
    }

    @Override
    public ContextService getContextService()
    {
        return contextService;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture()
    {
        return new ManagedFuture<>(this);
    }

    @Override
    public CompletableFuture<Void> runAsync(Runnable runnable)
    {
        return supplyAsync(() ->
        {
            runnable.run();
            return null;
        });
    }

    @Override
    public <U> CompletableFuture<U> supplyAsync(Supplier<U> supplier)
    {
        ManagedFuture<U> f = new ManagedFuture<>(this);
        execute(new Described(() ->
        {
            try
            {
                f.complete(supplier.get());
            }
            catch (Throwable x)
            {
                f.completeExceptionally(x);
            }
        }, supplier.toString()));
        return f;
    }

    @Override
    public String toString()
    {
        return "ManagedScheduledExecutorService{" + name + " of " + owner.contextPath() + ", " + pool + "}";
    }

    /** A runnable described by the task it runs, so that reports and hand-backs name it. */
    private record Described(Runnable body, String description) implements Runnable
    {
        @Override
        public void run()
        {
            body.run();
        }

        @Override
        public String toString()
        {
            return description;
        }
    }

    /** Repeated runs of a task at the times a {@link Trigger} chooses. */
    private final class TriggerRun<V> extends CompletableFuture<V> implements ScheduledFuture<V>
    {
        private final Callable<V> task;
        private final Trigger trigger;
        private final Date scheduledAt = new Date();
        private volatile ScheduledFuture<?> next;
        private volatile Execution last;

        private TriggerRun(Callable<V> task, Trigger trigger)
        {
            this.task = task;
            this.trigger = trigger;
        }

        private TriggerRun<V> start()
        {
            scheduleNext();
            return this;
        }

        private void scheduleNext()
        {
            Date at = trigger.getNextRunTime(last, scheduledAt);
            if (at == null)
            {
                Execution l = last;
                @SuppressWarnings("unchecked")
                V result = l == null ? null : (V)l.result();
                complete(result);
                return;
            }
            long delay = Math.max(0, TimeUnit.MILLISECONDS.toNanos(at.getTime() - System.currentTimeMillis()));
            next = pool.schedule(() -> runOnce(at), delay, TimeUnit.NANOSECONDS);
        }

        private void runOnce(Date scheduledRun)
        {
            if (isDone())
                return;
            if (!trigger.skipRun(last, scheduledRun))
            {
                Instant started = Instant.now();
                try
                {
                    V result = task.call();
                    last = new Execution(scheduledRun.toInstant(), started, Instant.now(), result);
                }
                catch (Throwable x)
                {
                    completeExceptionally(x);
                    return;
                }
            }
            if (!pool.isShutdown())
                scheduleNext();
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning)
        {
            ScheduledFuture<?> n = next;
            if (n != null)
                n.cancel(mayInterruptIfRunning);
            return super.cancel(mayInterruptIfRunning);
        }

        @Override
        public long getDelay(TimeUnit unit)
        {
            ScheduledFuture<?> n = next;
            return n == null ? 0 : n.getDelay(unit);
        }

        @Override
        public int compareTo(Delayed other)
        {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public String toString()
        {
            return "trigger " + trigger + " of " + task;
        }
    }

    private record Execution(Instant scheduledStart, Instant runStart, Instant runEnd, Object result) implements LastExecution
    {
        @Override
        public String getIdentityName()
        {
            return null;
        }

        @Override
        public Object getResult()
        {
            return result;
        }

        @Override
        public ZonedDateTime getScheduledStart(ZoneId zone)
        {
            return scheduledStart.atZone(zone);
        }

        @Override
        public ZonedDateTime getRunStart(ZoneId zone)
        {
            return runStart.atZone(zone);
        }

        @Override
        public ZonedDateTime getRunEnd(ZoneId zone)
        {
            return runEnd.atZone(zone);
        }
    }

    /**
     * The pool, with tasks decorated so that a task handed back is the application's own
     * (running it runs the task and completes its future) and describes itself by it.
     */
    private static final class Pool extends ScheduledThreadPoolExecutor
    {
        private Pool(int threads, TrackedThreadFactory factory)
        {
            super(threads, factory);
            setExecuteExistingDelayedTasksAfterShutdownPolicy(true);
            setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        }

        @Override
        protected <V> RunnableScheduledFuture<V> decorateTask(Runnable runnable, RunnableScheduledFuture<V> task)
        {
            return new Task<>(task, runnable);
        }

        @Override
        protected <V> RunnableScheduledFuture<V> decorateTask(Callable<V> callable, RunnableScheduledFuture<V> task)
        {
            return new Task<>(task, callable);
        }
    }

    /**
     * A task as the pool queues it. Once handed back to the application, running it runs the
     * application's task directly (the pool that would have run it is shut down) and cancels
     * the future the submitter holds, so that nobody waits for it forever.
     */
    private static final class Task<V> implements RunnableScheduledFuture<V>
    {
        private final RunnableScheduledFuture<V> future;
        private final Object original;
        private volatile boolean handedBack;

        private void handBack()
        {
            handedBack = true;
        }

        private Task(RunnableScheduledFuture<V> future, Object original)
        {
            this.future = future;
            this.original = original;
        }

        @Override
        public boolean isPeriodic()
        {
            return future.isPeriodic();
        }

        @Override
        public long getDelay(TimeUnit unit)
        {
            return future.getDelay(unit);
        }

        @Override
        public int compareTo(Delayed other)
        {
            return future.compareTo(other instanceof Task<?> t ? t.future : other);
        }

        @Override
        public void run()
        {
            if (!handedBack)
            {
                future.run();
                return;
            }
            future.cancel(false);
            try
            {
                if (original instanceof Callable<?> callable)
                    callable.call();
                else
                    ((Runnable)original).run();
            }
            catch (RuntimeException | Error x)
            {
                throw x;
            }
            catch (Exception x)
            {
                throw new IllegalStateException(x);
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning)
        {
            return future.cancel(mayInterruptIfRunning);
        }

        @Override
        public boolean isCancelled()
        {
            return future.isCancelled();
        }

        @Override
        public boolean isDone()
        {
            return future.isDone();
        }

        @Override
        public V get() throws InterruptedException, ExecutionException
        {
            return future.get();
        }

        @Override
        public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException
        {
            return future.get(timeout, unit);
        }

        @Override
        public String toString()
        {
            return String.valueOf(original);
        }
    }
}
