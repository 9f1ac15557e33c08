package journal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What the test WARs record, read by the tests: a class of the test classpath that the WARs
 * do not bundle, so that every webapp and the test see the same one (it is outside
 * {@code dev.interlock.}, which Interlock hides from webapps).
 */
public final class Journal
{
    private static final Map<String, List<String>> ENTRIES = new ConcurrentHashMap<>();
    private static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();

    private Journal()
    {
    }

    public static void add(String book, String entry)
    {
        ENTRIES.computeIfAbsent(book, b -> new CopyOnWriteArrayList<>()).add(entry);
    }

    public static List<String> read(String book)
    {
        return List.copyOf(ENTRIES.getOrDefault(book, List.of()));
    }

    public static void clear(String book)
    {
        ENTRIES.remove(book);
        GATES.remove(book);
    }

    private static CountDownLatch gate(String book)
    {
        return GATES.computeIfAbsent(book, b -> new CountDownLatch(1));
    }

    /**
     * Waits, at most 20 s, until the test opens {@code book}'s gate.
     *
     * @return whether it was opened (false: timed out or interrupted, interrupt status kept)
     */
    public static boolean park(String book)
    {
        try
        {
            return gate(book).await(20, TimeUnit.SECONDS);
        }
        catch (InterruptedException x)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public static void open(String book)
    {
        gate(book).countDown();
    }
}
