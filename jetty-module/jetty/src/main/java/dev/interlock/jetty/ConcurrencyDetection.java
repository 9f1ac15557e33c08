package dev.interlock.jetty;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import dev.interlock.concurrency.ComponentConcurrency;
import dev.interlock.concurrency.EntryCounter;
import dev.interlock.concurrency.WebappConcurrency;
import dev.interlock.group.WebappGroups;
import dev.interlock.options.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code interlock.detect-concurrency} for one running instance of a webapp: makes the entry
 * counter of each servlet and filter instance as it is initialised, says once the webapp has
 * started what it counts and watches, and once it has stopped what it saw: one {@code INFO} line
 * for the webapp, a {@code WARN} for each watched class that two requests or more were inside at
 * once, an {@code INFO} for each watched class that none were. Thread-safe.
 */
final class ConcurrencyDetection
{
    private static final Logger LOG = LoggerFactory.getLogger(ConcurrencyDetection.class);
    private static final String JETTY_PACKAGE = "org.eclipse.jetty.";
    private static final String SETTING = Settings.PREFIX + Settings.DETECT_CONCURRENCY.name();
    private static final String WATCH = Settings.PREFIX + Settings.DETECT_CONCURRENCY_WATCH.name();

    private final WebappGroups groups;
    private final ComponentIndex index;
    private final WebappConcurrency counts;
    // Classes declared not thread-safe: they run under a lock whatever the discipline.
    private final Set<String> serialised = ConcurrentHashMap.newKeySet();
    private volatile List<String> watchedNotComponents = List.of();

    private ConcurrencyDetection(WebappGroups groups, ComponentIndex index)
    {
        this.groups = groups;
        this.index = index;
        this.counts = new WebappConcurrency(groups.contextPath(), groups.settings().watch());
    }

    /**
     * @param groups a starting webapp's place in the groups
     * @param index its servlets and filters
     * @return its detection, or {@code null} if {@code interlock.detect-concurrency} is off for it
     */
    static ConcurrencyDetection of(WebappGroups groups, ComponentIndex index)
    {
        return groups.settings().detectConcurrency() ? new ConcurrencyDetection(groups, index) : null;
    }

    /**
     * A watch list where nothing is counted does nothing: warned once per setting, as other
     * settings placed where they have no effect are.
     *
     * @param groups a started webapp's place in the groups
     */
    static void warnNoEffect(WebappGroups groups)
    {
        if (groups.settings().detectConcurrency() || groups.settings().watch().isEmpty())
            return;
        String set = groups.effective().source(WATCH).orElse(WATCH);
        groups.warnings().warn(set, "Interlock: " + set + " has no effect on webapp " + groups.contextPath() + ": " + SETTING +
            " is false there, so no servlet or filter is counted or watched; set " + SETTING + "=true (or " + Settings.PREFIX + Settings.WEBAPPS + "." +
            groups.name() + "." + Settings.DETECT_CONCURRENCY.name() + "=true for this webapp alone)");
    }

    /**
     * Makes the counter of a servlet or filter instance being initialised. Jetty's own servlets
     * and filters (the default servlet, ...) are thread-safe and not counted.
     *
     * @param type the component's class
     * @param kind {@code servlet} or {@code filter}
     * @param notThreadSafe whether it is declared not thread-safe (it then runs under a lock)
     * @return its counter, or {@code null} if it is not counted
     */
    EntryCounter counter(Class<?> type, String kind, boolean notThreadSafe)
    {
        if (type.getName().startsWith(JETTY_PACKAGE))
            return null;
        if (notThreadSafe)
            serialised.add(type.getName());
        return counts.counter(type, kind);
    }

    /**
     * @return the counters
     */
    WebappConcurrency counts()
    {
        return counts;
    }

    /**
     * @return the watched class names that are no servlet or filter of the webapp (nor a class
     * one extends): nothing counts them here
     */
    List<String> watchedNotComponents()
    {
        return watchedNotComponents;
    }

    /** Says what is counted and watched, once the webapp has started and its components are known. */
    void started()
    {
        List<ComponentIndex.Component> components = new ArrayList<>(index.servlets());
        components.addAll(index.filters());
        List<String> notHere = new ArrayList<>();
        for (String name : counts.watch())
        {
            boolean found = false;
            for (ComponentIndex.Component c : components)
            {
                for (Class<?> t = c.type(); t != null && !found; t = t.getSuperclass())
                    found = t.getName().equals(name);
            }
            if (!found)
                notHere.add(name);
        }
        watchedNotComponents = List.copyOf(notHere);
        List<String> watched = new ArrayList<>(counts.watch());
        watched.removeAll(notHere);
        LOG.info("Interlock: webapp {} counts the requests inside each of its servlets and filters at once ({}=true, lock {}); {}{}",
            groups.contextPath(), SETTING, discipline(),
            watched.isEmpty() ? "it watches none of them (" + WATCH + ")" : "it watches " + String.join(", ", watched),
            notHere.isEmpty() ? "" : "; " + String.join(", ", notHere) + (notHere.size() == 1 ? " is" : " are") +
                " watched but no servlet or filter of it, so not counted here (the audit flags classes the components reach; their servlet or filter is what is counted)");
    }

    /** Reports what was seen, once the webapp has stopped and no request is inside any more. */
    void report()
    {
        List<ComponentConcurrency> all = counts.components();
        String path = groups.contextPath();
        if (all.isEmpty())
        {
            LOG.info("Interlock: webapp {} ({}): no servlet or filter of it was initialised, nothing was counted", path, SETTING);
            return;
        }
        LOG.info("Interlock: webapp {}, the most requests inside each servlet and filter at once ({}, lock {}): {}", path, SETTING, discipline(),
            all.stream().map(c -> c.kind() + " " + c.className() + " " + c.maxConcurrent() + " (" + c.requests() + (c.requests() == 1 ? " request)" : " requests)"))
                .collect(Collectors.joining(", ")));
        // One line per watched class: several instances of one class report their highest figure and their total.
        Map<String, ComponentConcurrency> byClass = new LinkedHashMap<>();
        for (ComponentConcurrency c : all)
        {
            if (c.watched())
                byClass.merge(c.className(), c, (a, b) -> new ComponentConcurrency(a.className(), a.kind(), Math.max(a.maxConcurrent(), b.maxConcurrent()),
                    a.active() + b.active(), a.requests() + b.requests(), true));
        }
        for (ComponentConcurrency c : byClass.values())
        {
            if (c.enteredConcurrently())
            {
                LOG.warn("Interlock: {} {} of webapp {} is flagged by the audit ({}) and was entered by {} requests at once: {}",
                    c.kind(), c.className(), path, WATCH, c.maxConcurrent(), advice());
            }
            else
            {
                LOG.info("Interlock: {} {} of webapp {} is flagged by the audit ({}) and was never entered by two requests at once; it served {}{}",
                    c.kind(), c.className(), path, WATCH, c.requests() == 1 ? "1 request" : c.requests() + " requests", evidence(c));
            }
        }
    }

    /** What to do about a watched class entered concurrently, under the webapp's discipline. */
    private String advice()
    {
        String notThreadSafe = Settings.PREFIX + Settings.NOT_THREAD_SAFE.name();
        String discipline = discipline();
        if ("free".equals(discipline))
            return "mark it @NotThreadSafe, list it in " + notThreadSafe + ", or set " + Settings.PREFIX + Settings.LOCK.name() + "=application";
        // Under a lock, a second request gets in only while the first has given the lock up at a
        // yield point (handed over to a waiter, or released around blocking I/O); a strict entry never does.
        return "under " + Settings.PREFIX + Settings.LOCK.name() + "=" + discipline + " the lock is given up at yield points (servlet I/O, checkpoints, blocking(...)), " +
            "where another request entered it; mark it @NotThreadSafe or list it in " + notThreadSafe + " to hold the lock through them";
    }

    /** How much "never two at once" is worth. */
    private String evidence(ComponentConcurrency c)
    {
        if (serialised.contains(c.className()))
            return ": it is declared not thread-safe and ran under its group's lock, one request at a time by construction";
        String discipline = discipline();
        if (!"free".equals(discipline))
            return ": the webapp ran under " + Settings.PREFIX + Settings.LOCK.name() + "=" + discipline + ", one request at a time between yield points by construction";
        if (c.requests() < 2)
            return ": too few to say anything";
        return ": no sign of trouble under the load it had, which is evidence only as good as that load";
    }

    private String discipline()
    {
        return groups.defaultMembership().discipline().settingValue();
    }

    @Override
    public String toString()
    {
        return "ConcurrencyDetection{" + counts + "}";
    }
}
