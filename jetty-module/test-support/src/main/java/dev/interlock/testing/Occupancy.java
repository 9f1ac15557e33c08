package dev.interlock.testing;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Records how many requests run application code at the same moment, across every servlet
 * that shares one {@code Occupancy}. With {@code ?meet=MS&want=N} a request waits up to MS until N requests
 * (default 2) have been inside at once, so that parallelism, where it is allowed, is observed for certain.
 * Nothing here measures time: only counts.
 */
public final class Occupancy
{
    private final AtomicInteger inside = new AtomicInteger();
    private final AtomicInteger max = new AtomicInteger();

    public int max()
    {
        return max.get();
    }

    public int inside()
    {
        return inside.get();
    }

    public HttpServlet servlet()
    {
        return new HttpServlet()
        {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
            {
                long meetMillis = req.getParameter("meet") == null ? 0 : Long.parseLong(req.getParameter("meet"));
                int want = req.getParameter("want") == null ? 2 : Integer.parseInt(req.getParameter("want"));
                int now = inside.incrementAndGet();
                max.accumulateAndGet(now, Math::max);
                try
                {
                    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(meetMillis);
                    // Wait on the monotonic maximum, not on the current count: the second request
                    // may enter and leave before this thread looks again.
                    while (max.get() < want && System.nanoTime() < deadline)
                        Thread.onSpinWait();
                }
                finally
                {
                    inside.decrementAndGet();
                }
                resp.setContentType("text/plain");
                resp.getWriter().print(Thread.currentThread().getName());
            }
        };
    }
}

