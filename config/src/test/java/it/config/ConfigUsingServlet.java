package it.config;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Packaged into test WARs that do not bundle MicroProfile Config: uses the server's, as a
 * webapp relying on its container would, so that SmallRye registers a {@code Config} for the
 * webapp's classloader.
 */
public class ConfigUsingServlet extends HttpServlet
{
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
    {
        resp.setContentType("text/plain");
        resp.getWriter().print(ConfigProvider.getConfig().getOptionalValue("greeting", String.class).orElse("none"));
    }
}
