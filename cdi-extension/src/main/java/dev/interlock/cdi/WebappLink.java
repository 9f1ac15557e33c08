package dev.interlock.cdi;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import dev.interlock.api.StopReason;
import dev.interlock.api.Stopping;
import dev.interlock.api.UnfinishedTasks;
import dev.interlock.api.Webapp;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.ObserverMethod;

/**
 * The link between one CDI container and the engine's {@link Webapp}: registers the stopping
 * callbacks and the unfinished-task handler that turn into CDI events, and binds the workers,
 * the settings bean and the {@code @NotThreadSafe} beans.
 * Everything that touches the Interlock API at deployment lives here and in the classes it
 * binds, so that the extension class itself does not mention it.
 */
final class WebappLink
{
    private static final System.Logger LOG = System.getLogger(InterlockExtension.LOGGER);

    private final BeanManager beanManager;
    private final Notifier notifier;
    private final List<Webapp.Registration> registrations = new CopyOnWriteArrayList<>();

    /**
     * @param beanManager the container's bean manager
     * @param classLoader the webapp's classloader (the context classloader at deployment)
     */
    WebappLink(BeanManager beanManager, ClassLoader classLoader)
    {
        this.beanManager = beanManager;
        this.notifier = new Notifier(beanManager, classLoader);
    }

    /**
     * Finds the webapp through {@link Webapp#current()} and registers with it.
     *
     * <p>Stopping observers are registered as one stopping callback per distinct observer
     * priority, in ascending order, each with that priority: the engine runs callbacks by
     * priority, so CDI observers interleave with callbacks registered through the plain API
     * exactly as their {@code @Priority} says.</p>
     *
     * @param needs what the application uses of the engine, bound to the webapp found
     * @return the deployment problems, empty if none
     */
    List<String> start(Needs needs)
    {
        List<ObserverMethod<? super Stopping>> stopping = synchronous(Stopping.of("/", StopReason.UNDEPLOY, Instant.EPOCH));
        List<ObserverMethod<? super UnfinishedTasks>> unfinished = synchronous(UnfinishedTasks.of("/", "-", List.of()));

        Webapp webapp;
        try
        {
            webapp = Webapp.current();
        }
        catch (IllegalStateException e)
        {
            return unavailable(e.getMessage(), needs, stopping.size() + unfinished.size(), describe(stopping, unfinished));
        }
        if (needs.workers() != null)
            needs.workers().bind(webapp);
        if (needs.settings() != null)
            needs.settings().bind(webapp);
        if (needs.notThreadSafe() != null)
            needs.notThreadSafe().bind(webapp);

        Map<Integer, List<ObserverMethod<? super Stopping>>> byPriority = new TreeMap<>();
        for (ObserverMethod<? super Stopping> observer : stopping)
            byPriority.computeIfAbsent(observer.getPriority(), p -> new ArrayList<>()).add(observer);
        for (Map.Entry<Integer, List<ObserverMethod<? super Stopping>>> group : byPriority.entrySet())
        {
            List<ObserverMethod<? super Stopping>> observers = List.copyOf(group.getValue());
            registrations.add(webapp.onStopping(group.getKey(), event -> notifier.deliver(event, observers)));
        }
        if (!unfinished.isEmpty())
        {
            List<ObserverMethod<? super UnfinishedTasks>> observers = List.copyOf(unfinished);
            registrations.add(webapp.onUnfinishedTasks(event -> notifier.deliver(event, observers)));
        }
        LOG.log(Level.DEBUG, () -> "Interlock: webapp " + webapp.contextPath() + ": " + stopping.size() + " Stopping observers in "
            + byPriority.size() + " stopping callbacks, " + unfinished.size() + " UnfinishedTasks observers, "
            + needs.points().all().size() + " worker injection points");
        return List.of();
    }

    /**
     * Undoes the registrations: the container is shutting down, its observers are gone.
     */
    void stop()
    {
        for (Webapp.Registration registration : registrations)
        {
            try
            {
                registration.cancel();
            }
            catch (RuntimeException x)
            {
                LOG.log(Level.DEBUG, "Interlock: could not cancel a registration", x);
            }
        }
        registrations.clear();
    }

    /**
     * No engine: a deployment problem for each thing the application uses that cannot work
     * (injected workers, injected settings, beans declared not thread-safe, which would run
     * unserialised); if there is none, one warning if it has observers that will never be
     * called.
     *
     * @return the deployment problems, empty if none
     */
    static List<String> unavailable(String reason, Needs needs, int observerCount, String observers)
    {
        List<String> problems = new ArrayList<>();
        if (!needs.points().isEmpty())
        {
            problems.add("Interlock: this webapp injects tracked workers, which need the Interlock engine, but " + reason + ". Injected: "
                + needs.points().all().stream().map(WorkerPoints.Point::describe).collect(Collectors.joining("; "))
                + ". Deploy it on a Jetty server with the Interlock engine, or remove these injection points");
        }
        List<String> settings = needs.settings() == null ? List.of() : needs.settings().points();
        if (!settings.isEmpty())
        {
            problems.add("Interlock: this webapp injects InterlockSettings, which need the Interlock engine, but " + reason + ". Injected at: "
                + String.join("; ", settings) + ". Deploy it on a Jetty server with the Interlock engine, or remove these injection points");
        }
        List<Class<?>> marked = needs.notThreadSafe() == null ? List.of() : needs.notThreadSafe().marked();
        if (!marked.isEmpty())
        {
            problems.add("Interlock: this webapp declares CDI beans @NotThreadSafe, whose calls only the Interlock engine can serialise, but " + reason + ". Declared: "
                + marked.stream().map(Class::getName).collect(Collectors.joining(", "))
                + ". Deploy it on a Jetty server with the Interlock engine: without it these beans would run on several threads at once");
        }
        if (problems.isEmpty() && observerCount > 0)
        {
            LOG.log(Level.WARNING, "Interlock: " + reason + ": the " + observerCount + " observers of Stopping and UnfinishedTasks in this webapp will never be called ("
                + observers + ")");
        }
        return problems;
    }

    /**
     * What the application uses of the engine, collected during discovery.
     *
     * @param points the worker injection points
     * @param workers the workers to bind to the webapp, or null where Jakarta Concurrency is not visible
     * @param settings the settings bean, or null where the API is not visible (or predates settings)
     * @param notThreadSafe the beans declared not thread-safe, or null likewise
     */
    record Needs(WorkerPoints points, Workers workers, SettingsBean settings, NotThreadSafeBeans notThreadSafe)
    {
    }

    private static String describe(List<? extends ObserverMethod<?>> stopping, List<? extends ObserverMethod<?>> unfinished)
    {
        List<ObserverMethod<?>> all = new ArrayList<>(stopping);
        all.addAll(unfinished);
        return all.stream().map(o -> o.getBeanClass().getName()).distinct().collect(Collectors.joining(", "));
    }

    /**
     * @return the synchronous observers of the event in CDI's order (ascending priority; the
     * sort is stable, so equal priorities keep the container's order); asynchronous ones are
     * warned about, since these events are only ever fired synchronously
     */
    private <T> List<ObserverMethod<? super T>> synchronous(T sample)
    {
        List<ObserverMethod<? super T>> observers = new ArrayList<>(beanManager.resolveObserverMethods(sample));
        observers.sort(Comparator.comparingInt(ObserverMethod::getPriority));
        List<ObserverMethod<? super T>> synchronous = new ArrayList<>();
        for (ObserverMethod<? super T> observer : observers)
        {
            if (observer.isAsync())
                LOG.log(Level.WARNING, "Interlock: " + Describe.observer(observer) + " observes " + sample.getClass().getSimpleName()
                    + " with @ObservesAsync and will never be called: the event is fired synchronously on the stopping thread, use @Observes");
            else
                synchronous.add(observer);
        }
        return synchronous;
    }
}
