package dev.interlock.express.compare;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;

/**
 * Whether a WAR's answers stayed correct under a discipline, for a WAR that counts something:
 * the racy counter's {@code GET /count} should grow by one for every {@code POST /increment}
 * it answered with 2xx.
 *
 * <p>The rule: the number {@code --check} answers is read with no load running just before the
 * measured run (after {@code --reset}, if given) and just after it; <em>actual</em> is the
 * difference. <em>Expected</em> is the number of 2xx answers, during the measured run, to the
 * calls of the mix that {@code --expect-per} names (by path, and by method if it gives one).
 * Lost updates are expected minus actual; the answers are correct when the two are equal. An
 * actual above expected means the WAR counted requests the load did not see answered (one that
 * timed out on the client but ran on the server, or other clients).</p>
 *
 * <p>Immutable; {@link #read} and {@link #reset} block the calling thread for at most
 * {@link ClosedLoop#REQUEST_TIMEOUT}.</p>
 */
public final class CounterCheck
{
    /**
     * The counts of one run.
     *
     * @param before the number read before the run
     * @param after the number read after it
     * @param expected the 2xx answers to the counted calls
     */
    public record Result(long before, long after, long expected)
    {
        /** @return how much the number grew over the run */
        public long actual()
        {
            return after - before;
        }

        /** @return expected minus actual, if positive: the updates the WAR lost */
        public long lost()
        {
            return Math.max(0, expected - actual());
        }

        /** @return actual minus expected, if positive */
        public long extra()
        {
            return Math.max(0, actual() - expected);
        }

        public boolean correct()
        {
            return actual() == expected;
        }
    }

    private final Call read;
    private final List<String> expectPer;
    private final List<Integer> counted;
    private final Call reset;

    private CounterCheck(Call read, List<String> expectPer, List<Integer> counted, Call reset)
    {
        this.read = read;
        this.expectPer = List.copyOf(expectPer);
        this.counted = List.copyOf(counted);
        this.reset = reset;
    }

    /**
     * @param check {@code --check [METHOD ]PATH} (GET if no method)
     * @param expectPer {@code --expect-per [METHOD ]PATH}, at least one, each matching a call of the mix
     * @param reset {@code --reset [METHOD ]PATH} (POST if no method), or {@code null}
     * @param mix the calls the load sends
     * @throws IllegalArgumentException naming the option, the value and what is allowed
     */
    public static CounterCheck of(String check, List<String> expectPer, String reset, RequestMix mix)
    {
        Call read = parse("--check", check, "GET");
        Call resetCall = reset == null ? null : parse("--reset", reset, "POST");
        if (expectPer.isEmpty())
            throw new IllegalArgumentException("--check " + check + " needs --expect-per PATH, the call of the mix that adds one to it " +
                "(for the legacy-counter sample: --check /count --expect-per /increment)");
        List<Integer> counted = new ArrayList<>();
        for (String spec : expectPer)
        {
            Call pattern = parse("--expect-per", spec, "ANY");
            boolean anyMethod = spec.strip().split("\\s+").length == 1;
            boolean found = false;
            for (int i = 0; i < mix.entries().size(); i++)
            {
                Call c = mix.entries().get(i).call();
                if (c.path().equals(pattern.path()) && (anyMethod || c.method().equals(pattern.method())))
                {
                    found = true;
                    if (!counted.contains(i))
                        counted.add(i);
                }
            }
            if (!found)
                throw new IllegalArgumentException("--expect-per " + spec + " matches no call of the request mix (" + mix + ")");
        }
        return new CounterCheck(read, expectPer, counted, resetCall);
    }

    private static Call parse(String option, String value, String defaultMethod)
    {
        try
        {
            return Call.parse(value, defaultMethod);
        }
        catch (IllegalArgumentException x)
        {
            throw new IllegalArgumentException(option + " " + x.getMessage(), x);
        }
    }

    /** @return the call whose answer is the number */
    public Call check()
    {
        return read;
    }

    /** @return what {@code --expect-per} said, as given */
    public List<String> expectPer()
    {
        return expectPer;
    }

    /** @return the call made before each run, or {@code null} */
    public Call reset()
    {
        return reset;
    }

    /** @return the rule in one line, e.g. {@code GET /count grows by 1 per 2xx answer to POST /increment} */
    public String rule(RequestMix mix)
    {
        List<String> calls = new ArrayList<>();
        for (int i : counted)
            calls.add(mix.entries().get(i).call().toString());
        return read + " grows by 1 per 2xx answer to " + String.join(" or ", calls);
    }

    /** @return the 2xx answers, in {@code load}, to the calls {@code --expect-per} names */
    public long expected(LoadResult load)
    {
        long n = 0;
        for (int i : counted)
            n += load.calls().get(i).ok();
        return n;
    }

    /**
     * @param base the mount's root, {@code http://127.0.0.1:PORT/free}
     * @return the number the check call answers
     * @throws RunFailure if it answers no number, not 2xx, or not at all
     */
    public long read(HttpClient client, String base) throws RunFailure, InterruptedException
    {
        ContentResponse answer = send(client, base, read, "--check");
        String body = answer.getContentAsString().strip();
        if (answer.getStatus() / 100 != 2)
            throw new RunFailure("--check " + read + " on " + base + " answered " + answer.getStatus() + ", not 2xx and a number: " + excerpt(body));
        try
        {
            return Long.parseLong(body);
        }
        catch (NumberFormatException x)
        {
            throw new RunFailure("--check " + read + " on " + base + " answered " + excerpt(body) + ", not a whole number");
        }
    }

    /**
     * Makes the reset call, if there is one.
     *
     * @throws RunFailure if it does not answer 2xx
     */
    public void reset(HttpClient client, String base) throws RunFailure, InterruptedException
    {
        if (reset == null)
            return;
        ContentResponse answer = send(client, base, reset, "--reset");
        if (answer.getStatus() / 100 != 2)
            throw new RunFailure("--reset " + reset + " on " + base + " answered " + answer.getStatus() + ", not 2xx: " +
                excerpt(answer.getContentAsString().strip()));
    }

    private static ContentResponse send(HttpClient client, String base, Call call, String option) throws RunFailure, InterruptedException
    {
        try
        {
            return client.newRequest(URI.create(base + call.path()))
                .method(call.method())
                .timeout(ClosedLoop.REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .send();
        }
        catch (TimeoutException | ExecutionException x)
        {
            Throwable why = x instanceof ExecutionException && x.getCause() != null ? x.getCause() : x;
            throw new RunFailure(option + " " + call + " on " + base + " got no answer: " + why);
        }
    }

    /** @return the start of an answer, quoted, on one line */
    private static String excerpt(String body)
    {
        String line = body.replaceAll("\\s+", " ");
        return "'" + (line.length() > 80 ? line.substring(0, 80) + "..." : line) + "'";
    }
}
