package dev.interlock.concurrency;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The entry counters of one running instance of a webapp with {@code interlock.detect-concurrency}
 * on: one per servlet and filter instance, made when the instance is initialised, and the watch
 * list they are matched against. Thread-safe; counters are added while requests run (a servlet
 * is initialised on its first request unless it loads on startup).
 */
public final class WebappConcurrency
{
    private final String contextPath;
    private final List<String> watch;
    private final List<EntryCounter> counters = new CopyOnWriteArrayList<>();

    /**
     * @param contextPath the webapp's context path
     * @param watch the class names watched ({@code interlock.detect-concurrency.watch})
     */
    public WebappConcurrency(String contextPath, List<String> watch)
    {
        this.contextPath = contextPath;
        this.watch = List.copyOf(watch);
    }

    /**
     * Makes the counter of a servlet or filter instance being initialised.
     *
     * @param type the component's class
     * @param kind {@code servlet} or {@code filter}
     * @return its counter, kept here for the reports
     */
    public EntryCounter counter(Class<?> type, String kind)
    {
        EntryCounter counter = new EntryCounter(type.getName(), kind, watches(type));
        counters.add(counter);
        return counter;
    }

    /**
     * @param type a class
     * @return whether it, or a class it extends, is watched (as {@code interlock.not-thread-safe}
     * matches)
     */
    public boolean watches(Class<?> type)
    {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass())
        {
            if (watch.contains(c.getName()))
                return true;
        }
        return false;
    }

    /**
     * @return the webapp's context path
     */
    public String contextPath()
    {
        return contextPath;
    }

    /**
     * @return the class names watched
     */
    public List<String> watch()
    {
        return watch;
    }

    /**
     * @return every counted component now: the most concurrent first, then servlets before
     * filters, then by class name
     */
    public List<ComponentConcurrency> components()
    {
        List<ComponentConcurrency> all = new ArrayList<>();
        for (EntryCounter c : counters)
            all.add(c.snapshot());
        all.sort(Comparator.comparingInt(ComponentConcurrency::maxConcurrent).reversed()
            .thenComparingInt(c -> "servlet".equals(c.kind()) ? 0 : 1).thenComparing(ComponentConcurrency::className));
        return all;
    }

    @Override
    public String toString()
    {
        return "WebappConcurrency{" + contextPath + "," + counters + "}";
    }
}
