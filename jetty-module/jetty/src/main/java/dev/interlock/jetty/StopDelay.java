package dev.interlock.jetty;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.interlock.options.Settings;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The beginning of a server stop, before Jetty's graceful phase ({@code interlock.stop-delay}):
 * readiness turns to 503 at once (the server is STOPPING from this event on); then, for the delay, the server goes on serving exactly as
 * before (connectors accept, webapps answer), so that load balancers polling the readiness
 * endpoint take it out while it still answers whatever they send meanwhile; then Jetty's stop goes
 * on: its graceful phase (connectors stop accepting, webapps drain), then the teardown.
 *
 * <p>Jetty's {@code Server.doStop} waits for the graceful phase up to the server's stop timeout
 * ({@code jetty.server.stopTimeout}, {@code Server.setStopTimeout}); the delay runs before it, in
 * the server's {@code lifeCycleStopping} event, on the thread that stops the server (in jetty-home,
 * the JVM's shutdown hook on SIGTERM; never a thread of Jetty's pool). So that the whole stop stays
 * within the stop timeout, the delay counts against it: it lasts at most the stop timeout, and
 * for the rest of that stop the server's stop timeout is what is left of it (at least 1 ms); it
 * is set back once the server has stopped. Without a stop timeout (0: no graceful phase) there is
 * no delay.</p>
 */
final class StopDelay
{
    private static final Logger LOG = LoggerFactory.getLogger(StopDelay.class);

    private final Server server;
    private volatile boolean stopping;
    // The server's own stop timeout while a shortened one is in force, else -1. Written and read
    // on the thread that stops the server (the lifecycle events of one stop).
    private volatile long ownStopTimeout = -1;

    StopDelay(Server server)
    {
        this.server = server;
    }

    /**
     * @return whether a server stop has begun since the engine last started (a stop that failed
     * included, when the server is no longer STOPPING)
     */
    boolean isStopping()
    {
        return stopping;
    }

    /** The engine starts: readiness may say ready again. */
    void reset()
    {
        stopping = false;
    }

    /**
     * The server begins to stop (it is STOPPING: readiness answers 503), then the delay. Blocks the calling
     * thread, the one stopping the server, for the delay; an interrupt ends the delay at once
     * (the interrupt stays set, for the rest of the stop to see).
     *
     * @param delay {@code interlock.stop-delay}
     */
    void serverStopping(Duration delay)
    {
        stopping = true;
        long stopTimeout = server.getStopTimeout();
        if (delay.isZero() || stopTimeout <= 0)
            return;
        long stopTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(stopTimeout);
        long waitNanos = Math.min(delay.toNanos(), stopTimeoutNanos);
        LOG.info("Interlock: server stopping: readiness answers 503; serving as before for interlock.stop-delay={}{} so that load balancers take this server out, then draining",
            Settings.STOP_DELAY.text(delay), waitNanos < delay.toNanos() ? " (cut to the server's stop timeout of " + stopTimeout + " ms)" : "");
        long start = System.nanoTime();
        long end = start + waitNanos;
        try
        {
            for (long left = waitNanos; left > 0; left = end - System.nanoTime())
                TimeUnit.NANOSECONDS.sleep(left);
        }
        catch (InterruptedException x)
        {
            // Whoever interrupts a stop wants it over sooner: the delay ends; Jetty's graceful
            // phase sees the interrupt too.
            Thread.currentThread().interrupt();
            LOG.info("Interlock: interrupted during interlock.stop-delay; stopping now");
        }
        long used = System.nanoTime() - start;
        ownStopTimeout = stopTimeout;
        server.setStopTimeout(Math.max(1, TimeUnit.NANOSECONDS.toMillis(stopTimeoutNanos - used)));
    }

    /** The server has stopped, or failed to: its own stop timeout is back. */
    void serverStopped()
    {
        long own = ownStopTimeout;
        ownStopTimeout = -1;
        if (own >= 0)
            server.setStopTimeout(own);
    }
}
