package dev.interlock.servlet;

import java.io.IOException;

import dev.interlock.executor.ExecutorGroup;
import dev.interlock.executor.GroupTask;
import dev.interlock.executor.Rejection;
import dev.interlock.group.Refusal;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AsyncContext} application code gets under a lock. {@link #start(Runnable)} runs
 * the task under the dispatch's lock, on a thread of the webapp's executor group when it has a
 * named one (on Jetty's pool otherwise); listeners run under the lock. Everything else is the
 * container's own behaviour.
 */
class InterlockAsyncContext implements AsyncContext
{
    private static final Logger LOG = LoggerFactory.getLogger(InterlockAsyncContext.class);

    private final AsyncContext delegate;
    private final ServletWebapp webapp;
    private final LockedCallbacks callbacks;

    InterlockAsyncContext(AsyncContext delegate, ServletWebapp webapp, LockedCallbacks callbacks)
    {
        this.delegate = delegate;
        this.webapp = webapp;
        this.callbacks = callbacks;
    }

    @Override
    public void start(Runnable task)
    {
        Runnable locked = () -> callbacks.runUnchecked(task);
        ExecutorGroup executor = callbacks.group().executor();
        if (executor == null)
        {
            delegate.start(locked);
            return;
        }
        ServletRequest request = delegate.getRequest();
        executor.execute(new GroupTask()
        {
            @Override
            public void run(long queuedNanos)
            {
                try
                {
                    webapp.runInScope(request, locked);
                }
                catch (Throwable x)
                {
                    LOG.warn("AsyncContext.start task failed in {}", contextPath(), x);
                }
            }

            @Override
            public void reject(Rejection cause)
            {
                LOG.warn("AsyncContext.start task of {} not run: executor group {} rejected it ({}); the request ends with 503",
                    contextPath(), executor.getName(), cause);
                ServletResponse response = delegate.getResponse();
                try
                {
                    if (!response.isCommitted())
                        ServletRefusal.send(response, new Refusal(cause.describe(executor.getName()), callbacks.group().settings().retryAfter()));
                }
                catch (IOException | RuntimeException x)
                {
                    LOG.debug("Could not write the 503 of a rejected AsyncContext.start task", x);
                }
                delegate.complete();
            }
        });
    }

    private String contextPath()
    {
        var groups = webapp.groups();
        return groups == null ? "a stopped webapp" : groups.contextPath();
    }

    @Override
    public void addListener(AsyncListener listener)
    {
        delegate.addListener(callbacks.asyncListener(listener));
    }

    @Override
    public void addListener(AsyncListener listener, ServletRequest servletRequest, ServletResponse servletResponse)
    {
        delegate.addListener(callbacks.asyncListener(listener), servletRequest, servletResponse);
    }

    @Override
    public ServletRequest getRequest()
    {
        return delegate.getRequest();
    }

    @Override
    public ServletResponse getResponse()
    {
        return delegate.getResponse();
    }

    @Override
    public boolean hasOriginalRequestAndResponse()
    {
        return delegate.hasOriginalRequestAndResponse();
    }

    @Override
    public void dispatch()
    {
        delegate.dispatch();
    }

    @Override
    public void dispatch(String path)
    {
        delegate.dispatch(path);
    }

    @Override
    public void dispatch(ServletContext context, String path)
    {
        delegate.dispatch(context, path);
    }

    @Override
    public void complete()
    {
        delegate.complete();
    }

    @Override
    public <T extends AsyncListener> T createListener(Class<T> clazz) throws ServletException
    {
        return delegate.createListener(clazz);
    }

    @Override
    public void setTimeout(long timeout)
    {
        delegate.setTimeout(timeout);
    }

    @Override
    public long getTimeout()
    {
        return delegate.getTimeout();
    }
}
