package dev.interlock.samples.counter;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Legacy code that is <em>not</em> thread-safe, on purpose: {@code POST /increment} reads an
 * {@code int} field, pauses for a millisecond (think of a slow cache or a logging call), and
 * writes the value back plus one. Two requests inside that window lose an update.
 *
 * <p>The pause is a plain {@link Thread#sleep(long)}, not an {@code Interlock.blocking(...)}
 * section, so a lock in force is kept across it. Under {@code interlock.lock=free} (the
 * default) 200 concurrent increments end with a count below 200; under
 * {@code interlock.lock=application} exactly 200.</p>
 *
 * <ul>
 *   <li>{@code POST /increment} → 204</li>
 *   <li>{@code GET /count} → the count, {@code text/plain}</li>
 *   <li>{@code POST /reset} → 204</li>
 * </ul>
 *
 * <p>Deliberately not annotated {@code @NotThreadSafe}: see {@link SafeCounterServlet} for the
 * annotated variant.</p>
 */
public class LegacyCounterServlet extends HttpServlet
{
    private int count;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException
    {
        if (!"/count".equals(action(request)))
        {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "GET " + action(request) + ": try GET count");
            return;
        }
        response.setContentType("text/plain;charset=utf-8");
        response.getWriter().println(count);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException
    {
        switch (action(request))
        {
            case "/increment" ->
            {
                int read = count;
                try
                {
                    // The race window: another request may read the same value meanwhile.
                    Thread.sleep(1);
                }
                catch (InterruptedException e)
                {
                    Thread.currentThread().interrupt();
                    response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "interrupted");
                    return;
                }
                count = read + 1;
                response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            }
            case "/reset" ->
            {
                count = 0;
                response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            }
            default -> response.sendError(HttpServletResponse.SC_NOT_FOUND, "POST " + action(request) + ": try POST increment or POST reset");
        }
    }

    /**
     * @return {@code /increment}, {@code /count}, ... whether mapped by exact path
     * ({@code /increment}) or under a prefix ({@code /safe/*})
     */
    private static String action(HttpServletRequest request)
    {
        String pathInfo = request.getPathInfo();
        return pathInfo != null ? pathInfo : request.getServletPath();
    }
}
