package dev.interlock.cdi.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import dev.interlock.api.StopReason;
import dev.interlock.api.Stopping;
import dev.interlock.api.StoppingCallback;
import dev.interlock.api.UnfinishedTasks;
import dev.interlock.api.Webapp;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;

/**
 * A webapp of {@link TestWebapps}: keeps callbacks and workers as the engine does and stops
 * them in the engine's order (callbacks by priority then registration, a failing one logged
 * and skipped; then executors drained until the deadline, interrupted, unstarted tasks handed
 * to the handlers).
 */
public final class TestWebapp implements Webapp
{
    private record Callback(int priority, long sequence, StoppingCallback callback)
    {
    }

    private final String contextPath;
    private final ClassLoader classLoader;
    private final AtomicLong sequence = new AtomicLong();
    private final List<Callback> callbacks = new CopyOnWriteArrayList<>();
    private final List<Consumer<UnfinishedTasks>> handlers = new CopyOnWriteArrayList<>();
    private final Map<String, Object> workers = new ConcurrentHashMap<>();
    private final List<String> created = new CopyOnWriteArrayList<>();
    private final AtomicInteger failedCallbacks = new AtomicInteger();

    TestWebapp(String contextPath, ClassLoader classLoader)
    {
        this.contextPath = contextPath;
        this.classLoader = classLoader;
    }

    public ClassLoader classLoader()
    {
        return classLoader;
    }

    @Override
    public String contextPath()
    {
        return contextPath;
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
        handlers.add(handler);
        return () -> handlers.remove(handler);
    }

    @Override
    public ManagedThreadFactory threadFactory(String name)
    {
        return (ManagedThreadFactory)workers.computeIfAbsent(name, n ->
        {
            created.add("threadFactory(" + n + ")");
            return new TestThreadFactory(threadPrefix(n), classLoader);
        });
    }

    @Override
    public ManagedExecutorService executor(String name, int threads)
    {
        return (ManagedExecutorService)workers.computeIfAbsent(name, n ->
        {
            created.add("executor(" + n + ", " + threads + ")");
            return new TestExecutor(new TestThreadFactory(threadPrefix(n), classLoader), threads, false);
        });
    }

    @Override
    public ManagedScheduledExecutorService scheduledExecutor(String name, int threads)
    {
        return (ManagedScheduledExecutorService)workers.computeIfAbsent(name, n ->
        {
            created.add("scheduledExecutor(" + n + ", " + threads + ")");
            return new TestExecutor(new TestThreadFactory(threadPrefix(n), classLoader), threads, true);
        });
    }

    private String threadPrefix(String name)
    {
        return "interlock-worker-" + contextPath.substring(1) + "-" + name + "-";
    }

    /**
     * @return every worker creation call, in order, e.g. {@code executor(default, 4)}
     */
    public List<String> created()
    {
        return List.copyOf(created);
    }

    public int registrations()
    {
        return callbacks.size() + handlers.size();
    }

    public int failedCallbacks()
    {
        return failedCallbacks.get();
    }

    /**
     * Stops the webapp as the engine does, on the calling thread.
     *
     * @param reason why
     * @param budget the whole stopping sequence's budget
     */
    public void stop(StopReason reason, Duration budget) throws InterruptedException
    {
        Instant deadline = Instant.now().plus(budget);
        Stopping event = Stopping.of(contextPath, reason, deadline);
        List<Callback> ordered = new ArrayList<>(callbacks);
        ordered.sort(Comparator.comparingInt(Callback::priority).thenComparingLong(Callback::sequence));
        for (Callback c : ordered)
        {
            try
            {
                c.callback().stopping(event);
            }
            catch (Throwable x)
            {
                failedCallbacks.incrementAndGet();
            }
        }
        for (Map.Entry<String, Object> entry : workers.entrySet())
        {
            if (!(entry.getValue() instanceof TestExecutor executor))
                continue;
            executor.stopAccepting();
            long left = Math.max(0, Duration.between(Instant.now(), deadline).toNanos());
            if (!executor.awaitStopped(left, TimeUnit.NANOSECONDS))
            {
                List<Runnable> unstarted = executor.stopNow();
                if (!unstarted.isEmpty())
                {
                    UnfinishedTasks tasks = UnfinishedTasks.of(contextPath, entry.getKey(), unstarted);
                    for (Consumer<UnfinishedTasks> handler : handlers)
                        handler.accept(tasks);
                }
                executor.awaitStopped(5, TimeUnit.SECONDS);
            }
        }
    }
}
