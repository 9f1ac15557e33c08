package dev.interlock.arquillian.shutdown;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import journal.Journal;

/**
 * {@code GET /jobs?submit=N} submits N jobs; {@code GET /slow} waits for the journal's gate
 * (a request in flight), then records that it finished.
 */
@WebServlet("/*")
public class JobsServlet extends HttpServlet
{
    @Inject
    JobsBean jobs;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
    {
        String book = req.getContextPath();
        jobs.book(book);
        if (req.getPathInfo() != null && req.getPathInfo().equals("/slow"))
        {
            Journal.add(book, "request started");
            Journal.park(book);
            Journal.add(book, "request done");
        }
        else if (req.getParameter("submit") != null)
        {
            jobs.submit(Integer.parseInt(req.getParameter("submit")));
        }
        resp.getWriter().print("ok");
    }
}
