package dev.interlock.cdi.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the test beans did, in order (beans are created by the container, so this is static). */
public final class Journal
{
    private static final List<String> ENTRIES = new CopyOnWriteArrayList<>();

    private Journal()
    {
    }

    public static void add(String entry)
    {
        ENTRIES.add(entry);
    }

    public static List<String> entries()
    {
        return List.copyOf(ENTRIES);
    }

    public static void clear()
    {
        ENTRIES.clear();
    }
}
