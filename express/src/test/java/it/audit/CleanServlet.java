package it.audit;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** A counter done right, for AuditCommandTest: nothing to report. */
@WebServlet("/clean")
public class CleanServlet extends HttpServlet
{
    private final AtomicLong count = new AtomicLong();

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException
    {
        resp.getWriter().print(count.incrementAndGet());
    }
}
