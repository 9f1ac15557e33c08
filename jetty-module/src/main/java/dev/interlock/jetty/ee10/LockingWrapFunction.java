package dev.interlock.jetty.ee10;

import java.io.IOException;

import dev.interlock.engine.GroupBinding;
import dev.interlock.jetty.Dispatch;
import dev.interlock.jetty.ServiceUnavailable;
import dev.interlock.lock.GroupLock;
import dev.interlock.lock.LockFrame;
import dev.interlock.lock.LockUnavailableException;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * Wraps the servlets and filters of a webapp so that every entry into them — the first
 * dispatch, forwards, includes, async and error dispatches — runs under the dispatch's lock.
 *
 * <p>The first wrapped component of a dispatch takes the lock (waiting at most until the
 * dispatch's deadline) and wraps the request and response so that blocking servlet I/O releases
 * it; the components it calls re-enter it. The lock is released when that first component
 * returns or throws, so a request that goes async holds nothing between dispatches. If the lock
 * cannot be had in time the component is not run: the response is a 503 with
 * {@code Retry-After}, or, if already committed, the dispatch fails.</p>
 *
 * <p>Components are wrapped only where a lock may be taken: a webapp that is entirely
 * {@code free} with nothing declared not thread-safe keeps its servlets and filters as they are.</p>
 */
class LockingWrapFunction implements ServletHolder.WrapFunction, FilterHolder.WrapFunction
{
    private final ServletContextBinding binding;

    LockingWrapFunction(ServletContextBinding binding)
    {
        this.binding = binding;
    }

    @Override
    public Servlet wrapServlet(Servlet servlet)
    {
        Class<?> type = unwrap(servlet).getClass();
        boolean notThreadSafe = binding.isNotThreadSafe(type);
        if (notThreadSafe)
            binding.recordNotThreadSafe(type, "servlet");
        if (!notThreadSafe && !binding.mayLock())
            return servlet;
        return new LockedServlet(servlet, notThreadSafe);
    }

    @Override
    public Filter wrapFilter(Filter filter)
    {
        Class<?> type = unwrap(filter).getClass();
        boolean notThreadSafe = binding.isNotThreadSafe(type);
        if (notThreadSafe)
            binding.recordNotThreadSafe(type, "filter");
        if (!notThreadSafe && !binding.mayLock())
            return filter;
        return new LockedFilter(filter, notThreadSafe);
    }

    private static Object unwrap(Object component)
    {
        Object c = component;
        while (true)
        {
            if (c instanceof ServletHolder.Wrapper w)
                c = w.getWrapped();
            else if (c instanceof FilterHolder.Wrapper w)
                c = w.getWrapped();
            else
                return c;
        }
    }

    /** The code run under the lock: the wrapped component's own method. */
    private interface Body
    {
        void run(ServletRequest request, ServletResponse response) throws IOException, ServletException;
    }

    private void invoke(boolean notThreadSafe, ServletRequest request, ServletResponse response, Body body) throws IOException, ServletException
    {
        Dispatch dispatch = Dispatch.of(binding, request::getAttribute);
        GroupBinding group = dispatch.binding();
        GroupLock lock = notThreadSafe ? group.lockForNotThreadSafe() : group.lockInForce();
        if (lock == null)
        {
            body.run(request, response);
            return;
        }
        LockFrame frame = LockFrame.current();
        LockFrame.Entry entry;
        try
        {
            entry = frame.enter(lock, group.settings(), notThreadSafe, dispatch.lockTimeout());
        }
        catch (LockUnavailableException x)
        {
            refuse(response, x);
            return;
        }
        try
        {
            if (entry == LockFrame.Entry.ACQUIRED)
            {
                LockedCallbacks callbacks = new LockedCallbacks(group, lock, notThreadSafe);
                body.run(InterlockRequest.wrap(request, binding, callbacks), InterlockResponse.wrap(response, callbacks));
            }
            else
                body.run(request, response);
        }
        finally
        {
            frame.exit(entry, notThreadSafe);
        }
    }

    static void refuse(ServletResponse response, LockUnavailableException x) throws IOException
    {
        if (response.isCommitted())
            throw new IOException(x.getMessage(), x);
        response.reset();
        if (response instanceof HttpServletResponse http)
        {
            http.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            http.setHeader("Retry-After", ServiceUnavailable.retryAfterSeconds(x.getRetryAfter()));
            http.setHeader("Cache-Control", "no-store");
        }
        response.setContentType("text/plain;charset=utf-8");
        response.getWriter().println("503 Service Unavailable: " + x.getMessage());
    }

    private final class LockedServlet extends ServletHolder.Wrapper
    {
        private final boolean notThreadSafe;

        private LockedServlet(Servlet servlet, boolean notThreadSafe)
        {
            super(servlet);
            this.notThreadSafe = notThreadSafe;
        }

        @Override
        public void service(ServletRequest req, ServletResponse res) throws ServletException, IOException
        {
            invoke(notThreadSafe, req, res, getWrapped()::service);
        }
    }

    private final class LockedFilter extends FilterHolder.Wrapper
    {
        private final boolean notThreadSafe;

        private LockedFilter(Filter filter, boolean notThreadSafe)
        {
            super(filter);
            this.notThreadSafe = notThreadSafe;
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException
        {
            invoke(notThreadSafe, request, response, (req, res) -> getWrapped().doFilter(req, res, chain));
        }
    }
}
