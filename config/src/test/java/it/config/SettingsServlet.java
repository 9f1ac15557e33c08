package it.config;

import java.io.IOException;
import java.io.PrintWriter;

import dev.interlock.api.InterlockSettings;
import dev.interlock.api.Webapp;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Packaged into test WARs: prints the Interlock settings in force for its webapp, one
 * {@code name=value|source} per line, then the name of the thread that served the request.
 */
public class SettingsServlet extends HttpServlet
{
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
    {
        InterlockSettings settings = Webapp.current().settings();
        resp.setContentType("text/plain");
        PrintWriter out = resp.getWriter();
        for (String name : settings.names())
            out.println(name + "=" + settings.value(name).orElseThrow() + "|" + settings.source(name).orElseThrow());
        out.println("thread=" + Thread.currentThread().getName());
    }
}
