package dev.interlock.testing;

import java.util.EnumSet;
import java.util.Map;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import org.eclipse.jetty.server.handler.ContextHandler;

/**
 * The Jetty environments Interlock covers, for tests that run once for each
 * ({@code @EnumSource(Environment.class)}): each builds a servlet context of its environment with
 * Interlock enabled, through that environment's adapter. What the tests do with the context
 * afterwards goes through Jetty's core {@link ContextHandler}, which both extend.
 */
public enum Environment
{
    /** Jakarta EE 10, Servlet 6.0: {@code org.eclipse.jetty.ee10}, {@code interlock-ee10}. */
    EE10
    {
        @Override
        public ContextHandler context(String contextPath, Map<String, Servlet> servlets)
        {
            org.eclipse.jetty.ee10.servlet.ServletContextHandler context = new org.eclipse.jetty.ee10.servlet.ServletContextHandler(contextPath);
            servlets.forEach((path, servlet) -> context.addServlet(new org.eclipse.jetty.ee10.servlet.ServletHolder(servlet), path));
            dev.interlock.jetty.ee10.InterlockServlets.enable(context);
            return context;
        }

        @Override
        public void errorPage(ContextHandler context, int status, String location)
        {
            org.eclipse.jetty.ee10.servlet.ServletContextHandler servlets = (org.eclipse.jetty.ee10.servlet.ServletContextHandler)context;
            org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler errors = servlets.getErrorHandler() instanceof org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler e
                ? e : new org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler();
            errors.addErrorPage(status, location);
            servlets.setErrorHandler(errors);
        }

        @Override
        public void filter(ContextHandler context, Filter filter, String pathSpec, EnumSet<DispatcherType> dispatches)
        {
            ((org.eclipse.jetty.ee10.servlet.ServletContextHandler)context).addFilter(new org.eclipse.jetty.ee10.servlet.FilterHolder(filter), pathSpec, dispatches);
        }
    },

    /** Jakarta EE 11, Servlet 6.1: {@code org.eclipse.jetty.ee11}, {@code interlock-ee11}. */
    EE11
    {
        @Override
        public ContextHandler context(String contextPath, Map<String, Servlet> servlets)
        {
            org.eclipse.jetty.ee11.servlet.ServletContextHandler context = new org.eclipse.jetty.ee11.servlet.ServletContextHandler(contextPath);
            servlets.forEach((path, servlet) -> context.addServlet(new org.eclipse.jetty.ee11.servlet.ServletHolder(servlet), path));
            dev.interlock.jetty.ee11.InterlockServlets.enable(context);
            return context;
        }

        @Override
        public void errorPage(ContextHandler context, int status, String location)
        {
            org.eclipse.jetty.ee11.servlet.ServletContextHandler servlets = (org.eclipse.jetty.ee11.servlet.ServletContextHandler)context;
            org.eclipse.jetty.ee11.servlet.ErrorPageErrorHandler errors = servlets.getErrorHandler() instanceof org.eclipse.jetty.ee11.servlet.ErrorPageErrorHandler e
                ? e : new org.eclipse.jetty.ee11.servlet.ErrorPageErrorHandler();
            errors.addErrorPage(status, location);
            servlets.setErrorHandler(errors);
        }

        @Override
        public void filter(ContextHandler context, Filter filter, String pathSpec, EnumSet<DispatcherType> dispatches)
        {
            ((org.eclipse.jetty.ee11.servlet.ServletContextHandler)context).addFilter(new org.eclipse.jetty.ee11.servlet.FilterHolder(filter), pathSpec, dispatches);
        }
    };

    /**
     * A servlet context of this environment with Interlock enabled, not yet added to a server.
     *
     * @param contextPath its context path
     * @param servlets path spec to servlet
     * @return the context
     */
    public abstract ContextHandler context(String contextPath, Map<String, Servlet> servlets);

    /**
     * Sends responses with {@code status} to the error page at {@code location} of the context.
     *
     * @param context a context this environment built
     * @param status an HTTP status
     * @param location a path within the context
     */
    public abstract void errorPage(ContextHandler context, int status, String location);

    /**
     * Maps a filter in the context, before the servlets, for {@code REQUEST} dispatches.
     *
     * @param context a context this environment built, not started
     * @param filter the filter
     * @param pathSpec where it applies
     */
    public void filter(ContextHandler context, Filter filter, String pathSpec)
    {
        filter(context, filter, pathSpec, null);
    }

    /**
     * Maps a filter in the context, before the servlets.
     *
     * @param context a context this environment built, not started
     * @param filter the filter
     * @param pathSpec where it applies
     * @param dispatches the dispatches it applies to, or {@code null} for {@code REQUEST} only
     */
    public abstract void filter(ContextHandler context, Filter filter, String pathSpec, EnumSet<DispatcherType> dispatches);

    /**
     * @return the environment's name as Jetty writes it: {@code ee10}, {@code ee11}
     */
    public String jettyName()
    {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
