package dev.interlock.distribution;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;

/**
 * A steady load of real HTTP requests: a fixed number of clients, each sending one {@code GET}
 * after the other on Jetty's {@link HttpClient} until stopped, and the count of each outcome.
 * A request is answered correctly when its status is 200 and its body passes the check; anything
 * else (another status, a wrong body, a timeout, a reset connection) is counted as answered
 * otherwise, and the first few are kept to be shown. Bounded: each request times out after 30 s,
 * and each client stops by itself after {@code maxRun}.
 */
final class SteadyLoad implements AutoCloseable
{
    private static final int KEPT = 20;

    private final HttpClient client;
    private final URI uri;
    private final Predicate<String> correct;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong otherwise = new AtomicLong();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final List<Thread> clients = new ArrayList<>();

    /**
     * Starts the load.
     *
     * @param client the HTTP client, started
     * @param uri what every request asks for
     * @param clients how many clients send at once
     * @param correct whether a 200's body is the right answer
     * @param maxRun the longest the load runs if nobody stops it
     */
    SteadyLoad(HttpClient client, URI uri, int clients, Predicate<String> correct, java.time.Duration maxRun)
    {
        this.client = client;
        this.uri = uri;
        this.correct = correct;
        long end = System.nanoTime() + maxRun.toNanos();
        for (int i = 0; i < clients; i++)
        {
            Thread t = new Thread(() -> run(end), "steady-load-" + i);
            t.setDaemon(true);
            this.clients.add(t);
            t.start();
        }
    }

    private void run(long end)
    {
        while (running.get() && System.nanoTime() < end)
        {
            sent.incrementAndGet();
            String failure;
            try
            {
                ContentResponse response = client.newRequest(uri).timeout(30, TimeUnit.SECONDS).send();
                String body = response.getContentAsString();
                if (response.getStatus() == 200 && correct.test(body))
                {
                    ok.incrementAndGet();
                    continue;
                }
                failure = response.getStatus() + " " + body.strip().lines().findFirst().orElse("");
            }
            catch (InterruptedException x)
            {
                Thread.currentThread().interrupt();
                failure = "interrupted";
            }
            catch (Exception x)
            {
                failure = String.valueOf(x);
            }
            otherwise.incrementAndGet();
            if (failures.size() < KEPT)
                failures.add(failure);
        }
    }

    /**
     * @return requests answered correctly so far
     */
    long ok()
    {
        return ok.get();
    }

    /**
     * @return requests answered otherwise so far
     */
    long otherwise()
    {
        return otherwise.get();
    }

    /**
     * Stops the clients after their current request and waits for them (at most 60 s).
     *
     * @return the counts
     */
    Counts stop() throws InterruptedException
    {
        running.set(false);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (Thread t : clients)
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        for (Thread t : clients)
        {
            if (t.isAlive())
                throw new IllegalStateException("a load client did not stop: " + t.getName());
        }
        return new Counts(sent.get(), ok.get(), otherwise.get(), List.copyOf(failures));
    }

    @Override
    public void close() throws InterruptedException
    {
        running.set(false);
        for (Thread t : clients)
            t.join(TimeUnit.SECONDS.toMillis(60));
    }

    /**
     * @param sent requests sent
     * @param ok answered 200 with the right body
     * @param otherwise answered otherwise, or not at all
     * @param failures the first few of those
     */
    record Counts(long sent, long ok, long otherwise, List<String> failures)
    {
        @Override
        public String toString()
        {
            return "sent " + sent + ", answered 200 " + ok + ", answered otherwise " + otherwise + (failures.isEmpty() ? "" : " " + failures);
        }
    }
}
