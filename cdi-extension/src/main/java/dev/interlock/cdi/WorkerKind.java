package dev.interlock.cdi;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * The three injectable worker types. Named by string so that the extension itself loads even
 * where Jakarta Concurrency is not visible (it then adds no beans).
 */
enum WorkerKind
{
    EXECUTOR("jakarta.enterprise.concurrent.ManagedExecutorService", "default", 4),
    SCHEDULED_EXECUTOR("jakarta.enterprise.concurrent.ManagedScheduledExecutorService", "scheduled", 1),
    THREAD_FACTORY("jakarta.enterprise.concurrent.ManagedThreadFactory", "threads", 1);

    private static final String INSTANCE = "jakarta.enterprise.inject.Instance";
    private static final String PROVIDER = "jakarta.inject.Provider";

    private final String typeName;
    private final String defaultName;
    private final int defaultThreads;

    WorkerKind(String typeName, String defaultName, int defaultThreads)
    {
        this.typeName = typeName;
        this.defaultName = defaultName;
        this.defaultThreads = defaultThreads;
    }

    String typeName()
    {
        return typeName;
    }

    String simpleName()
    {
        return typeName.substring(typeName.lastIndexOf('.') + 1);
    }

    /**
     * @return the name of the unnamed worker of this type, reserved for it
     */
    String defaultName()
    {
        return defaultName;
    }

    /**
     * @return the threads of the unnamed worker of this type
     */
    int defaultThreads()
    {
        return defaultThreads;
    }

    boolean hasThreads()
    {
        return this != THREAD_FACTORY;
    }

    /**
     * @param type the type of an injection point
     * @return the worker type it asks for, directly or as {@code Instance<X>} / {@code Provider<X>};
     * null for any other type
     */
    static WorkerKind of(Type type)
    {
        if (type instanceof ParameterizedType parameterized
            && parameterized.getRawType() instanceof Class<?> raw
            && (INSTANCE.equals(raw.getName()) || PROVIDER.equals(raw.getName()))
            && parameterized.getActualTypeArguments().length == 1)
            type = parameterized.getActualTypeArguments()[0];
        if (!(type instanceof Class<?> c))
            return null;
        for (WorkerKind kind : values())
        {
            if (kind.typeName.equals(c.getName()))
                return kind;
        }
        return null;
    }

    /**
     * @param name a worker name
     * @return the type whose unnamed worker has that name, or null
     */
    static WorkerKind reserving(String name)
    {
        for (WorkerKind kind : values())
        {
            if (kind.defaultName.equals(name))
                return kind;
        }
        return null;
    }
}
