package it.war;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Answers the content of {@code /WEB-INF/version.txt}: which build of the WAR is deployed. */
public class VersionServlet extends HttpServlet
{
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
    {
        try (InputStream in = getServletContext().getResourceAsStream("/WEB-INF/version.txt"))
        {
            resp.setContentType("text/plain");
            resp.getWriter().print(in == null ? "none" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
        }
    }
}
