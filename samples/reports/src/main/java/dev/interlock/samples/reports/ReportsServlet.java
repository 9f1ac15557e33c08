package dev.interlock.samples.reports;

import java.io.IOException;

import dev.interlock.api.Interlock;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Served at {@code /reports/*}. The webapp's {@code interlock.routes} context parameter sends
 * these paths to application group {@code reports}, a lock domain of their own: under
 * {@code interlock.lock=application} a slow report never waits for the lock of the rest of the
 * site, nor the site for a report.
 */
public class ReportsServlet extends HttpServlet
{
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException
    {
        String report = request.getPathInfo() == null || "/".equals(request.getPathInfo()) ? "(index)" : request.getPathInfo().substring(1);
        response.setContentType("text/plain;charset=utf-8");
        response.getWriter().printf("reports servlet: report %s on thread %s (route /reports/* -> application group 'reports'; holds lock: %b)%n",
            report, Thread.currentThread().getName(), Interlock.holdsLock());
    }
}
