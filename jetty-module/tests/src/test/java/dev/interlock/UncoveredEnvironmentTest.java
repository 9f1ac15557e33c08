package dev.interlock;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import dev.interlock.api.Interlock;
import dev.interlock.testing.Environment;
import dev.interlock.testing.TestServer;
import jakarta.servlet.Servlet;
import org.eclipse.jetty.ee8.servlet.ServletContextHandler;
import org.eclipse.jetty.ee8.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A webapp of a Jetty environment Interlock does not cover (here a real ee8 context; ee9's jars
 * are not served where this was written, and the check is the same: the package of the context's
 * class) gets one
 * warning naming it and its environment, whether it was there when the server started or
 * deployed later, and runs as on plain Jetty: on Jetty's pool, without a lock, whatever the
 * settings say; next to it an ee10 and an ee11 webapp get their executor group and lock.
 */
public class UncoveredEnvironmentTest
{
    private TestServer server;

    @AfterEach
    public void tearDown()
    {
        if (server != null)
            server.close();
    }

    private static String where()
    {
        String thread = Thread.currentThread().getName();
        return (thread.startsWith("interlock-g-") ? "group g" : thread.startsWith("test-server") ? "jetty" : thread) + " " + Interlock.holdsLock();
    }

    private static Servlet jakartaWhere()
    {
        return new jakarta.servlet.http.HttpServlet()
        {
            @Override
            protected void doGet(jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse resp) throws IOException
            {
                resp.getWriter().print(where());
            }
        };
    }

    /** An ee8 servlet: javax.servlet. */
    private static javax.servlet.http.HttpServlet javaxWhere()
    {
        return new javax.servlet.http.HttpServlet()
        {
            @Override
            protected void doGet(javax.servlet.http.HttpServletRequest req, javax.servlet.http.HttpServletResponse resp) throws IOException
            {
                resp.getWriter().print(where());
            }
        };
    }

    private static ServletContextHandler ee8(String contextPath)
    {
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath(contextPath);
        context.addServlet(new ServletHolder(javaxWhere()), "/*");
        return context;
    }

    private static String warning(String contextPath)
    {
        return "Interlock: webapp " + contextPath + " runs in Jetty's ee8 environment, which Interlock does not cover (it covers ee10 and ee11): " +
            "it runs unchanged, on Jetty's pool and without a lock, whatever interlock.* settings name it";
    }

    private List<String> environmentWarnings()
    {
        return server.interlock().getWarnings().stream().filter(w -> w.contains(" environment, ")).toList();
    }

    @Test
    public void ee8WebappIsWarnedAboutOnceAndRunsUnchanged() throws Exception
    {
        server = new TestServer();
        server.set("interlock.executor-groups.g.threads", "2");
        server.set("interlock.executor-group", "g");
        server.set("interlock.lock", "application");
        server.context(Environment.EE10, "/ten", Map.of("/*", jakartaWhere()));
        server.context(Environment.EE11, "/eleven", Map.of("/*", jakartaWhere()));
        ServletContextHandler old = ee8("/old");
        server.contexts().addHandler(old.get());
        server.start();

        assertEquals("group g true", server.get("/ten/x").getContentAsString());
        assertEquals("group g true", server.get("/eleven/x").getContentAsString());
        assertEquals("jetty false", server.get("/old/x").getContentAsString());
        assertEquals(List.of(warning("/old")), environmentWarnings());

        // Deployed while the server runs: warned about too, once.
        ServletContextHandler later = ee8("/later");
        server.contexts().addHandler(later.get());
        later.get().start();
        assertEquals("jetty false", server.get("/later/x").getContentAsString());
        // Restarted: the same deployment, no second warning.
        later.get().stop();
        later.get().start();
        assertEquals("jetty false", server.get("/later/x").getContentAsString());
        assertEquals(List.of(warning("/old"), warning("/later")), environmentWarnings());
        assertTrue(server.interlock().getWarnings().stream().noneMatch(w -> w.contains("/ten") || w.contains("/eleven")), server.interlock().getWarnings().toString());
    }
}
