package it.audit;

import java.io.IOException;

import dev.interlock.api.NotThreadSafe;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The same counter, already marked: a finding the audit shows as covered, for AuditCommandTest. */
@NotThreadSafe
@WebServlet("/marked")
public class MarkedRacyServlet extends HttpServlet
{
    private int count;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException
    {
        count++;
        resp.getWriter().print(count);
    }
}
