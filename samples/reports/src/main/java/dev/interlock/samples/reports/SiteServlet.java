package dev.interlock.samples.reports;

import java.io.IOException;

import dev.interlock.api.Interlock;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Served at {@code /*}: everything but {@code /reports/*}, in the webapp's default application
 * group (named after its context path).
 */
public class SiteServlet extends HttpServlet
{
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException
    {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        response.setContentType("text/plain;charset=utf-8");
        response.getWriter().printf("site servlet: %s on thread %s (default application group '%s'; holds lock: %b)%n",
            path, Thread.currentThread().getName(), request.getContextPath().isEmpty() ? "/" : request.getContextPath(), Interlock.holdsLock());
    }
}
