package dev.interlock.cdi.testing;

import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.interlock.api.StopReason;
import dev.interlock.api.Stopping;
import dev.interlock.api.Webapp;
import dev.interlock.api.spi.Webapps;
import dev.interlock.options.SettingValue;
import dev.interlock.workers.TrackedWorkers;

/**
 * A small {@link Webapps} over the engine's real {@link TrackedWorkers}: like the engine, it
 * finds the webapp of the calling thread by its context classloader, and the webapp of a
 * classloader by it or its ancestors. Each webapp's settings and not-thread-safe lock are the
 * engine's ({@link TestLocks}).
 */
public final class TestWebapps implements Webapps
{
    public static final TestWebapps INSTANCE = new TestWebapps();

    /** The source named for the operator's settings given to {@link #deploy(String, Map)}. */
    public static final String SOURCE = "test";

    private final Map<ClassLoader, TrackedWorkers> webapps = new ConcurrentHashMap<>();
    private final Map<TrackedWorkers, TestLocks> locks = new ConcurrentHashMap<>();

    private TestWebapps()
    {
    }

    /** Installs this implementation behind {@code Webapp.current()}. */
    public static void install()
    {
        Webapps.install(INSTANCE);
    }

    /** Removes it and every webapp. */
    public static void uninstall()
    {
        INSTANCE.webapps.clear();
        INSTANCE.locks.clear();
        Webapps.uninstall(INSTANCE);
    }

    /**
     * @param contextPath the context path
     * @return a new webapp with a classloader of its own (a child of the test's, named
     * {@code webapp + contextPath})
     */
    public TrackedWorkers deploy(String contextPath)
    {
        return deploy(contextPath, Map.of());
    }

    /**
     * @param contextPath the context path
     * @param operator the operator's settings (source {@value #SOURCE}), in iteration order
     * @return a new webapp with a classloader of its own (a child of the test's, named
     * {@code webapp + contextPath})
     */
    public TrackedWorkers deploy(String contextPath, Map<String, String> operator)
    {
        return deploy(contextPath, operator, new URLClassLoader("webapp" + contextPath, new URL[0], TestWebapps.class.getClassLoader()));
    }

    /**
     * @param contextPath the context path
     * @param operator the operator's settings (source {@value #SOURCE}), in iteration order
     * @param loader its classloader, made before (as a webapp's is made before its context starts)
     * @return a new webapp
     */
    public TrackedWorkers deploy(String contextPath, Map<String, String> operator, ClassLoader loader)
    {
        List<SettingValue> values = new ArrayList<>();
        operator.forEach((key, value) -> values.add(new SettingValue(key, value, SOURCE)));
        TestLocks webappLocks = new TestLocks(contextPath, values);
        TrackedWorkers webapp = new TrackedWorkers(contextPath, loader, webappLocks);
        webapps.put(loader, webapp);
        locks.put(webapp, webappLocks);
        return webapp;
    }

    /**
     * @param webapp a webapp {@linkplain #deploy(String) deployed} here
     * @return its settings and not-thread-safe lock
     */
    public TestLocks locks(TrackedWorkers webapp)
    {
        TestLocks l = locks.get(webapp);
        if (l == null)
            throw new IllegalArgumentException(webapp + " is not deployed here");
        return l;
    }

    /**
     * @param webapp a webapp {@linkplain #deploy(String) deployed} here
     * @return its classloader
     */
    public ClassLoader classLoader(TrackedWorkers webapp)
    {
        return webapps.entrySet().stream().filter(e -> e.getValue() == webapp).map(Map.Entry::getKey).findFirst()
            .orElseThrow(() -> new IllegalArgumentException(webapp + " is not deployed here"));
    }

    /**
     * Runs the part of the engine's stopping sequence that follows the drain, on the calling
     * thread, as {@code WebappBinding#stopping()} does: refuse new workers and tasks, run the
     * stopping callbacks, then stop the workers (join until the deadline, interrupt, hand back
     * the tasks never started).
     *
     * @param webapp the webapp
     * @param reason why
     * @param budget the whole sequence's budget, from now
     * @return what happened
     */
    public static Stopped stop(TrackedWorkers webapp, StopReason reason, Duration budget)
    {
        long deadline = System.nanoTime() + budget.toNanos();
        webapp.beginStopping(reason.name().toLowerCase(Locale.ROOT).replace('_', ' '));
        int callbacks = webapp.getStoppingCallbackCount();
        int ran = webapp.runCallbacks(Stopping.of(webapp.contextPath(), reason, TrackedWorkers.toInstant(deadline)), deadline);
        TrackedWorkers.StopReport report = webapp.stopWorkers(deadline);
        return new Stopped(callbacks, ran, report);
    }

    @Override
    public Webapp current()
    {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        TrackedWorkers webapp = webapps.get(loader);
        if (webapp == null)
            throw new IllegalStateException("the calling thread belongs to no webapp (context classloader " + loader + ")");
        return webapp;
    }

    @Override
    public Webapp of(ClassLoader loader)
    {
        for (ClassLoader l = loader; l != null; l = l.getParent())
        {
            TrackedWorkers webapp = webapps.get(l);
            if (webapp != null)
                return webapp;
        }
        throw new IllegalStateException("classloader " + loader + " belongs to no webapp");
    }

    /**
     * What a {@linkplain #stop stop} did.
     *
     * @param callbacks the stopping callbacks registered when it began
     * @param ran how many of them ran without failing
     * @param report the workers that did not stop and the tasks never started
     */
    public record Stopped(int callbacks, int ran, TrackedWorkers.StopReport report)
    {
        /**
         * @return how many stopping callbacks threw
         */
        public int failedCallbacks()
        {
            return callbacks - ran;
        }
    }
}
