package dev.interlock.jetty.ee10;

import dev.interlock.jetty.InterlockHandler;
import dev.interlock.jetty.WebappBinding;
import dev.interlock.servlet.ServletWebapp;
import jakarta.servlet.ServletRequest;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.server.Request;

/**
 * An ee10 webapp's binding: the environment-neutral {@link WebappBinding} over its
 * {@link Ee10Components}, and the servlet layer's view of it.
 *
 * <p>As a {@link ServletContextHandler.ServletContainerInitializerCaller} it is started by its
 * context before the servlet container initializers run, not with the other beans after them:
 * a CDI container boots in an initializer, and its extensions need the webapp's settings, its
 * classloader known to the engine and its not-thread-safe lock.</p>
 */
public class ServletContextBinding extends WebappBinding implements ServletWebapp, ServletContextHandler.ServletContainerInitializerCaller
{
    private final ServletContextHandler servletContext;

    ServletContextBinding(ServletContextHandler context)
    {
        super(context, new Ee10Components(context));
        this.servletContext = context;
    }

    /** The request's channel is one that re-enters the webapp on its executor group: {@link GroupServletChannel}. */
    @Override
    protected void prepareEntry(Request request)
    {
        GroupServletChannel.install(servletContext, request, this);
    }

    @Override
    public void runInScope(ServletRequest request, Runnable task)
    {
        InterlockHandler.runInScope(ServletContextRequest.getServletContextRequest(request), task);
    }

    @Override
    public void abort(ServletRequest request, Throwable failure)
    {
        ServletContextRequest.getServletContextRequest(request).getServletChannel().abort(failure);
    }
}
