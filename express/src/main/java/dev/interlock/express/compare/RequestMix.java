package dev.interlock.express.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The calls a comparison sends, each with a weight, in a fixed, interleaved order: a mix of
 * {@code POST /increment} weight 3 and {@code GET /count} weight 1 sends three increments for
 * every count, spread out ({@code I I C I}, repeated), whatever the number of clients. Every
 * discipline gets the same order.
 *
 * <p>Immutable, and safe to share between the clients' threads.</p>
 */
public final class RequestMix
{
    /** The most calls a mix may hold. */
    public static final int MAX_CALLS = 1000;
    /** The largest weight of one call. */
    public static final int MAX_WEIGHT = 1000;
    /** The largest sum of the weights: one round of the mix is that many requests. */
    public static final int MAX_TOTAL_WEIGHT = 10_000;

    /**
     * One call of the mix and its share.
     *
     * @param call what is sent
     * @param weight how many times it is sent in each round of the mix, 1 to {@value #MAX_WEIGHT}
     */
    public record Entry(Call call, int weight)
    {
        public Entry
        {
            if (weight < 1 || weight > MAX_WEIGHT)
                throw new IllegalArgumentException("the weight of " + call + " must be from 1 to " + MAX_WEIGHT + ", not " + weight);
        }
    }

    private final List<Entry> entries;
    /** One round of the mix: indexes into {@link #entries}, each as often as its weight. */
    private final int[] schedule;

    private RequestMix(List<Entry> entries)
    {
        this.entries = List.copyOf(entries);
        this.schedule = interleave(this.entries);
    }

    /**
     * @param entries the calls and their weights, in the user's order
     * @throws IllegalArgumentException if there is none, more than {@value #MAX_CALLS}, or
     * weights adding up to more than {@value #MAX_TOTAL_WEIGHT}
     */
    public static RequestMix of(List<Entry> entries)
    {
        if (entries.isEmpty())
            throw new IllegalArgumentException("the request mix is empty: give --url PATH or --requests FILE");
        if (entries.size() > MAX_CALLS)
            throw new IllegalArgumentException("the request mix has " + entries.size() + " calls; at most " + MAX_CALLS + " are allowed");
        int total = entries.stream().mapToInt(Entry::weight).sum();
        if (total > MAX_TOTAL_WEIGHT)
            throw new IllegalArgumentException("the weights of the request mix add up to " + total + "; at most " + MAX_TOTAL_WEIGHT +
                " are allowed (only their ratios matter: divide them)");
        return new RequestMix(entries);
    }

    /**
     * Reads a requests file: one call a line, {@code METHOD PATH [WEIGHT]} (weight 1 if left out),
     * {@code #} starting a comment that runs to the end of the line; blank lines skipped.
     *
     * @param lines the file's lines
     * @param source the file's name, for messages
     * @return its calls, in file order
     * @throws IllegalArgumentException naming the file, the line and what is wrong
     */
    public static List<Entry> parse(List<String> lines, String source)
    {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++)
        {
            String line = lines.get(i);
            // A path never holds a '#' (a fragment is not sent over HTTP): all after one is a comment.
            int hash = line.indexOf('#');
            line = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (line.isEmpty())
                continue;
            String where = source + " line " + (i + 1) + ": ";
            String[] words = line.split("\\s+");
            if (words.length < 2 || words.length > 3)
                throw new IllegalArgumentException(where + "'" + line + "' must be METHOD PATH [WEIGHT], such as 'POST /increment 3'");
            int weight = 1;
            if (words.length == 3)
            {
                try
                {
                    weight = Integer.parseInt(words[2]);
                }
                catch (NumberFormatException x)
                {
                    throw new IllegalArgumentException(where + "the weight '" + words[2] + "' is not a whole number from 1 to " + MAX_WEIGHT);
                }
            }
            try
            {
                entries.add(new Entry(new Call(words[0], words[1]), weight));
            }
            catch (IllegalArgumentException x)
            {
                throw new IllegalArgumentException(where + x.getMessage(), x);
            }
        }
        if (entries.isEmpty())
            throw new IllegalArgumentException(source + ": no request in it (one a line: METHOD PATH [WEIGHT]; # starts a comment)");
        return entries;
    }

    public List<Entry> entries()
    {
        return entries;
    }

    /**
     * @param ticket a running number, one per request sent, from 0
     * @return the index in {@link #entries()} of the call to send for it
     */
    public int indexAt(long ticket)
    {
        return schedule[(int)Math.floorMod(ticket, (long)schedule.length)];
    }

    /**
     * Smooth weighted round robin (as nginx balances upstreams): each step, every entry gains its
     * weight, the richest is chosen and pays the total. Heavy entries come often, light ones
     * evenly in between, never all in one burst.
     */
    private static int[] interleave(List<Entry> entries)
    {
        int total = entries.stream().mapToInt(Entry::weight).sum();
        int[] schedule = new int[total];
        long[] current = new long[entries.size()];
        for (int step = 0; step < total; step++)
        {
            int best = 0;
            for (int i = 0; i < entries.size(); i++)
            {
                current[i] += entries.get(i).weight();
                if (current[i] > current[best])
                    best = i;
            }
            current[best] -= total;
            schedule[step] = best;
        }
        return schedule;
    }

    /** @return {@code POST /increment x3, GET /count} */
    @Override
    public String toString()
    {
        return entries.stream().map(e -> e.call() + (e.weight() == 1 ? "" : " x" + e.weight())).collect(Collectors.joining(", "));
    }
}
