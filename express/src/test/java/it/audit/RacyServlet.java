package it.audit;

import java.io.IOException;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** A counter in a field, for AuditCommandTest: the audit must ask for it to be marked. */
@WebServlet("/racy")
public class RacyServlet extends HttpServlet
{
    private int count;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException
    {
        count++;
        resp.getWriter().print(count);
    }
}
