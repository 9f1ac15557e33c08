package dev.interlock.jetty;

import java.util.Set;
import java.util.function.Supplier;

import dev.interlock.options.Warnings;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.component.Container;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * Watches every context of the server, whenever it is added, and warns once per deployed context
 * whose Jetty environment Interlock does not cover (ee8, ee9; Interlock covers ee10 and ee11): such
 * a webapp runs unchanged, on Jetty's pool and without a lock, whatever {@code interlock.*}
 * settings name it. The environment is told by the package of the context's class (or of the
 * Jetty class it extends): {@code org.eclipse.jetty.eeN.}. A context is judged when it has started,
 * once its context path is final.
 *
 * <p>An inherited container listener of the server: Jetty hands it to every container in the
 * handler tree, so it sees the contexts of a {@code ContextHandlerCollection} whether they were
 * there at start or deployed later.</p>
 */
final class UncoveredEnvironments implements Container.InheritedListener, LifeCycle.Listener
{
    /** The environments the adapters cover. */
    static final Set<String> COVERED = Set.of("ee10", "ee11");
    private static final String JETTY_PACKAGE = "org.eclipse.jetty.";

    private final Supplier<Warnings> warnings;

    /**
     * @param warnings the engine's warnings of its current start
     */
    UncoveredEnvironments(Supplier<Warnings> warnings)
    {
        this.warnings = warnings;
    }

    /** Watches the contexts the server has now and every one added later. */
    void watch(Server server)
    {
        server.addEventListener(this);
        for (ContextHandler context : server.getDescendants(ContextHandler.class))
            beanAdded(server, context);
    }

    void unwatch(Server server)
    {
        server.removeEventListener(this);
    }

    @Override
    public void beanAdded(Container parent, Object child)
    {
        if (!(child instanceof ContextHandler context))
            return;
        String environment = environment(context.getClass());
        if (environment == null || COVERED.contains(environment))
            return;
        if (context.isStarted())
            lifeCycleStarted(context);
        else
            context.addEventListener(this);
    }

    @Override
    public void beanRemoved(Container parent, Object child)
    {
        if (child instanceof ContextHandler context)
            context.removeEventListener(this);
    }

    @Override
    public void lifeCycleStarted(LifeCycle event)
    {
        if (!(event instanceof ContextHandler context))
            return;
        String environment = environment(context.getClass());
        if (environment == null || COVERED.contains(environment))
            return;
        String path = context.getContextPath();
        warnings.get().warn("environment " + environment + " " + path + "@" + Integer.toHexString(System.identityHashCode(context)),
            "Interlock: webapp " + path + " runs in Jetty's " + environment + " environment, which Interlock does not cover (it covers " +
                String.join(" and ", COVERED.stream().sorted().toList()) + "): it runs unchanged, on Jetty's pool and without a lock, " +
                "whatever interlock.* settings name it");
    }

    /**
     * @param type a context's class
     * @return the Jetty environment ({@code ee9}) of the nearest Jetty class it is or extends, or
     * {@code null} for a context of no environment (Jetty's core)
     */
    static String environment(Class<?> type)
    {
        for (Class<?> c = type; c != null; c = c.getSuperclass())
        {
            String name = c.getName();
            if (!name.startsWith(JETTY_PACKAGE))
                continue;
            String rest = name.substring(JETTY_PACKAGE.length());
            int dot = rest.indexOf('.');
            if (dot > 2 && rest.startsWith("ee") && rest.substring(2, dot).chars().allMatch(Character::isDigit))
                return rest.substring(0, dot);
            return null;
        }
        return null;
    }
}
