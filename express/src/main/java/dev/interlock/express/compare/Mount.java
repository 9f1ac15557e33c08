package dev.interlock.express.compare;

import java.util.ArrayList;
import java.util.List;

import dev.interlock.options.SettingValue;

/**
 * One of the three mounts of the WAR: the discipline it runs under, its context path (named
 * after the discipline, so that a URL says what it runs under) and its executor group (of its
 * own, so that no discipline's requests wait for another's threads).
 *
 * @param discipline {@code free}, {@code application} or {@code shared}
 * @param contextPath {@code /free}, {@code /application}, {@code /shared}
 * @param executorGroup {@code compare-free}, {@code compare-application}, {@code compare-shared}
 */
public record Mount(String discipline, String contextPath, String executorGroup)
{
    /** The mounts, in the order they run: the Java default first, then the two locks. */
    public static final List<Mount> ALL = List.of(of("free"), of("application"), of("shared"));

    /** Where the settings the comparison gives come from, in the engine's messages. */
    public static final String SOURCE = "interlock-express compare";

    private static Mount of(String discipline)
    {
        return new Mount(discipline, "/" + discipline, "compare-" + discipline);
    }

    /** @return the webapp's name in {@code interlock.webapps.NAME.*}: its context path without the slash */
    public String webapp()
    {
        return contextPath.substring(1);
    }

    /**
     * The sizes the comparison gives every mount alike; the user's own settings come after
     * these and may change them.
     *
     * @param threads the executor group's threads
     * @param clients the clients of the load: that many requests may wait for a thread or, where
     * a lock is in force, for the lock without being refused
     */
    public List<SettingValue> sizing(int threads, int clients)
    {
        String group = "interlock.executor-groups." + executorGroup + ".";
        List<SettingValue> sizes = new ArrayList<>(List.of(
            new SettingValue(group + "threads", Integer.toString(threads), SOURCE),
            new SettingValue(group + "queue", Integer.toString(Math.max(256, clients)), SOURCE)));
        // Under free no lock is in force, and the engine warns about a lock option there.
        if (!discipline.equals("free"))
            sizes.add(new SettingValue("interlock.webapps." + webapp() + ".max-lock-waiters", Integer.toString(Math.max(64, clients)), SOURCE));
        return sizes;
    }

    /**
     * What makes the mount what it is: its discipline and its executor group, given after the
     * user's settings so that none of them can change it.
     */
    public List<SettingValue> binding()
    {
        String webapp = "interlock.webapps." + webapp() + ".";
        return List.of(
            new SettingValue(webapp + "executor-group", executorGroup, SOURCE),
            new SettingValue(webapp + "lock", discipline, SOURCE));
    }
}
