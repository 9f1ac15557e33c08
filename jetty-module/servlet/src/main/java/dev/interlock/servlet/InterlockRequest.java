package dev.interlock.servlet;

import java.io.BufferedReader;
import java.io.IOException;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * The request as application code sees it under a lock: its stream and reader release the lock
 * around input that may block, and its {@link AsyncContext} runs started tasks and listeners
 * under the same lock (and, for a named executor group, on the group's threads).
 */
class InterlockRequest extends HttpServletRequestWrapper
{
    private final ServletWebapp webapp;
    private final LockedCallbacks callbacks;
    private ReleasingInputStream in;
    private ReleasingReader reader;

    private InterlockRequest(HttpServletRequest request, ServletWebapp webapp, LockedCallbacks callbacks)
    {
        super(request);
        this.webapp = webapp;
        this.callbacks = callbacks;
    }

    static ServletRequest wrap(ServletRequest request, ServletWebapp webapp, LockedCallbacks callbacks)
    {
        if (!(request instanceof HttpServletRequest http) || wraps(request, InterlockRequest.class))
            return request;
        return new InterlockRequest(http, webapp, callbacks);
    }

    LockedCallbacks callbacks()
    {
        return callbacks;
    }

    static boolean wraps(Object wrapper, Class<?> type)
    {
        Object o = wrapper;
        while (true)
        {
            if (type.isInstance(o))
                return true;
            if (o instanceof ServletRequestWrapper w)
                o = w.getRequest();
            else if (o instanceof ServletResponseWrapper w)
                o = w.getResponse();
            else
                return false;
        }
    }

    @Override
    public ServletInputStream getInputStream() throws IOException
    {
        ServletInputStream stream = super.getInputStream();
        if (in == null)
            in = new ReleasingInputStream(stream, callbacks);
        return in;
    }

    @Override
    public BufferedReader getReader() throws IOException
    {
        BufferedReader r = super.getReader();
        if (reader == null)
            reader = new ReleasingReader(r);
        return reader;
    }

    @Override
    public AsyncContext startAsync() throws IllegalStateException
    {
        return new InterlockAsyncContext(super.startAsync(), webapp, callbacks);
    }

    @Override
    public AsyncContext startAsync(ServletRequest servletRequest, ServletResponse servletResponse) throws IllegalStateException
    {
        return new InterlockAsyncContext(super.startAsync(servletRequest, servletResponse), webapp, callbacks);
    }

    @Override
    public AsyncContext getAsyncContext()
    {
        AsyncContext context = super.getAsyncContext();
        return context == null || context instanceof InterlockAsyncContext ? context : new InterlockAsyncContext(context, webapp, callbacks);
    }
}
