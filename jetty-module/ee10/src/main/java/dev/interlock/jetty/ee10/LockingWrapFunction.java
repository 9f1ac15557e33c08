package dev.interlock.jetty.ee10;

import java.io.IOException;

import dev.interlock.concurrency.EntryCounter;
import dev.interlock.servlet.LockedEntry;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * Wraps an ee10 webapp's servlets and filters so that every entry into them — the first
 * dispatch, forwards, includes, async and error dispatches — is a {@link LockedEntry}.
 * Components are wrapped only where a lock may be taken or a named executor group must see
 * {@code AsyncContext.start}: a webapp of the {@code server} group that is entirely {@code free}
 * with nothing declared not thread-safe keeps its servlets and filters as they are.
 *
 * <p>With {@code interlock.detect-concurrency}, each instance is also wrapped in a counter of the
 * requests inside it, innermost, so that what it counts is inside the lock: under
 * {@code application} a request waiting for the lock is not yet in the servlet. Off, nothing is
 * wrapped for it and the request path is as without the setting.</p>
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
        boolean notThreadSafe = notThreadSafe(type, "servlet");
        EntryCounter counter = binding.countEntries(type, "servlet", notThreadSafe);
        Servlet counted = counter == null ? servlet : new CountedServlet(servlet, counter);
        if (!notThreadSafe && !binding.mayLock() && !binding.entersOnGroup())
            return counted;
        return new LockedServlet(counted, notThreadSafe);
    }

    @Override
    public Filter wrapFilter(Filter filter)
    {
        Class<?> type = unwrap(filter).getClass();
        boolean notThreadSafe = notThreadSafe(type, "filter");
        EntryCounter counter = binding.countEntries(type, "filter", notThreadSafe);
        Filter counted = counter == null ? filter : new CountedFilter(filter, counter);
        if (!notThreadSafe && !binding.mayLock() && !binding.entersOnGroup())
            return counted;
        return new LockedFilter(counted, notThreadSafe);
    }

    private boolean notThreadSafe(Class<?> type, String kind)
    {
        boolean notThreadSafe = binding.isNotThreadSafe(type);
        if (notThreadSafe)
            binding.recordNotThreadSafe(type, kind);
        return notThreadSafe;
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
            LockedEntry.invoke(binding, notThreadSafe, req, res, getWrapped()::service);
        }
    }

    /** Counts the requests inside a servlet instance. */
    private static final class CountedServlet extends ServletHolder.Wrapper
    {
        private final EntryCounter counter;

        private CountedServlet(Servlet servlet, EntryCounter counter)
        {
            super(servlet);
            this.counter = counter;
        }

        @Override
        public void service(ServletRequest req, ServletResponse res) throws ServletException, IOException
        {
            EntryCounter.Inside inside = counter.enter();
            try
            {
                getWrapped().service(req, res);
            }
            finally
            {
                counter.exit(inside);
            }
        }
    }

    /** Counts the requests inside a filter instance, the rest of the chain included. */
    private static final class CountedFilter extends FilterHolder.Wrapper
    {
        private final EntryCounter counter;

        private CountedFilter(Filter filter, EntryCounter counter)
        {
            super(filter);
            this.counter = counter;
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException
        {
            EntryCounter.Inside inside = counter.enter();
            try
            {
                getWrapped().doFilter(request, response, chain);
            }
            finally
            {
                counter.exit(inside);
            }
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
            LockedEntry.invoke(binding, notThreadSafe, request, response, (req, res) -> getWrapped().doFilter(req, res, chain));
        }
    }
}
