package dev.interlock.cdi;

/**
 * Whether the Interlock API and Jakarta Concurrency are visible to the webapp (the server
 * exposes both; a plain Jetty does not). Checked by name so that the extension class itself
 * never fails to load.
 */
final class Api
{
    private static final String WEBAPP = "dev.interlock.api.Webapp";
    /** The newest API type the extension needs: an engine API older than it cannot give settings or a lock. */
    private static final String SETTINGS = "dev.interlock.api.InterlockSettings";

    private Api()
    {
    }

    /**
     * @return why the Interlock API cannot be used, or null if it can
     */
    static String missing()
    {
        for (String name : new String[] {WEBAPP, WorkerKind.EXECUTOR.typeName()})
        {
            if (load(name) == null)
                return "the Interlock API is not visible to this webapp (" + name + " cannot be loaded): the server has no Interlock engine";
        }
        return null;
    }

    /**
     * @return whether the Interlock API the extension needs for settings and
     * {@code @NotThreadSafe} beans can be loaded (without Jakarta Concurrency, which only the
     * workers need)
     */
    static boolean visible()
    {
        return load(WEBAPP) != null && load(SETTINGS) != null;
    }

    /**
     * @return whether the worker types can be loaded
     */
    static boolean workerTypesVisible()
    {
        for (WorkerKind kind : WorkerKind.values())
        {
            if (load(kind.typeName()) == null)
                return false;
        }
        return true;
    }

    static Class<?> type(WorkerKind kind)
    {
        Class<?> type = load(kind.typeName());
        if (type == null)
            throw new IllegalStateException(kind.typeName() + " is not visible");
        return type;
    }

    private static Class<?> load(String name)
    {
        try
        {
            return Class.forName(name, false, Api.class.getClassLoader());
        }
        catch (ClassNotFoundException | LinkageError e)
        {
            return null;
        }
    }
}
