package dev.interlock.benchmarks.load;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

    /**
     * One client of a {@linkplain #measure windowed run}.
     *
     * @param series the series its figures go to (e.g. {@code io} and {@code cpu} in the convoy
     * benchmark)
     * @param uri what it calls, over and over
     * @param bodyPrefix how every good answer begins (with status 200)
     */
    record Target(String series, URI uri, String bodyPrefix)
    {
    }

    /**
     * What one series of clients measured.
     *
     * @param clients how many clients the series had
     * @param completedInWindow requests that completed within the measurement window: the
     * throughput is this over the window
     * @param measured requests sent within the window (their latencies are the histogram)
     * @param errors failed requests or unexpected answers, at any time of the run
     * @param completed every request that completed successfully, warm-up and tail included
     * @param windowNanos the length of the window
     * @param latencyMicros latencies of the requests sent within the window, in microseconds
     */
    record Series(String series, int clients, long completedInWindow, long measured, long errors, long completed,
                  long windowNanos, Histogram latencyMicros)
    {
        double throughput()
        {
            return windowNanos <= 0 ? 0 : completedInWindow * 1e9 / windowNanos;
        }
    }

    /**
     * What a windowed run measured.
     *
     * @param series per series, in the order their clients were first given
     * @param drained whether every client stopped within the bounds
     */
    record Window(Map<String, Series> series, boolean drained)
    {
        Series get(String name)
        {
            Series s = series.get(name);
            if (s == null)
                throw new IllegalArgumentException("no series " + name + " in " + series.keySet());
            return s;
        }
    }

    /**
     * A steady-state run: every client loops from the start, the first {@code warmupSeconds}
     * are excluded, then a window of {@code measureSeconds} is measured without stopping the
     * load, so the window sees neither the ramp-up nor the drain.
     *
     * <ul>
     * <li>throughput: requests that <em>completed</em> within the window, over its length;</li>
     * <li>latency: every request <em>sent</em> within the window, however long it takes. The
     * clients go on sending (unmeasured) requests after the window until every measured request
     * has completed, so the last measured ones see the same load as the first.</li>
     * </ul>
     *
     * <p>Bounded: no request is sent later than {@link #DRAIN_SECONDS} after the window, nor
     * more than {@link #MAX_REQUESTS} in all; each request times out after
     * {@link #REQUEST_TIMEOUT_SECONDS}; a client whose request fails stops.</p>
     */
    Window measure(List<Target> clients, double warmupSeconds, double measureSeconds) throws InterruptedException
    {
        Map<String, SeriesState> states = new LinkedHashMap<>();
        for (Target c : clients)
            states.computeIfAbsent(c.series(), k -> new SeriesState()).clients++;
        AtomicLong issued = new AtomicLong();
        AtomicInteger outstandingMeasured = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(clients.size());
        long start = System.nanoTime();
        long windowStart = start + (long)(warmupSeconds * 1e9);
        long windowEnd = windowStart + (long)(measureSeconds * 1e9);
        long lastSend = windowEnd + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS);
        Loop loop = new Loop(windowStart, windowEnd, lastSend, issued, outstandingMeasured, done);
        for (Target c : clients)
            loop.next(c, states.get(c.series()));
        long waitNanos = lastSend - System.nanoTime() + TimeUnit.SECONDS.toNanos(REQUEST_TIMEOUT_SECONDS + 5);
        boolean drained = done.await(waitNanos, TimeUnit.NANOSECONDS);
        Map<String, Series> series = new LinkedHashMap<>();
        states.forEach((name, st) -> series.put(name, new Series(name, st.clients, st.completedInWindow.sum(),
            st.measured.sum(), st.errors.sum(), st.completed.sum(), windowEnd - windowStart, st.recorder.getIntervalHistogram())));
        return new Window(series, drained);
    }

    private static final class SeriesState
    {
        private final Recorder recorder = new Recorder(3);
        private final LongAdder completedInWindow = new LongAdder();
        private final LongAdder measured = new LongAdder();
        private final LongAdder errors = new LongAdder();
        private final LongAdder completed = new LongAdder();
        private int clients;
    }

    private final class Loop
    {
        private final long windowStart;
        private final long windowEnd;
        private final long lastSend;
        private final AtomicLong issued;
        private final AtomicInteger outstandingMeasured;
        private final CountDownLatch done;

        private Loop(long windowStart, long windowEnd, long lastSend, AtomicLong issued, AtomicInteger outstandingMeasured, CountDownLatch done)
        {
            this.windowStart = windowStart;
            this.windowEnd = windowEnd;
            this.lastSend = lastSend;
            this.issued = issued;
            this.outstandingMeasured = outstandingMeasured;
            this.done = done;
        }

        void next(Target c, SeriesState st)
        {
            long sent = System.nanoTime();
            // After the window, keep the load on only while measured requests are in flight.
            if (sent - lastSend >= 0 || issued.incrementAndGet() > MAX_REQUESTS ||
                (sent - windowEnd >= 0 && outstandingMeasured.get() == 0))
            {
                done.countDown();
                return;
            }
            boolean measured = sent - windowStart >= 0 && sent - windowEnd < 0;
            if (measured)
                outstandingMeasured.incrementAndGet();
            client.newRequest(c.uri())
                .timeout(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .send(new BufferingResponseListener(4096)
                {
                    @Override
                    public void onComplete(Result result)
                    {
                        long now = System.nanoTime();
                        boolean good = result.isSucceeded() && result.getResponse().getStatus() == 200 &&
                            getContentAsString(StandardCharsets.UTF_8).startsWith(c.bodyPrefix());
                        if (measured)
                        {
                            if (good)
                            {
                                st.recorder.recordValue(Math.max(1, (now - sent) / 1000));
                                st.measured.increment();
                            }
                            outstandingMeasured.decrementAndGet();
                        }
                        if (!good)
                        {
                            st.errors.increment();
                            done.countDown();
                            return;
                        }
                        st.completed.increment();
                        if (now - windowStart >= 0 && now - windowEnd < 0)
                            st.completedInWindow.increment();
                        next(c, st);
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
