package it.express;

import java.io.IOException;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Packaged into ExpressIT's WARs: answers the Servlet version the webapp runs under and the class
 * of its {@code ServletContext}, which names Jetty's environment
 * ({@code 6.1 org.eclipse.jetty.ee11.servlet.ServletContextHandler$ServletContextApi}).
 */
public class SpecServlet extends HttpServlet
{
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
    {
        ServletContext context = getServletContext();
        resp.setContentType("text/plain");
        resp.getWriter().print(context.getMajorVersion() + "." + context.getMinorVersion() + " " + context.getClass().getName());
    }
}
