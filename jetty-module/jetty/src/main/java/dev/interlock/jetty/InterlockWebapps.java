package dev.interlock.jetty;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.interlock.api.Webapp;
import dev.interlock.api.spi.Webapps;
import org.eclipse.jetty.server.handler.ContextHandler;

/**
 * The engine's answer to {@link Webapp#current()}: the webapp of the context the calling thread
 * is in, else the webapp whose classloader is the thread's context classloader (or an ancestor
 * of it), so that listeners, beans and tracked workers find theirs too.
 */
final class InterlockWebapps implements Webapps
{
    private final Map<ClassLoader, WebappBinding> byLoader = new ConcurrentHashMap<>();

    void register(WebappBinding binding)
    {
        ClassLoader loader = binding.getClassLoader();
        if (loader != null)
            byLoader.put(loader, binding);
    }

    void unregister(WebappBinding binding)
    {
        ClassLoader loader = binding.getClassLoader();
        if (loader != null)
            byLoader.remove(loader, binding);
    }

    /**
     * @return the bindings of the webapps running now
     */
    java.util.Collection<WebappBinding> bindings()
    {
        return java.util.List.copyOf(byLoader.values());
    }

    void clear()
    {
        byLoader.clear();
    }

    @Override
    public Webapp current()
    {
        ContextHandler context = ContextHandler.getCurrentContextHandler();
        WebappBinding binding = context == null ? null : context.getBean(WebappBinding.class);
        if (binding == null)
            binding = byLoader(Thread.currentThread().getContextClassLoader());
        if (binding == null)
            throw new IllegalStateException("Thread " + Thread.currentThread().getName() + " belongs to no webapp of this server: Webapp.current() works on a webapp's request threads, listeners, beans and tracked workers");
        return binding.getWorkers();
    }

    @Override
    public Webapp of(ClassLoader loader)
    {
        WebappBinding binding = byLoader(loader);
        if (binding == null)
            throw new IllegalStateException("Classloader " + loader + " belongs to no webapp of this server");
        return binding.getWorkers();
    }

    private WebappBinding byLoader(ClassLoader loader)
    {
        for (ClassLoader l = loader; l != null; l = l.getParent())
        {
            WebappBinding binding = byLoader.get(l);
            if (binding != null)
                return binding;
        }
        return null;
    }

    @Override
    public String toString()
    {
        return "InterlockWebapps" + byLoader.values();
    }
}
