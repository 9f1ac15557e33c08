package it.war;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Packaged into test WARs: says on stdout that a request is inside (a forked Jetty's log is what
 * its test can see), then takes {@code ms} milliseconds to answer.
 */
public class SlowServlet extends HttpServlet
{
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
    {
        System.out.println("SlowServlet: request entered " + req.getRequestURI());
        System.out.flush();
        try
        {
            Thread.sleep(Long.parseLong(req.getParameter("ms")));
        }
        catch (InterruptedException x)
        {
            Thread.currentThread().interrupt();
        }
        resp.getWriter().print("slept");
    }
}
