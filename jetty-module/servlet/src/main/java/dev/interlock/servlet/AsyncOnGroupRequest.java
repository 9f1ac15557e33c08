package dev.interlock.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * The request as application code sees it in a named executor group without a lock
 * ({@code free}): only its {@link AsyncContext} differs, whose {@code start} tasks run on the
 * group's threads rather than Jetty's pool, and whose listeners run under the dispatch's lock
 * if it has one. Its streams are the container's own: with no lock there is nothing to release
 * around I/O. Under a lock, {@link InterlockRequest} adds that.
 */
class AsyncOnGroupRequest extends HttpServletRequestWrapper
{
    private final ServletWebapp webapp;
    private final LockedCallbacks callbacks;

    AsyncOnGroupRequest(HttpServletRequest request, ServletWebapp webapp, LockedCallbacks callbacks)
    {
        super(request);
        this.webapp = webapp;
        this.callbacks = callbacks;
    }

    static ServletRequest wrap(ServletRequest request, ServletWebapp webapp, LockedCallbacks callbacks)
    {
        if (!(request instanceof HttpServletRequest http) || InterlockRequest.wraps(request, AsyncOnGroupRequest.class))
            return request;
        return new AsyncOnGroupRequest(http, webapp, callbacks);
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
