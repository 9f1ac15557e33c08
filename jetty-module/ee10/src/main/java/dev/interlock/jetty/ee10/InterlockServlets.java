package dev.interlock.jetty.ee10;

import dev.interlock.jetty.InterlockHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;

/**
 * Enables Interlock on an ee10 {@link ServletContextHandler}: the one call an embedded server
 * needs. Every {@code WebAppContext} gets the same through {@link InterlockConfiguration} when
 * the jar is on the server's classpath.
 */
public final class InterlockServlets
{
    private InterlockServlets()
    {
    }

    /**
     * Installs Interlock on {@code context}: its binding bean, the hand-off handler in front of
     * its session, security and servlet handlers, and the wrap functions around its servlets and
     * filters. Call before the context starts (or from a configuration of a starting
     * {@code WebAppContext}); calling twice does nothing more. The settings are
     * resolved when the context starts, from the server's {@code InterlockServer} bean (added
     * with defaults if absent) and the context's {@code interlock.*} init parameters.
     *
     * @param context the context
     * @return the context's binding
     * @throws IllegalStateException if the context is already started
     */
    public static ServletContextBinding enable(ServletContextHandler context)
    {
        ServletContextBinding existing = context.getBean(ServletContextBinding.class);
        if (existing != null)
            return existing;
        // A WebAppContext calls its configurations while STARTING, before its beans and
        // handlers start: that is still early enough.
        if (context.isStarted())
            throw new IllegalStateException("Interlock must be enabled before the context starts: " + context);
        ServletContextBinding binding = new ServletContextBinding(context);
        context.addBean(binding, true);
        context.addBean(new LockingWrapFunction(binding), true);
        context.insertHandler(new InterlockHandler(binding));
        return binding;
    }
}
