package dev.interlock.express.compare;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Recorder;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A closed-loop load on one Jetty {@link HttpClient}: a fixed number of clients, each with
 * exactly one request outstanding, sending its next one when the last is answered, so that the
 * server, not the load generator, sets the pace. The calls follow the {@link RequestMix}'s order,
 * shared by all clients.
 *
 * <p>Bounded: no request is sent after the run's end, every request times out after
 * {@link #REQUEST_TIMEOUT}, and the wait for the last answers ends {@link #DRAIN_MARGIN} after
 * that. A client whose request gets no answer stops for the rest of the run, so that a refused
 * connection cannot turn into a tight loop; answers with any status keep it going.</p>
 *
 * <p>One run at a time: {@link #run} is called by one thread, and blocks until the run ends.</p>
 */
public final class ClosedLoop implements AutoCloseable
{
    /** The client's threads are named after it, so that a leak check can find them. */
    public static final String THREAD_POOL_NAME = "compare-client";
    /** The longest a request may take; longer is a failure. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** How long after the last request's timeout a run waits for its clients to stop. */
    public static final Duration DRAIN_MARGIN = Duration.ofSeconds(5);

    private final HttpClient client;
    private final int clients;

    /**
     * Starts the HTTP client.
     *
     * @param clients how many requests each run keeps outstanding, at least 1
     */
    public ClosedLoop(int clients) throws Exception
    {
        if (clients < 1)
            throw new IllegalArgumentException("clients must be at least 1, not " + clients);
        this.clients = clients;
        QueuedThreadPool pool = new QueuedThreadPool();
        pool.setName(THREAD_POOL_NAME);
        client = new HttpClient();
        client.setExecutor(pool);
        // One connection per client and room to spare: a connection never has to wait for another.
        client.setMaxConnectionsPerDestination(Math.max(64, 2 * clients));
        client.setFollowRedirects(false);
        client.start();
    }

    /** @return the client the runs use, for single requests (the check, the reset) between them */
    public HttpClient client()
    {
        return client;
    }

    /**
     * Sends the mix to {@code base} for {@code duration} and waits for the last answer.
     *
     * @param base the mount's root, {@code http://127.0.0.1:PORT/free}; each call's path is appended
     * @return what the run measured
     * @throws RunFailure if the clients have not all stopped by the end plus
     * {@link #REQUEST_TIMEOUT} plus {@link #DRAIN_MARGIN}
     * @throws InterruptedException if interrupted while waiting; the requests still in flight
     * time out on their own
     */
    public LoadResult run(String base, RequestMix mix, Duration duration) throws InterruptedException, RunFailure
    {
        List<RequestMix.Entry> entries = mix.entries();
        List<URI> targets = new ArrayList<>();
        for (RequestMix.Entry e : entries)
            targets.add(URI.create(base + e.call().path()));
        Run run = new Run(mix, targets, System.nanoTime() + duration.toNanos());
        for (int i = 0; i < clients; i++)
            run.next();
        long bound = duration.plus(REQUEST_TIMEOUT).plus(DRAIN_MARGIN).toNanos();
        if (!run.done.await(bound, TimeUnit.NANOSECONDS))
            throw new RunFailure("the load on " + base + " did not stop within " + Duration.ofNanos(bound).toSeconds() +
                " s: " + run.done.getCount() + " of " + clients + " clients still wait for an answer");
        long elapsed = run.lastAnswer.get() - run.start;
        List<LoadResult.CallCounts> counts = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++)
            counts.add(new LoadResult.CallCounts(entries.get(i).call(), run.ok[i].sum(), run.non2xx[i].sum(), run.failures[i].sum()));
        SortedMap<Integer, Long> statuses = new TreeMap<>();
        run.statuses.forEach((status, n) -> statuses.put(status, n.sum()));
        return new LoadResult(Math.max(0, elapsed), counts, run.recorder.getIntervalHistogram(), statuses, run.firstFailure.get());
    }

    /** The state of one run, shared by its clients' callbacks. */
    private final class Run
    {
        private final RequestMix mix;
        private final List<URI> targets;
        private final long end;
        private final long start = System.nanoTime();
        private final AtomicLong lastAnswer = new AtomicLong(start);
        private final AtomicLong tickets = new AtomicLong();
        private final Recorder recorder = new Recorder(3);
        private final LongAdder[] ok;
        private final LongAdder[] non2xx;
        private final LongAdder[] failures;
        private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        private final AtomicReference<String> firstFailure = new AtomicReference<>();
        private final CountDownLatch done = new CountDownLatch(clients);

        private Run(RequestMix mix, List<URI> targets, long end)
        {
            this.mix = mix;
            this.targets = targets;
            this.end = end;
            ok = adders(targets.size());
            non2xx = adders(targets.size());
            failures = adders(targets.size());
        }

        /** Sends a client's next request, or ends the client if the run is over. */
        private void next()
        {
            long sent = System.nanoTime();
            if (sent - end >= 0)
            {
                done.countDown();
                return;
            }
            int index = mix.indexAt(tickets.getAndIncrement());
            // The answer's content is not needed: with no content listener, Jetty's client reads and drops it.
            client.newRequest(targets.get(index))
                .method(mix.entries().get(index).call().method())
                .timeout(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .send(result -> answered(index, sent, result));
        }

        private void answered(int index, long sent, Result result)
        {
            long now = System.nanoTime();
            lastAnswer.accumulateAndGet(now, (a, b) -> b - a > 0 ? b : a);
            if (result.isFailed())
            {
                failures[index].increment();
                firstFailure.compareAndSet(null, mix.entries().get(index).call() + ": " + result.getFailure());
                done.countDown();
                return;
            }
            int status = result.getResponse().getStatus();
            if (status >= 200 && status < 300)
            {
                ok[index].increment();
                recorder.recordValue(Math.max(1, (now - sent) / 1000));
            }
            else
            {
                non2xx[index].increment();
                statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
            }
            next();
        }
    }

    private static LongAdder[] adders(int n)
    {
        LongAdder[] adders = new LongAdder[n];
        for (int i = 0; i < n; i++)
            adders[i] = new LongAdder();
        return adders;
    }

    /** Stops the client and its threads; requests still in flight are aborted. */
    @Override
    public void close() throws Exception
    {
        client.stop();
    }
}
