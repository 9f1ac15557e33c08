package dev.interlock.jetty;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.interlock.api.StopReason;
import dev.interlock.api.Stopping;
import dev.interlock.group.WebappGroups;
import dev.interlock.options.StopSettings;
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
     * Runs the sequence up to the context's own teardown.
     *
     * @param groups the webapp
     * @param reason why it stops
     * @param drained completed when its last request has completed
     * @param deadline the {@link System#nanoTime()} deadline of the whole sequence
     * @param workers its stopping callbacks and tracked workers
     * @param inFlight what is still running at the deadline, for the log
     */
    static void run(WebappGroups groups, StopReason reason, CompletableFuture<Void> drained, long deadline, TrackedWorkers workers, java.util.function.LongSupplier inFlight)
    {
        StopSettings stop = groups.stopSettings();
        String contextPath = groups.contextPath();
        try
        {
            drained.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException x)
        {
            LOG.warn("Interlock: webapp {} stopping ({}): {} request(s) still running after interlock.drain-timeout={}; going on",
                contextPath, reason, inFlight.getAsLong(), stop.drainTimeout());
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
        int ran = workers.runCallbacks(Stopping.of(contextPath, reason, TrackedWorkers.toInstant(deadline)));
        long joinDeadline = Math.min(deadline, System.nanoTime() + stop.workerJoin().toNanos());
        TrackedWorkers.StopReport report = workers.stopWorkers(joinDeadline);
        LOG.info("Interlock: webapp {} stopping ({}): drained, {} stopping callback(s) ran, {} worker(s) did not stop, {} executor(s) left unstarted tasks",
            contextPath, reason, ran, report.stragglers().size(), report.unfinished().size());
    }
}
