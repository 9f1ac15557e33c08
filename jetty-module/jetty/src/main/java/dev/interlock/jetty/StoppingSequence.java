package dev.interlock.jetty;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.interlock.api.StopReason;
import dev.interlock.api.Stopping;
import dev.interlock.group.WebappGroups;
import dev.interlock.options.Settings;
import dev.interlock.options.StopSettings;
import dev.interlock.workers.LeakedThreads;
import dev.interlock.workers.TrackedWorkers;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of a webapp's stop that Interlock runs before the context's own teardown, on the
 * stopping thread, within one deadline ({@code interlock.drain-timeout}): wait for the requests
 * in flight, run the stopping callbacks with the reason and the deadline, then signal, join,
 * interrupt and report the tracked workers.
 */
final class StoppingSequence
{
    private static final Logger LOG = LoggerFactory.getLogger(StoppingSequence.class);

    /** The least time the stopping callbacks get, however much of the budget the drain took. */
    private static final long MIN_CALLBACKS_NANOS = TimeUnit.SECONDS.toNanos(1);

    private StoppingSequence()
    {
    }

    /**
     * Why {@code context} stops: the server is stopping; else another started instance has
     * its context path (a redeploy); else it is undeployed.
     */
    static StopReason reason(ContextHandler context)
    {
        Server server = context.getServer();
        if (server == null)
            return StopReason.UNDEPLOY;
        if (server.isStopping() || server.isStopped())
            return StopReason.SERVER_STOP;
        for (ContextHandler other : server.getDescendants(ContextHandler.class))
        {
            if (other != context && context.getContextPath().equals(other.getContextPath()) && (other.isStarted() || other.isStarting()))
                return StopReason.REDEPLOY;
        }
        return StopReason.UNDEPLOY;
    }

    /**
     * At the drain's deadline: what each request still running is doing, then an interrupt, its
     * webapp being about to go. Runs on the drain's watching thread.
     *
     * @param groups the webapp
     * @param inFlight how many requests are still in flight
     * @param loader its classloader, by which its request threads are found
     */
    static void interruptRequests(WebappGroups groups, long inFlight, ClassLoader loader)
    {
        StopSettings stop = groups.stopSettings();
        String contextPath = groups.contextPath();
        String budget = Settings.DRAIN_TIMEOUT.text(stop.drainTimeout());
        LOG.warn("Interlock: webapp {} stopping: {} request(s) still running after interlock.drain-timeout={}; interrupting them",
            contextPath, inFlight, budget);
        LeakedThreads.requestThreads(loader).forEach((thread, stack) ->
        {
            StringBuilder frames = new StringBuilder();
            for (StackTraceElement e : stack)
                frames.append(System.lineSeparator()).append("\tat ").append(e);
            LOG.warn("Interlock: webapp {}: request thread {} is still running after interlock.drain-timeout={}; interrupting it:{}",
                contextPath, thread.getName(), budget, frames);
            thread.interrupt();
        });
    }

    /**
     * Runs the sequence up to the context's own teardown.
     *
     * @param groups the webapp
     * @param reason why it stops
     * @param drained completed when its last request has completed
     * @param deadline the {@link System#nanoTime()} deadline of the whole sequence
     * @param workers its stopping callbacks and tracked workers
     */
    static void run(WebappGroups groups, StopReason reason, CompletableFuture<Void> drained, long deadline, TrackedWorkers workers)
    {
        StopSettings stop = groups.stopSettings();
        String contextPath = groups.contextPath();
        try
        {
            // The drain ends by itself a moment after the deadline (it interrupts what is left).
            drained.get(Math.max(0, deadline - System.nanoTime()) + TimeUnit.MILLISECONDS.toNanos(Drain.AFTER_DEADLINE_MS * 2), TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException x)
        {
            LOG.warn("Interlock: webapp {} stopping ({}): the drain did not end after interlock.drain-timeout={}; going on", contextPath, reason,
                Settings.DRAIN_TIMEOUT.text(stop.drainTimeout()));
        }
        catch (InterruptedException x)
        {
            Thread.currentThread().interrupt();
        }
        catch (ExecutionException x)
        {
            LOG.warn("Interlock: drain of {} failed", contextPath, x);
        }
        workers.beginStopping(reason.name().toLowerCase(Locale.ROOT).replace('_', ' '));
        // The callbacks get the deadline; if the drain used all of it, a moment all the same:
        // they are where the application saves what it must not lose.
        long callbacksUntil = Math.max(deadline, System.nanoTime() + MIN_CALLBACKS_NANOS);
        int ran = workers.runCallbacks(Stopping.of(contextPath, reason, TrackedWorkers.toInstant(callbacksUntil)), callbacksUntil);
        long joinDeadline = Math.min(deadline, System.nanoTime() + stop.workerJoin().toNanos());
        TrackedWorkers.StopReport report = workers.stopWorkers(joinDeadline);
        LOG.info("Interlock: webapp {} stopping ({}): drained, {} stopping callback(s) ran, {} worker(s) did not stop, {} executor(s) left unstarted tasks",
            contextPath, reason, ran, report.stragglers().size(), report.unfinished().size());
    }
}
