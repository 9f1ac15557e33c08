package dev.interlock.cdi.testing;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.interlock.api.Webapp;
import dev.interlock.api.spi.Webapps;

/**
 * A small real {@link Webapps} for tests: like the engine, it finds the webapp of the calling
 * thread by its context classloader.
 */
public final class TestWebapps implements Webapps
{
    public static final TestWebapps INSTANCE = new TestWebapps();

    private final Map<ClassLoader, TestWebapp> webapps = new ConcurrentHashMap<>();

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
     * @return a new webapp with a classloader of its own (a child of the test's)
     */
    public TestWebapp deploy(String contextPath)
    {
        ClassLoader loader = new URLClassLoader("webapp" + contextPath, new URL[0], TestWebapps.class.getClassLoader());
        TestWebapp webapp = new TestWebapp(contextPath, loader);
        webapps.put(loader, webapp);
        return webapp;
    }

    @Override
    public Webapp current()
    {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        TestWebapp webapp = webapps.get(loader);
        if (webapp == null)
            throw new IllegalStateException("the calling thread belongs to no webapp (context classloader " + loader + ")");
        return webapp;
    }
}
