package dev.interlock.concurrency;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the requests inside one servlet or filter instance: how many now, the most at once
 * since it was initialised, and how many it has served ({@code interlock.detect-concurrency}).
 *
 * <p>A request is inside from its entry into the component's {@code service} or
 * {@code doFilter} until that returns or throws; a component entered again by the same thread
 * while inside (a filter mapped for {@code FORWARD} or {@code INCLUDE} too, a servlet including
 * itself) counts once, so that one request never looks like two. Called on request threads, any
 * number at once; never blocks. Entering costs a thread-local lookup and one atomic add, leaving
 * one atomic decrement: the requests inside now and those served share one {@code long}; a new
 * maximum, rare by nature, costs one more atomic update.</p>
 *
 * <p>Holds no reference to the component or its class, so a counter kept by a report never
 * keeps a stopped webapp's classloader.</p>
 */
public final class EntryCounter
{
    private static final ThreadLocal<Inside> INSIDE = ThreadLocal.withInitial(Inside::new);
    /**
     * The requests inside now are the low bits of {@link #state}: at most 2,097,151 at once, more
     * than any thread pool runs. The requests served are the high 43 bits: they wrap after 8.8 ×
     * 10<sup>12</sup> (almost three years of 100,000 a second into one component).
     */
    private static final int NOW_BITS = 21;
    private static final long NOW_MASK = (1L << NOW_BITS) - 1;
    /** One more inside, one more served. */
    private static final long ENTRY = (1L << NOW_BITS) + 1;

    private final String className;
    private final String kind;
    private final boolean watched;
    // (served << NOW_BITS) | inside now: one atomic operation each way.
    private final AtomicLong state = new AtomicLong();
    private final AtomicInteger max = new AtomicInteger();

    /**
     * @param className the component's class name
     * @param kind {@code servlet} or {@code filter}
     * @param watched whether the class is on the watch list ({@code interlock.detect-concurrency.watch})
     */
    public EntryCounter(String className, String kind, boolean watched)
    {
        this.className = className;
        this.kind = kind;
        this.watched = watched;
    }

    /**
     * Counts the calling thread in, unless it is inside already. Pass the result to
     * {@link #exit(Inside)} in a {@code finally} block on the same thread.
     *
     * @return what {@link #exit(Inside)} needs, or {@code null} if the thread was already
     * inside (nothing counted, nothing to undo)
     */
    public Inside enter()
    {
        Inside inside = INSIDE.get();
        if (!inside.push(this))
            return null;
        int n = (int)(state.addAndGet(ENTRY) & NOW_MASK);
        // A plain read first: the maximum changes rarely, and an update on every entry would
        // make every request write a shared cache line twice.
        if (n > max.get())
            max.accumulateAndGet(n, Math::max);
        return inside;
    }

    /**
     * Counts the calling thread out.
     *
     * @param inside what {@link #enter()} returned on this thread
     */
    public void exit(Inside inside)
    {
        if (inside == null)
            return;
        state.decrementAndGet();
        inside.pop(this);
    }

    /**
     * @return the component's class name
     */
    public String className()
    {
        return className;
    }

    /**
     * @return {@code servlet} or {@code filter}
     */
    public String kind()
    {
        return kind;
    }

    /**
     * @return whether its class is watched
     */
    public boolean watched()
    {
        return watched;
    }

    /**
     * @return the figures now, as one record
     */
    public ComponentConcurrency snapshot()
    {
        long s = state.get();
        return new ComponentConcurrency(className, kind, max.get(), (int)(s & NOW_MASK), s >>> NOW_BITS, watched);
    }

    @Override
    public String toString()
    {
        ComponentConcurrency c = snapshot();
        return String.format("EntryCounter{%s %s,now=%d,max=%d,requests=%d%s}", kind, className, c.active(), c.maxConcurrent(), c.requests(), watched ? ",watched" : "");
    }

    /**
     * The counters a thread is inside now, innermost last: what tells a re-entry from a second
     * request. Confined to its thread. Slots are cleared on the way out, so a pool thread keeps
     * no counter once it is done with a request.
     */
    public static final class Inside
    {
        private EntryCounter[] counters = new EntryCounter[4];
        private int depth;

        private Inside()
        {
        }

        /** @return whether {@code counter} was not entered yet on this thread (and is now) */
        private boolean push(EntryCounter counter)
        {
            for (int i = 0; i < depth; i++)
            {
                if (counters[i] == counter)
                    return false;
            }
            if (depth == counters.length)
                counters = Arrays.copyOf(counters, depth * 2);
            counters[depth++] = counter;
            return true;
        }

        private void pop(EntryCounter counter)
        {
            // Entries nest (try/finally on one thread): the counter is the innermost one.
            for (int i = depth - 1; i >= 0; i--)
            {
                if (counters[i] == counter)
                {
                    System.arraycopy(counters, i + 1, counters, i, depth - i - 1);
                    counters[--depth] = null;
                    return;
                }
            }
        }
    }
}
