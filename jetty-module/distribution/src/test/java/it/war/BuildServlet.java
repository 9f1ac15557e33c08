package it.war;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Packaged into the rolling-redeploy test's WAR: takes {@code ms} milliseconds (so that requests
 * are in flight whenever a node stops), then answers which build of the WAR served it, read from
 * {@code /WEB-INF/version.txt} at that moment. A webapp torn down under the request cannot read it
 * any more, and its answer is then not a build's name.
 */
public class BuildServlet extends HttpServlet
{
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
    {
        String ms = req.getParameter("ms");
        try
        {
            Thread.sleep(ms == null ? 0 : Long.parseLong(ms));
        }
        catch (InterruptedException x)
        {
            Thread.currentThread().interrupt();
        }
        try (InputStream in = getServletContext().getResourceAsStream("/WEB-INF/version.txt"))
        {
            resp.setContentType("text/plain");
            resp.getWriter().print(in == null ? "none" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
        }
    }
}
