package dev.interlock.cdi;

import java.lang.System.Logger.Level;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.interlock.api.InterlockSettings;
import dev.interlock.api.NotThreadSafe;
import dev.interlock.api.Webapp;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Decorator;
import jakarta.enterprise.inject.spi.Interceptor;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.ProcessManagedBean;
import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.interceptor.InvocationContext;

/**
 * The beans of the deployment declared {@link NotThreadSafe}, and the lock their calls run
 * under: the webapp's not-thread-safe lock, through {@link Webapp#serialized}, the one the
 * engine takes for marked servlets. A request and a background task calling a marked bean
 * therefore never run its methods at the same time, nor does a marked servlet beside it.
 *
 * <p>{@code @NotThreadSafe} is a plain annotation of the API (which does not depend on CDI);
 * {@link #register} declares it an interceptor binding and adds
 * {@link NotThreadSafeInterceptor}. Being {@code @Inherited}, it marks subclasses too. Only
 * managed beans are intercepted: the product of a producer method is not.</p>
 */
final class NotThreadSafeBeans
{
    private static final System.Logger LOG = System.getLogger(InterlockExtension.LOGGER);

    private final Set<Class<?>> marked = ConcurrentHashMap.newKeySet();
    private final Set<String> listed;
    private volatile Webapp webapp;

    /**
     * Reads the class names the webapp's settings list in {@code interlock.not-thread-safe};
     * none where there is no engine (deployment then fails for marked beans anyway).
     */
    NotThreadSafeBeans()
    {
        Set<String> names;
        try
        {
            names = Set.copyOf(Webapp.current().settings().notThreadSafe());
        }
        catch (IllegalStateException e)
        {
            names = Set.of();
        }
        listed = names;
    }

    /**
     * Gives a bean class listed in {@code interlock.not-thread-safe} (or whose superclass is)
     * the marker, as if it were annotated: the list works for CDI beans as for servlets.
     *
     * @param event the event of one discovered type
     */
    void annotatedType(ProcessAnnotatedType<?> event)
    {
        if (listed.isEmpty() || event.getAnnotatedType().isAnnotationPresent(NotThreadSafe.class))
            return;
        for (Class<?> c = event.getAnnotatedType().getJavaClass(); c != null && c != Object.class; c = c.getSuperclass())
        {
            if (listed.contains(c.getName()))
            {
                event.configureAnnotatedType().add(Listed.INSTANCE);
                return;
            }
        }
    }

    /** The marker added to listed classes. */
    @SuppressWarnings("all")
    private static final class Listed extends AnnotationLiteral<NotThreadSafe> implements NotThreadSafe
    {
        static final Listed INSTANCE = new Listed();
    }

    /**
     * Declares {@link NotThreadSafe} an interceptor binding and adds its interceptor.
     *
     * @param bbd the event
     * @param beanManager the container's bean manager
     */
    static void register(BeforeBeanDiscovery bbd, BeanManager beanManager)
    {
        bbd.addInterceptorBinding(NotThreadSafe.class);
        bbd.addAnnotatedType(beanManager.createAnnotatedType(NotThreadSafeInterceptor.class), NotThreadSafeInterceptor.class.getName());
    }

    /**
     * Notes the bean if it is marked (called from {@code ProcessManagedBean}, which Weld may
     * fire from several threads).
     */
    void collect(ProcessManagedBean<?> event)
    {
        if (event.getBean() instanceof Interceptor<?> || event.getBean() instanceof Decorator<?>)
            return;
        Class<?> type = event.getBean().getBeanClass();
        // The annotated type has what an extension added; the class, what it inherits.
        if (event.getAnnotatedBeanClass().isAnnotationPresent(NotThreadSafe.class) || type.isAnnotationPresent(NotThreadSafe.class))
            marked.add(type);
    }

    /**
     * @return the marked bean classes, by name
     */
    List<Class<?>> marked()
    {
        return marked.stream().sorted(Comparator.comparing(Class::getName)).toList();
    }

    /**
     * Binds the webapp found at deployment and logs, once per marked bean class, that it runs
     * under the webapp's lock (as the engine does for marked servlets).
     *
     * @param webapp the webapp
     */
    void bind(Webapp webapp)
    {
        this.webapp = webapp;
        List<Class<?>> beans = marked();
        if (beans.isEmpty())
            return;
        String lock = describeLock(webapp);
        for (Class<?> type : beans)
        {
            LOG.log(Level.WARNING, "Interlock: CDI bean " + type.getName() + " of webapp " + webapp.contextPath()
                + " is declared not thread-safe: its business methods run under " + lock
                + ", strictly (held through I/O), whichever thread calls them");
        }
    }

    private static String describeLock(Webapp webapp)
    {
        try
        {
            InterlockSettings settings = webapp.settings();
            // Under free, the group's own lock; else the one in force (as Webapp.serialized says).
            String which = "free".equals(settings.lock()) ? "own" : settings.lock();
            return "the " + which + " lock of application group " + settings.applicationGroup() + " in executor group " + settings.executorGroup();
        }
        catch (IllegalStateException e)
        {
            return "the webapp's not-thread-safe lock";
        }
    }

    /**
     * Runs the intercepted call under the webapp's not-thread-safe lock.
     *
     * @param invocation the call
     * @return what the method returned
     * @throws Exception what the method threw
     * @throws IllegalStateException if the lock could not be had within
     * {@code interlock.lock-timeout} (the method did not run), or there is no webapp
     */
    Object serialized(InvocationContext invocation) throws Exception
    {
        Webapp owner = webapp;
        if (owner == null)
        {
            // Not bound yet: another extension calls the bean at AfterDeploymentValidation,
            // before the observer that binds it (or none was found, and deployment fails).
            try
            {
                owner = Webapp.current();
            }
            catch (IllegalStateException e)
            {
                throw new IllegalStateException("Interlock: cannot serialise " + invocation.getMethod() + " of @NotThreadSafe bean: " + e.getMessage(), e);
            }
        }
        return owner.serialized(invocation::proceed);
    }
}
