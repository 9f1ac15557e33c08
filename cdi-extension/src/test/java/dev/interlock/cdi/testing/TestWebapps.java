package dev.interlock.cdi.testing;

import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.interlock.api.StopReason;
import dev.interlock.api.Stopping;
import dev.interlock.api.Webapp;
import dev.interlock.api.spi.Webapps;
import dev.interlock.workers.TrackedWorkers;

/**
 * A small {@link Webapps} over the engine's real {@link TrackedWorkers}: like the engine, it
 * finds the webapp of the calling thread by its context classloader.
 */
public final class TestWebapps implements Webapps
{
    public static final TestWebapps INSTANCE = new TestWebapps();

    private final Map<ClassLoader, TrackedWorkers> webapps = new ConcurrentHashMap<>();

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
        Webapps.uninstall(INSTANCE);
    }

    /**
     * @param contextPath the context path
     * @return a new webapp with a classloader of its own (a child of the test's, named
     * {@code webapp + contextPath})
     */
    public TrackedWorkers deploy(String contextPath)
    {
        ClassLoader loader = new URLClassLoader("webapp" + contextPath, new URL[0], TestWebapps.class.getClassLoader());
        TrackedWorkers webapp = new TrackedWorkers(contextPath, loader);
        webapps.put(loader, webapp);
        return webapp;
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
     * thread, as {@code ContextBinding#stopping()} does: refuse new workers and tasks, run the
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
        int ran = webapp.runCallbacks(Stopping.of(webapp.contextPath(), reason, TrackedWorkers.toInstant(deadline)));
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
