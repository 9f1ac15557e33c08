package dev.interlock.workers;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import dev.interlock.api.Interlock;
import dev.interlock.api.InterlockSettings;
import dev.interlock.api.Stopping;
import dev.interlock.api.StoppingCallback;
import dev.interlock.api.UnfinishedTasks;
import dev.interlock.api.Webapp;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One webapp's stopping callbacks and tracked workers, and the part of its stopping sequence
 * that concerns them: run the callbacks, then signal, join and interrupt the workers, report
 * stragglers and hand back unstarted tasks. Jetty-free; the Jetty side decides when.
 */
public final class TrackedWorkers implements Webapp
{
    private static final Logger LOG = LoggerFactory.getLogger(TrackedWorkers.class);
    private static final Duration AFTER_INTERRUPT = Duration.ofSeconds(1);

    private final String contextPath;
    private final ClassLoader classLoader;
    private final AtomicLong sequence = new AtomicLong();
    private final List<Callback> callbacks = new CopyOnWriteArrayList<>();
    private final List<Consumer<UnfinishedTasks>> unfinishedHandlers = new CopyOnWriteArrayList<>();
    private final Map<String, TrackedThreadFactory> factories = new ConcurrentHashMap<>();
    private final Map<String, TrackedExecutor> executors = new ConcurrentHashMap<>();
    private final List<String> workerDescriptions = new CopyOnWriteArrayList<>();
    private final WebappLocks locks;
    private volatile String stopping;
    // The thread running the stopping callbacks: Interlock's, left behind if one never returns.
    private volatile Thread callbackThread;

    /**
     * @param contextPath the webapp's context path
     * @param classLoader its classloader, the context classloader of its workers
     */
    public TrackedWorkers(String contextPath, ClassLoader classLoader)
    {
        this(contextPath, classLoader, WebappLocks.NONE);
    }

    /**
     * @param contextPath the webapp's context path
     * @param classLoader its classloader, the context classloader of its workers
     * @param locks the webapp's settings and not-thread-safe lock
     */
    public TrackedWorkers(String contextPath, ClassLoader classLoader, WebappLocks locks)
    {
        this.contextPath = contextPath;
        this.classLoader = classLoader;
        this.locks = locks;
    }

    @Override
    public InterlockSettings settings()
    {
        return locks.settings();
    }

    @Override
    public <T, X extends Throwable> T serialized(Interlock.Section<T, X> section) throws X
    {
        return locks.serialized(section);
    }

    @Override
    public String contextPath()
    {
        return contextPath;
    }

    ClassLoader classLoader()
    {
        return classLoader;
    }

    String threadNamePart()
    {
        return contextPath.isEmpty() || contextPath.equals("/") ? "ROOT" : contextPath.substring(1).replace('/', '_');
    }

    boolean isStopping()
    {
        return stopping != null;
    }

    void checkNotStopping(String what)
    {
        String reason = stopping;
        if (reason != null)
            throw new IllegalStateException("Webapp " + contextPath + " is stopping (" + reason + "): " + what + " is refused");
    }

    @Override
    public Registration onStopping(int priority, StoppingCallback callback)
    {
        Callback c = new Callback(priority, sequence.incrementAndGet(), callback);
        callbacks.add(c);
        return () -> callbacks.remove(c);
    }

    @Override
    public Registration onUnfinishedTasks(Consumer<UnfinishedTasks> handler)
    {
        unfinishedHandlers.add(handler);
        return () -> unfinishedHandlers.remove(handler);
    }

    @Override
    public ManagedThreadFactory threadFactory(String name)
    {
        checkName(name);
        checkNotStopping("a new thread factory");
        return factories.computeIfAbsent(name, n ->
        {
            workerDescriptions.add("thread factory '" + n + "'");
            return new TrackedThreadFactory(this, n);
        });
    }

    @Override
    public ManagedExecutorService executor(String name, int threads)
    {
        return trackedExecutor(name, threads, "executor");
    }

    @Override
    public ManagedScheduledExecutorService scheduledExecutor(String name, int threads)
    {
        return trackedExecutor(name, threads, "scheduled executor");
    }

    /**
     * @param kind how it was asked for, for {@link #getWorkerDescriptions()} (every tracked
     * executor is a scheduled one)
     */
    private TrackedExecutor trackedExecutor(String name, int threads, String kind)
    {
        checkName(name);
        if (threads < 1)
            throw new IllegalArgumentException("Executor '" + name + "' of webapp " + contextPath + ": threads must be >= 1, was " + threads);
        checkNotStopping("a new executor");
        return executors.computeIfAbsent(name, n ->
        {
            workerDescriptions.add(kind + " '" + n + "' (" + threads + (threads == 1 ? " thread)" : " threads)"));
            return new TrackedExecutor(this, n, threads);
        });
    }

    private static void checkName(String name)
    {
        if (name == null || name.isBlank())
            throw new IllegalArgumentException("A worker name must not be empty");
    }

    /**
     * @param thread a thread
     * @return whether it is one of this webapp's tracked workers, or the thread that ran its
     * stopping callbacks
     */
    public boolean isTracked(Thread thread)
    {
        if (thread == callbackThread)
            return true;
        for (TrackedThreadFactory f : allFactories())
        {
            if (f.alive().contains(thread))
                return true;
        }
        return false;
    }

    private List<TrackedThreadFactory> allFactories()
    {
        List<TrackedThreadFactory> all = new ArrayList<>(factories.values());
        executors.values().forEach(e -> all.add(e.threads()));
        return all;
    }

    /**
     * The workers this webapp has created, in creation order: {@code executor 'NAME' (N threads)},
     * {@code scheduled executor 'NAME' (N threads)} or {@code thread factory 'NAME'}. An executor
     * is described as it was first asked for, with the threads it was created with; asking
     * again for a name returns the same worker and adds nothing. Workers stay listed after the
     * webapp stopped them.
     *
     * @return a snapshot, for operators (and tests)
     */
    public List<String> getWorkerDescriptions()
    {
        return List.copyOf(workerDescriptions);
    }

    /**
     * @return how many stopping callbacks are registered now (a cancelled registration no longer
     * counts); {@link #runCallbacks(Stopping, long)} runs each of them once
     */
    public int getStoppingCallbackCount()
    {
        return callbacks.size();
    }

    /**
     * @return how many unfinished-tasks handlers are registered now (a cancelled registration no
     * longer counts); each is given the tasks an executor never started
     */
    public int getUnfinishedTaskHandlerCount()
    {
        return unfinishedHandlers.size();
    }

    /**
     * Refuses new workers and tasks from now on.
     *
     * @param reason why, for the messages
     */
    public void beginStopping(String reason)
    {
        stopping = reason;
    }

    /**
     * Runs the stopping callbacks by priority, then registration, on a thread of their own
     * (daemon, with the webapp's context classloader), and waits for them until
     * {@code deadline}. A failing one is logged and the others still run. At the deadline the
     * one running is reported with its stack trace and interrupted; the callbacks after it are
     * not run. If it does not return within a second of the interrupt it is reported again and
     * left behind: the stop goes on without it, and its daemon thread cannot keep the JVM alive.
     *
     * <p>Blocks the calling thread until the callbacks end or the deadline passes (plus that
     * second), never longer; an interrupt of the calling thread ends the wait as the deadline
     * does, and its interrupt status is kept.</p>
     *
     * @param event the event
     * @param deadline a {@link System#nanoTime()} deadline: the stopping sequence's
     * @return how many ran without failing (those that failed, were stopped or never ran are the
     * {@linkplain #getStoppingCallbackCount() registered ones} less this)
     */
    public int runCallbacks(Stopping event, long deadline)
    {
        List<Callback> ordered = new ArrayList<>(callbacks);
        if (ordered.isEmpty())
            return 0;
        ordered.sort(Comparator.comparingInt(Callback::priority).thenComparingLong(Callback::sequence));
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger started = new AtomicInteger();
        AtomicReference<Callback> running = new AtomicReference<>();
        Thread runner = new Thread(() ->
        {
            for (Callback c : ordered)
            {
                if (System.nanoTime() - deadline >= 0 || Thread.currentThread().isInterrupted())
                    return;
                running.set(c);
                started.incrementAndGet();
                try
                {
                    c.callback().stopping(event);
                    ok.incrementAndGet();
                }
                catch (Throwable x)
                {
                    LOG.warn("Interlock: a stopping callback of webapp {} failed: {}", contextPath, c.callback(), x);
                }
                finally
                {
                    running.set(null);
                }
            }
        }, "interlock-stopping-" + threadNamePart());
        runner.setDaemon(true);
        runner.setContextClassLoader(classLoader);
        callbackThread = runner;
        runner.start();
        boolean interrupted = join(runner, deadline - System.nanoTime());
        if (runner.isAlive())
        {
            Callback late = running.get();
            LOG.warn("Interlock: stopping callback {} of webapp {} is still running at the stopping deadline ({}); interrupting it, and the {} callback(s) after it are not run:{}",
                late == null ? "(between callbacks)" : late.callback(), contextPath, event.deadline(), ordered.size() - started.get(), stack(runner));
            runner.interrupt();
            interrupted |= join(runner, AFTER_INTERRUPT.toNanos());
            if (runner.isAlive())
            {
                LOG.warn("Interlock: stopping callback {} of webapp {} did not return when interrupted; the stop goes on without it (its thread {} is a daemon):{}",
                    late == null ? "(between callbacks)" : late.callback(), contextPath, runner.getName(), stack(runner));
            }
        }
        else if (started.get() < ordered.size())
        {
            LOG.warn("Interlock: {} stopping callback(s) of webapp {} were not run: the stopping deadline ({}) had passed", ordered.size() - started.get(), contextPath, event.deadline());
        }
        if (interrupted)
            Thread.currentThread().interrupt();
        return ok.get();
    }

    /**
     * Stops the tracked workers: signals executors (no new tasks; tasks not yet due are taken
     * off), waits for running and queued work until {@code joinDeadline}, then interrupts what
     * is left, waits a moment more, reports stragglers with their stack traces and hands back
     * the tasks never started.
     *
     * @param joinDeadline a {@link System#nanoTime()} deadline for the join
     * @return what did not finish
     */
    public StopReport stopWorkers(long joinDeadline)
    {
        Map<String, List<Runnable>> unfinished = new ConcurrentHashMap<>();
        for (TrackedExecutor e : executors.values())
        {
            List<Runnable> notDue = e.signal();
            if (!notDue.isEmpty())
                unfinished.computeIfAbsent(e.name(), n -> new CopyOnWriteArrayList<>()).addAll(notDue);
        }
        // Join: executors first (their queues still run), then bare threads.
        boolean interrupted = false;
        for (TrackedExecutor e : executors.values())
        {
            try
            {
                e.awaitTermination(Math.max(0, joinDeadline - System.nanoTime()));
            }
            catch (InterruptedException x)
            {
                interrupted = true;
            }
        }
        for (TrackedThreadFactory f : factories.values())
        {
            for (Thread t : f.alive())
                interrupted |= join(t, joinDeadline - System.nanoTime());
        }
        // Interrupt what is left.
        for (TrackedExecutor e : executors.values())
        {
            if (!e.terminated())
            {
                List<Runnable> queued = e.interrupt();
                if (!queued.isEmpty())
                    unfinished.computeIfAbsent(e.name(), n -> new CopyOnWriteArrayList<>()).addAll(queued);
            }
        }
        Set<Thread> left = new LinkedHashSet<>();
        for (TrackedThreadFactory f : allFactories())
            left.addAll(f.alive());
        left.forEach(Thread::interrupt);
        long graceDeadline = System.nanoTime() + AFTER_INTERRUPT.toNanos();
        for (Thread t : left)
            interrupted |= join(t, graceDeadline - System.nanoTime());
        if (interrupted)
            Thread.currentThread().interrupt();

        List<Thread> stragglers = new ArrayList<>();
        for (Thread t : left)
        {
            if (t.isAlive())
                stragglers.add(t);
        }
        for (Thread t : stragglers)
            LOG.warn("Interlock: worker {} of webapp {} did not stop when interrupted; it is still running:{}", t.getName(), contextPath, stack(t));
        unfinished.forEach((executor, tasks) -> handBack(executor, tasks));
        return new StopReport(stragglers, Map.copyOf(unfinished));
    }

    private void handBack(String executor, List<Runnable> tasks)
    {
        List<String> descriptions = new ArrayList<>();
        tasks.forEach(t -> descriptions.add(String.valueOf(t)));
        LOG.warn("Interlock: executor '{}' of webapp {} stopped with {} task(s) never started; {}: {}", executor, contextPath, tasks.size(),
            unfinishedHandlers.isEmpty() ? "no handler registered, they are not run" : "handed back to the application", descriptions);
        UnfinishedTasks event = UnfinishedTasks.of(contextPath, executor, tasks);
        for (Consumer<UnfinishedTasks> handler : unfinishedHandlers)
        {
            try
            {
                handler.accept(event);
            }
            catch (Throwable x)
            {
                LOG.warn("Interlock: an unfinished-tasks handler of webapp {} failed", contextPath, x);
            }
        }
    }

    private static boolean join(Thread t, long nanos)
    {
        if (nanos <= 0)
            return false;
        try
        {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
            return false;
        }
        catch (InterruptedException x)
        {
            return true;
        }
    }

    /**
     * @param thread a thread
     * @return its stack trace, one frame a line, for logs
     */
    public static String stack(Thread thread)
    {
        StringBuilder b = new StringBuilder();
        for (StackTraceElement e : thread.getStackTrace())
            b.append(System.lineSeparator()).append("\tat ").append(e);
        return b.toString();
    }

    /**
     * @param deadline the stopping deadline
     * @return the deadline as an {@link Instant} for {@link Stopping}
     */
    public static Instant toInstant(long deadline)
    {
        return Instant.now().plusNanos(Math.max(0, deadline - System.nanoTime()));
    }

    @Override
    public String toString()
    {
        return "TrackedWorkers{" + contextPath + ", callbacks=" + callbacks.size() + ", executors=" + executors.keySet() + ", factories=" + factories.keySet() + "}";
    }

    private record Callback(int priority, long sequence, StoppingCallback callback)
    {
    }

    /**
     * What a webapp's workers left behind.
     *
     * @param stragglers threads still alive after the interrupt
     * @param unfinished executor name to the tasks never started
     */
    public record StopReport(List<Thread> stragglers, Map<String, List<Runnable>> unfinished)
    {
    }
}
