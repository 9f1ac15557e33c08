package dev.interlock.jetty;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import dev.interlock.group.Refusal;
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
 */
final class Drain
{
    private final LongAdder inFlight = new LongAdder();
    // One listener for every request: admitting a request allocates nothing of ours.
    private final Consumer<Throwable> requestCompleted = failure -> completed();
    private final AutoLock lock = new AutoLock();
    private volatile boolean draining;
    private CompletableFuture<Void> drained;
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
     * @return completed when no request is in flight any more
     */
    CompletableFuture<Void> shutdown(Duration budget)
    {
        CompletableFuture<Void> d;
        try (AutoLock ignored = lock.lock())
        {
            if (drained == null)
            {
                deadline = System.nanoTime() + budget.toNanos();
                drained = new CompletableFuture<>();
                draining = true;
            }
            d = drained;
        }
        if (inFlight.sum() == 0)
            d.complete(null);
        return d;
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
        }
    }
}
