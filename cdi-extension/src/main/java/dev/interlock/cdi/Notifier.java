package dev.interlock.cdi;

import java.lang.System.Logger.Level;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.EventContext;
import jakarta.enterprise.inject.spi.EventMetadata;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.enterprise.inject.spi.ObserverMethod;

/**
 * Delivers an event to a fixed list of synchronous observers, one at a time, in order.
 *
 * <p>Why not {@code BeanManager.getEvent().fire(...)}: CDI (and Weld, in
 * {@code ObserverNotifier.notifySyncObservers}) stops notifying at the first observer that
 * throws and rethrows its exception. A stopping sequence must not let one failing observer
 * silence the others, so each observer is notified here on its own, and a failure is logged and
 * skipped.</p>
 *
 * <p>During delivery the thread's context classloader is the webapp's (captured at deployment)
 * and a request context is active (through {@link RequestContextController}), so observers can
 * use {@code @RequestScoped} beans as they would in a request. {@link EventMetadata} is not
 * available to these observers (an injected {@code EventMetadata} parameter is null in Weld):
 * they are notified outside the container's own event dispatch.</p>
 */
final class Notifier
{
    private static final System.Logger LOG = System.getLogger(InterlockExtension.LOGGER);

    private final BeanManager beanManager;
    private final ClassLoader classLoader;

    /**
     * @param beanManager the webapp's bean manager
     * @param classLoader the context classloader for observers (the webapp's)
     */
    Notifier(BeanManager beanManager, ClassLoader classLoader)
    {
        this.beanManager = beanManager;
        this.classLoader = classLoader;
    }

    /**
     * @param event the event
     * @param observers its synchronous observers, in notification order
     * @param <T> the event type
     * @return how many observers failed
     */
    <T> int deliver(T event, List<ObserverMethod<? super T>> observers)
    {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        boolean swap = classLoader != null && previous != classLoader;
        if (swap)
            thread.setContextClassLoader(classLoader);
        try
        {
            RequestScope scope = RequestScope.activate(beanManager);
            try
            {
                return notifyEach(event, observers);
            }
            finally
            {
                scope.close();
            }
        }
        finally
        {
            if (swap)
                thread.setContextClassLoader(previous);
        }
    }

    private <T> int notifyEach(T event, List<ObserverMethod<? super T>> observers)
    {
        EventContext<T> context = new Delivery<>(event);
        int failed = 0;
        for (ObserverMethod<? super T> observer : observers)
        {
            try
            {
                @SuppressWarnings("unchecked")
                ObserverMethod<T> typed = (ObserverMethod<T>)observer;
                typed.notify(context);
            }
            catch (VirtualMachineError e)
            {
                throw e;
            }
            catch (Throwable x)
            {
                failed++;
                LOG.log(Level.WARNING, "Interlock: observer " + Describe.observer(observer) + " failed on " + event + "; the other observers still run", x);
            }
        }
        return failed;
    }

    /** The event and its metadata, as handed to {@link ObserverMethod#notify(EventContext)}. */
    private record Delivery<T>(T event) implements EventContext<T>, EventMetadata
    {
        @Override
        public T getEvent()
        {
            return event;
        }

        @Override
        public EventMetadata getMetadata()
        {
            return this;
        }

        @Override
        public Set<Annotation> getQualifiers()
        {
            return Set.of(Any.Literal.INSTANCE);
        }

        @Override
        public InjectionPoint getInjectionPoint()
        {
            return null;
        }

        @Override
        public Type getType()
        {
            return event.getClass();
        }
    }

    /** A request context for the delivery, unless one is active already. */
    private static final class RequestScope
    {
        private static final RequestScope NONE = new RequestScope(null, null);

        private final Instance<RequestContextController> instance;
        private final RequestContextController controller;

        private RequestScope(Instance<RequestContextController> instance, RequestContextController controller)
        {
            this.instance = instance;
            this.controller = controller;
        }

        static RequestScope activate(BeanManager beanManager)
        {
            try
            {
                Instance<RequestContextController> instance = beanManager.createInstance().select(RequestContextController.class);
                RequestContextController controller = instance.get();
                if (controller.activate())
                    return new RequestScope(instance, controller);
                instance.destroy(controller);
                return NONE;
            }
            catch (RuntimeException x)
            {
                LOG.log(Level.DEBUG, "Interlock: no request context for the observers", x);
                return NONE;
            }
        }

        void close()
        {
            if (controller == null)
                return;
            try
            {
                controller.deactivate();
                instance.destroy(controller);
            }
            catch (RuntimeException x)
            {
                LOG.log(Level.WARNING, "Interlock: could not end the request context of the observers", x);
            }
        }
    }
}
