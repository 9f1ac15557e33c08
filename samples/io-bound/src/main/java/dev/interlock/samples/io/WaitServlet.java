package dev.interlock.samples.io;

import java.io.IOException;

import dev.interlock.api.Interlock;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.interlock.samples.support.Params;

/**
 * {@code GET /wait?ms=N}: waits N ms (0 to 60000) inside {@link Interlock#blocking}, standing
 * for a JDBC query or a remote call, then answers 200. Under a lock the wait does not hold it:
 * many waits overlap even under {@code interlock.lock=application}.
 */
public class WaitServlet extends HttpServlet
{
    static final int MAX_MS = 60_000;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException
    {
        int ms;
        try
        {
            ms = Params.intParam(request, "ms", 0, MAX_MS);
        }
        catch (IllegalArgumentException e)
        {
            Params.badRequest(response, e.getMessage());
            return;
        }

        long start = System.nanoTime();
        try
        {
            Interlock.blocking(() -> Thread.sleep(ms));
        }
        catch (InterruptedException e)
        {
            Thread.currentThread().interrupt();
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "interrupted while waiting");
            return;
        }
        long waited = (System.nanoTime() - start) / 1_000_000;

        response.setContentType("text/plain;charset=utf-8");
        response.getWriter().printf("waited %d ms (asked %d) on %s%n", waited, ms, Thread.currentThread().getName());
    }
}
