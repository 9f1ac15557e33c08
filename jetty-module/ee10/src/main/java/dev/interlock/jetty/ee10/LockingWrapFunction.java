package dev.interlock.jetty.ee10;

import java.io.IOException;

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
        boolean notThreadSafe = notThreadSafe(servlet, "servlet");
        if (!notThreadSafe && !binding.mayLock() && !binding.entersOnGroup())
            return servlet;
        return new LockedServlet(servlet, notThreadSafe);
    }

    @Override
    public Filter wrapFilter(Filter filter)
    {
        boolean notThreadSafe = notThreadSafe(filter, "filter");
        if (!notThreadSafe && !binding.mayLock() && !binding.entersOnGroup())
            return filter;
        return new LockedFilter(filter, notThreadSafe);
    }

    private boolean notThreadSafe(Object component, String kind)
    {
        Class<?> type = unwrap(component).getClass();
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
