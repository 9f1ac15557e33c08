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
 *
 * <p>{@code GET /wait?ms=N&mode=plain} waits the same time with a plain {@link Thread#sleep},
 * outside any {@code blocking(...)}: code that does not mark its waits, the honest worst case.
 * Under {@code application} or {@code shared} such a wait keeps the lock (Java gives Interlock
 * no hook there), so those waits run one at a time. {@code mode=blocking} is the default.</p>
 */
public class WaitServlet extends HttpServlet
{
    static final int MAX_MS = 60_000;
    static final String MODE_BLOCKING = "blocking";
    static final String MODE_PLAIN = "plain";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException
    {
        int ms;
        boolean plain;
        try
        {
            ms = Params.intParam(request, "ms", 0, MAX_MS);
            String mode = request.getParameter("mode");
            plain = MODE_PLAIN.equals(mode);
            if (mode != null && !plain && !MODE_BLOCKING.equals(mode))
                throw new IllegalArgumentException("query parameter 'mode' must be " + MODE_BLOCKING + " (the default) or " + MODE_PLAIN + ", not '" + mode + "'");
        }
        catch (IllegalArgumentException e)
        {
            Params.badRequest(response, e.getMessage());
            return;
        }

        long start = System.nanoTime();
        try
        {
            if (plain)
                Thread.sleep(ms);
            else
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
