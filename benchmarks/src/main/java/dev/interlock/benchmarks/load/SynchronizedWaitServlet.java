package dev.interlock.benchmarks.load;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * What people write today to keep thread-unsafe code to one request at a time, without
 * Interlock: a {@code synchronized} {@code doGet}. It waits as long as it is told (standing for
 * the same JDBC query or remote call as the io-bound sample's {@code /wait?ms=20}) while holding
 * the servlet's monitor, and answers as that sample does.
 */
public class SynchronizedWaitServlet extends HttpServlet
{
    private final int waitMs;

    SynchronizedWaitServlet(int waitMs)
    {
        this.waitMs = waitMs;
    }

    @Override
    protected synchronized void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException
    {
        long start = System.nanoTime();
        try
        {
            Thread.sleep(waitMs);
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "interrupted while waiting");
            return;
        }
        long waited = (System.nanoTime() - start) / 1_000_000;
        response.setContentType("text/plain;charset=utf-8");
        response.getWriter().printf("waited %d ms (asked %d) on %s%n", waited, waitMs, Thread.currentThread().getName());
    }
}
