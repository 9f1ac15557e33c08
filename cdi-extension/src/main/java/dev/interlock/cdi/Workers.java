package dev.interlock.cdi;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.interlock.api.Webapp;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.InjectionPoint;

/**
 * The webapp's injectable tracked workers: the beans that produce them and the instances, one
 * per name, created on first use through the webapp's {@link Webapp}.
 *
 * <p>The beans are {@link Dependent} (no client proxy) and return the cached instance, so an
 * injected executor is the very object the engine tracks; destroying a dependent instance does
 * nothing, since workers stop with the webapp.</p>
 */
final class Workers
{
    private record Created(WorkerKind kind, int threads, Object instance, String where)
    {
    }

    private final ConcurrentHashMap<String, Created> byName = new ConcurrentHashMap<>();
    private volatile Webapp webapp;

    /**
     * @param webapp the webapp found at deployment (the context classloader was the webapp's then)
     */
    void bind(Webapp webapp)
    {
        this.webapp = webapp;
    }

    /**
     * Adds a bean for the unnamed default of each worker type the application does not provide
     * itself, and one for the {@link Worker}-qualified ones (its members are non-binding, so this
     * one bean serves every name; the name is read from the injection point).
     *
     * @param abd the event
     * @param providedByApplication the types for which the application has a {@code @Default} bean
     */
    void addBeans(AfterBeanDiscovery abd, Set<WorkerKind> providedByApplication)
    {
        for (WorkerKind kind : WorkerKind.values())
        {
            Class<?> type = Api.type(kind);
            if (!providedByApplication.contains(kind))
            {
                abd.addBean()
                    .beanClass(InterlockExtension.class)
                    .types(type, Object.class)
                    .qualifiers(Default.Literal.INSTANCE, Any.Literal.INSTANCE)
                    .scope(Dependent.class)
                    .produceWith(instance -> get(kind, kind.defaultName(), kind.defaultThreads(), "the default " + kind.simpleName()))
                    .disposeWith((worker, instance) -> { });
            }
            abd.addBean()
                .beanClass(InterlockExtension.class)
                .types(type, Object.class)
                .qualifiers(Worker.Literal.of(kind.defaultName()), Any.Literal.INSTANCE)
                .scope(Dependent.class)
                .produceWith(instance -> named(kind, instance.select(InjectionPoint.class).get()))
                .disposeWith((worker, instance) -> { });
        }
    }

    private Object named(WorkerKind kind, InjectionPoint ip)
    {
        Worker worker = ip == null ? null : WorkerPoints.worker(ip.getQualifiers());
        if (worker == null)
            throw new IllegalStateException("Interlock: a @Worker " + kind.simpleName() + " was looked up without its @Worker qualifier (at " + ip + ")");
        String where = Describe.injectionPoint(ip);
        String problem = WorkerPoints.problem(kind, worker.value(), worker.threads(), where);
        if (problem != null)
            throw new IllegalArgumentException(problem);
        return get(kind, worker.value(), worker.threads(), where);
    }

    private Object get(WorkerKind kind, String name, int threads, String where)
    {
        Created created = byName.computeIfAbsent(name, n -> new Created(kind, threads, create(kind, n, threads, where), where));
        if (created.kind() != kind)
            throw new IllegalStateException("Interlock: worker \"" + name + "\" is a " + created.kind().simpleName() + " (first used at " + created.where()
                + "); it cannot also be a " + kind.simpleName() + " at " + where);
        if (kind.hasThreads() && created.threads() != threads)
            throw new IllegalStateException("Interlock: worker \"" + name + "\" has threads = " + created.threads() + " (first used at " + created.where()
                + "), not threads = " + threads + " as asked at " + where);
        return created.instance();
    }

    private Object create(WorkerKind kind, String name, int threads, String where)
    {
        Webapp owner = webapp;
        if (owner == null)
        {
            try
            {
                owner = Webapp.current();
            }
            catch (IllegalStateException e)
            {
                throw new IllegalStateException("Interlock: cannot create " + kind.simpleName() + " \"" + name + "\" for " + where + ": " + e.getMessage(), e);
            }
            webapp = owner;
        }
        return switch (kind)
        {
            case EXECUTOR -> owner.executor(name, threads);
            case SCHEDULED_EXECUTOR -> owner.scheduledExecutor(name, threads);
            case THREAD_FACTORY -> owner.threadFactory(name);
        };
    }
}
