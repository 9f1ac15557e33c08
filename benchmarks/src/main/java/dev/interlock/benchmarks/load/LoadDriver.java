package dev.interlock.benchmarks.load;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A closed-loop load generator on Jetty's {@link HttpClient}: a fixed number of clients, each
 * with exactly one request outstanding, sending the next one from the completion of the last.
 * Non-blocking, so the client side needs no thread per client on a small machine.
 *
 * <p>Bounded: a phase stops issuing requests at its end time or after {@link #MAX_REQUESTS}
 * requests, every request has a timeout, and waiting for the phase to drain is bounded too. A
 * client whose request fails stops for the rest of the phase (so a failure cannot turn into a
 * tight retry loop); failures are counted and reported.</p>
 */
final class LoadDriver
{
    /** Named so that a leak check can find them. */
    static final String THREAD_POOL_NAME = "bench-client";
    /** Upper bound of requests in one phase, whatever the duration. */
    static final long MAX_REQUESTS = 20_000_000L;
    static final long REQUEST_TIMEOUT_SECONDS = 10;
    /** How long past its end a phase may take to drain before it is declared stuck. */
    static final long DRAIN_SECONDS = 30;

    private final HttpClient client;

    LoadDriver(int clients) throws Exception
    {
        QueuedThreadPool pool = new QueuedThreadPool();
        pool.setName(THREAD_POOL_NAME);
        client = new HttpClient();
        client.setExecutor(pool);
        client.setMaxConnectionsPerDestination(Math.max(64, 2 * clients));
        client.setFollowRedirects(false);
        client.start();
    }

    /** What one phase measured. */
    record Phase(long requests, long errors, long elapsedNanos, Histogram latencyMicros, boolean drained)
    {
        double throughput()
        {
            return elapsedNanos <= 0 ? 0 : requests * 1e9 / elapsedNanos;
        }
    }

    /**
     * Runs one phase: {@code targets.size()} clients, client {@code i} calling
     * {@code targets.get(i)}, for {@code seconds}.
     */
    Phase run(List<URI> targets, double seconds) throws InterruptedException
    {
        int clients = targets.size();
        Recorder recorder = new Recorder(3);
        LongAdder ok = new LongAdder();
        LongAdder errors = new LongAdder();
        AtomicLong issued = new AtomicLong();
        CountDownLatch done = new CountDownLatch(clients);
        long start = System.nanoTime();
        long end = start + (long)(seconds * 1e9);
        for (int i = 0; i < clients; i++)
            new Client(targets.get(i), end, recorder, ok, errors, issued, done).next();
        boolean drained = done.await(TimeUnit.NANOSECONDS.toSeconds(end - System.nanoTime()) + DRAIN_SECONDS, TimeUnit.SECONDS);
        // The phase ends when the last client's last request has completed.
        long elapsed = System.nanoTime() - start;
        Histogram histogram = recorder.getIntervalHistogram();
        return new Phase(ok.sum(), errors.sum(), elapsed, histogram, drained);
    }

    private final class Client
    {
        private final URI uri;
        private final long end;
        private final Recorder recorder;
        private final LongAdder ok;
        private final LongAdder errors;
        private final AtomicLong issued;
        private final CountDownLatch done;

        private Client(URI uri, long end, Recorder recorder, LongAdder ok, LongAdder errors, AtomicLong issued,
                       CountDownLatch done)
        {
            this.uri = uri;
            this.end = end;
            this.recorder = recorder;
            this.ok = ok;
            this.errors = errors;
            this.issued = issued;
            this.done = done;
        }

        void next()
        {
            long sent = System.nanoTime();
            if (sent - end >= 0 || issued.incrementAndGet() > MAX_REQUESTS)
            {
                done.countDown();
                return;
            }
            client.newRequest(uri)
                .timeout(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .send(new BufferingResponseListener(1024)
                {
                    @Override
                    public void onComplete(Result result)
                    {
                        long now = System.nanoTime();
                        boolean good = result.isSucceeded() && result.getResponse().getStatus() == 200 &&
                            HelloServlet.BODY.equals(getContentAsString(StandardCharsets.UTF_8));
                        if (!good)
                        {
                            errors.increment();
                            done.countDown();
                            return;
                        }
                        recorder.recordValue(Math.max(1, (now - sent) / 1000));
                        ok.increment();
                        next();
                    }
                });
        }
    }

    /** Stops, and waits for its threads to end. */
    void stop() throws Exception
    {
        client.stop();
    }
}
