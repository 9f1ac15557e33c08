package dev.interlock.jetty;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import dev.interlock.group.Refusal;
import dev.interlock.group.RequestLogFields;
import dev.interlock.group.WebappGroups;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.AutoLock;

/**
 * The requests inside one webapp, counted so that its stop can wait for them, and the refusal
 * of new ones once it stops. Counting follows Jetty's {@code GracefulHandler}: the count is
 * incremented before the stopping flag is read, so a drain that sees zero never misses a
 * request admitted in between; a request is counted until it completes, not until its handler
 * returns.
 *
 * <p>The drain is bounded: at its deadline, if requests are still in flight, the deadline action
 * runs (the binding interrupts them), and the drain ends when they have completed or
 * {@value #AFTER_DEADLINE_MS} ms later, whichever is first. The server's graceful phase waits
 * for it, so the interrupted requests can still send their answer before the connectors close.</p>
 */
final class Drain
{
    private final LongAdder inFlight = new LongAdder();
    // One listener for every request: admitting a request allocates nothing of ours.
    private final Consumer<Throwable> requestCompleted = failure -> completed();
    /** How long requests interrupted at the deadline get to answer before the drain ends anyway. */
    static final long AFTER_DEADLINE_MS = 1000;

    private final AutoLock lock = new AutoLock();
    private volatile boolean draining;
    private CompletableFuture<Void> drained;
    private CompletableFuture<Void> bounded;
    private long deadline;

    /**
     * Admits a request, or answers 503 if the webapp is stopping.
     *
     * @param groups the webapp, for the refusal's {@code Retry-After} and its counting
     * @return whether the request was admitted; if not, the callback has been completed
     */
    boolean admit(Request request, Response response, Callback callback, WebappGroups groups)
    {
        inFlight.increment();
        if (draining)
        {
            completed();
            groups.countDrainingRejection();
            RequestLogFields.refused(request, RequestLogFields.DRAINING);
            ServiceUnavailable.send(response, callback, new Refusal("webapp " + groups.contextPath() + " is stopping", groups.retryAfter()));
            return false;
        }
        Request.addCompletionListener(request, requestCompleted);
        return true;
    }

    private void completed()
    {
        inFlight.decrement();
        // Only a draining webapp needs to know when the count reaches zero.
        if (draining && inFlight.sum() == 0)
        {
            CompletableFuture<Void> d;
            try (AutoLock ignored = lock.lock())
            {
                d = drained;
            }
            if (d != null)
                d.complete(null);
        }
    }

    /**
     * Stops admitting requests and starts the stopping deadline, once; later calls return the
     * same future.
     *
     * @param budget the whole stopping sequence's budget ({@code interlock.drain-timeout})
     * @param name the webapp, for the watching thread's name
     * @param atDeadline what to do if requests are still in flight at the deadline; runs once, on
     * a daemon thread of the drain's
     * @return completed when no request is in flight any more, or a moment after the deadline
     */
    CompletableFuture<Void> shutdown(Duration budget, String name, Runnable atDeadline)
    {
        CompletableFuture<Void> d;
        CompletableFuture<Void> b;
        boolean first = false;
        try (AutoLock ignored = lock.lock())
        {
            if (drained == null)
            {
                deadline = System.nanoTime() + budget.toNanos();
                drained = new CompletableFuture<>();
                bounded = new CompletableFuture<>();
                draining = true;
                first = true;
            }
            d = drained;
            b = bounded;
        }
        if (inFlight.sum() == 0)
            d.complete(null);
        if (first)
        {
            d.whenComplete((r, x) -> b.complete(null));
            long until = deadline;
            Thread watch = new Thread(() -> watch(d, b, until, atDeadline), "interlock-drain-" + name);
            watch.setDaemon(true);
            watch.start();
        }
        return b;
    }

    private static void watch(CompletableFuture<Void> drained, CompletableFuture<Void> bounded, long deadline, Runnable atDeadline)
    {
        try
        {
            drained.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException x)
        {
            atDeadline.run();
            try
            {
                drained.get(AFTER_DEADLINE_MS, TimeUnit.MILLISECONDS);
            }
            catch (TimeoutException | ExecutionException | InterruptedException stillRunning)
            {
                // The drain ends all the same: what is left is reported by the deadline action.
            }
        }
        catch (ExecutionException | InterruptedException x)
        {
            // Nothing completes it exceptionally; a JVM going down interrupts: end the drain.
        }
        bounded.complete(null);
    }

    /**
     * @return the {@link System#nanoTime()} deadline of the stopping sequence, set by {@link #shutdown}
     */
    long deadline()
    {
        try (AutoLock ignored = lock.lock())
        {
            return deadline;
        }
    }

    boolean isDraining()
    {
        return draining;
    }

    long inFlight()
    {
        return inFlight.sum();
    }

    /** Admits requests again: the next start of the webapp. */
    void reset()
    {
        try (AutoLock ignored = lock.lock())
        {
            draining = false;
            drained = null;
            bounded = null;
        }
    }
}
