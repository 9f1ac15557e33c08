package dev.interlock.api;

import java.util.function.Consumer;

import dev.interlock.api.spi.Webapps;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;

/**
 * The running webapp, as its own code sees it: where to register stopping callbacks and where
 * to get worker threads that belong to it (Jakarta Concurrency's managed executors and thread
 * factory, which Jetty does not provide).
 *
 * <p>Threads from here are non-daemon, named {@code interlock-worker-WEBAPP-NAME-N}, run with
 * the webapp's context classloader, and are stopped with the webapp: when it stops, after the
 * stopping callbacks, executors stop accepting tasks, running ones get the rest of the
 * {@code interlock.drain-timeout} budget ({@code interlock.worker-join} at most), then are
 * interrupted; stragglers are logged with their stack traces; tasks never started are handed
 * to {@link #onUnfinishedTasks}. After stopping has begun, new submissions are rejected with a
 * {@link java.util.concurrent.RejectedExecutionException} saying so.</p>
 *
 * <p>All methods may be called from any thread; creating an executor after the webapp began
 * stopping throws {@link IllegalStateException}.</p>
 */
public interface Webapp
{
    /**
     * @return the webapp of the calling thread (found by its context classloader: any request
     * thread, listener or bean of the webapp)
     * @throws IllegalStateException if the server has no Interlock engine, or the calling
     * thread belongs to no webapp
     */
    static Webapp current()
    {
        return Webapps.installed().current();
    }

    /**
     * @return the webapp's context path
     */
    String contextPath();

    /**
     * @return the Interlock settings in force for the webapp
     */
    InterlockSettings settings();

    /**
     * Runs {@code section} under the lock that guards the webapp's not-thread-safe components:
     * its default application group's lock in force, or that group's own lock under
     * {@code free}. Strict (kept through I/O and {@code blocking} sections) and re-entrant; a
     * thread already running under another group's lock runs the section under that one, since
     * no thread ever holds two group locks. This is what {@link NotThreadSafe} on a CDI bean
     * does around each business method, so that background tasks calling the bean serialise
     * with requests.
     *
     * @param section the code to run
     * @param <T> its result type
     * @param <X> the exception it may throw
     * @return what {@code section} returned
     * @throws X what {@code section} threw
     * @throws IllegalStateException if the lock could not be had within {@code interlock.lock-timeout}
     */
    <T, X extends Throwable> T serialized(Interlock.Section<T, X> section) throws X;

    /**
     * Registers a stopping callback with priority 0.
     *
     * @param callback the callback
     * @return a handle that can unregister it
     */
    default Registration onStopping(StoppingCallback callback)
    {
        return onStopping(0, callback);
    }

    /**
     * Registers a stopping callback; lower priorities run first, equal ones in registration
     * order (CDI's {@code @Priority} order).
     *
     * @param priority the priority
     * @param callback the callback
     * @return a handle that can unregister it
     */
    Registration onStopping(int priority, StoppingCallback callback);

    /**
     * Where tasks a tracked executor never started go when the webapp stops. Without a
     * handler they are only reported in the log.
     *
     * @param handler receives each executor's unstarted tasks, on the stopping thread
     * @return a handle that can unregister it
     */
    Registration onUnfinishedTasks(Consumer<UnfinishedTasks> handler);

    /**
     * @param name a name for the threads, unique within the webapp
     * @return a factory of non-daemon threads tracked with the webapp
     */
    ManagedThreadFactory threadFactory(String name);

    /**
     * @param name a name for the executor and its threads, unique within the webapp
     * @param threads how many threads it runs at most (at least 1)
     * @return an executor tracked with the webapp; its lifecycle methods ({@code shutdown} ...)
     * throw {@link IllegalStateException}, as a Jakarta EE container's do: it stops with the
     * webapp
     */
    ManagedExecutorService executor(String name, int threads);

    /**
     * @param name a name for the executor and its threads, unique within the webapp
     * @param threads its core threads (at least 1)
     * @return a scheduled executor tracked with the webapp
     */
    ManagedScheduledExecutorService scheduledExecutor(String name, int threads);

    /** Undoes a registration. */
    @FunctionalInterface
    interface Registration
    {
        void cancel();
    }
}
