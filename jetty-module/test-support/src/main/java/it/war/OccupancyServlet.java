package it.war;

import java.io.IOException;

import it.shared.Occupancy;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET ?meet=MS} records a visit in the occupancy counter named by the context init
 * parameter {@code pair}; {@code GET ?max} answers that counter's maximum.
 */
public class OccupancyServlet extends HttpServlet
{
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
    {
        String pair = getServletContext().getInitParameter("pair");
        resp.setContentType("text/plain");
        if (req.getParameter("max") != null)
            resp.getWriter().print(Occupancy.max(pair));
        else
            resp.getWriter().print(Occupancy.visit(pair, Long.parseLong(req.getParameter("meet"))) + " " + Thread.currentThread().getName());
    }
}
