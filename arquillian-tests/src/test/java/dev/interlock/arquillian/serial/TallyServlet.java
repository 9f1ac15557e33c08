package dev.interlock.arquillian.serial;

import java.io.IOException;
import java.io.PrintWriter;

import dev.interlock.cdi.Worker;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import journal.Journal;

/**
 * Part of the serial WAR:
 * <ul>
 *   <li>{@code POST /tally/safe} and {@code POST /tally/unsafe} increment {@link Tally} or
 *   {@link UnsafeTally} once;</li>
 *   <li>{@code POST /tally/background?n=N} submits N increments of {@link Tally} to a tracked
 *   executor of 4 threads and returns; each one done is journalled in {@code /tally};</li>
 *   <li>{@code GET /tally} reports, one {@code name=value} a line, both counts and whether each
 *   bean's method runs under a lock.</li>
 * </ul>
 */
@WebServlet("/tally/*")
public class TallyServlet extends HttpServlet
{
    @Inject
    Tally safe;

    @Inject
    UnsafeTally unsafe;

    @Inject
    @Worker(value = "tally", threads = 4)
    ManagedExecutorService background;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException
    {
        String what = request.getPathInfo() == null ? "" : request.getPathInfo();
        switch (what)
        {
            case "/safe" -> safe.increment();
            case "/unsafe" -> unsafe.increment();
            case "/background" ->
            {
                int n = Integer.parseInt(request.getParameter("n"));
                String book = request.getContextPath();
                for (int i = 0; i < n; i++)
                {
                    background.execute(() ->
                    {
                        safe.increment();
                        Journal.add(book, "background increment");
                    });
                }
            }
            default ->
            {
                response.sendError(404);
                return;
            }
        }
        response.getWriter().print("ok");
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException
    {
        response.setContentType("text/plain;charset=utf-8");
        PrintWriter out = response.getWriter();
        out.println("safe=" + safe.count());
        out.println("unsafe=" + unsafe.count());
        out.println("safeHoldsLock=" + safe.holdsLock());
        out.println("unsafeHoldsLock=" + unsafe.holdsLock());
    }
}
