package dev.interlock;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;

import dev.interlock.group.LockDomain;
import dev.interlock.testing.TestServer;
import dev.interlock.testwar.MarkedCounterServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jetty 12.1 redeploys atomically: the new instance of a webapp starts before the old one stops,
 * and both belong to the same groups meanwhile. The old one's stop must leave the new one's
 * memberships, disciplines and not-thread-safe components where they are.
 */
public class RedeployTest
{
    private TestServer server;

    @AfterEach
    public void tearDown()
    {
        server.close();
    }

    private ServletContextHandler instance()
    {
        ServletContextHandler context = server.context("/app", Map.of("/*", new MarkedCounterServlet()));
        context.setClassLoader(new URLClassLoader(new URL[0], getClass().getClassLoader()));
        return context;
    }

    @Test
    public void theOldInstancesStopLeavesTheNewInstancesGroupsAlone() throws Exception
    {
        server = new TestServer().set("interlock.webapps.app.lock", "application");
        ServletContextHandler old = instance();
        server.start();
        assertEquals(204, server.request("/app/x").method("POST").send().getStatus());
        LockDomain domain = server.interlock().getApplicationGroup("server", "/app");
        assertEquals(Map.of("app", "application"), domain.getDisciplines());
        List<String> fallbacks = List.of("servlet " + MarkedCounterServlet.class.getName() + " in app");
        assertEquals(fallbacks, domain.getFallbacks());

        // The new instance starts, then the old one stops.
        ServletContextHandler fresh = instance();
        fresh.start();
        old.stop();
        server.contexts().removeHandler(old);

        assertEquals(Map.of("app", "application"), domain.getDisciplines(), "the new instance's discipline is still recorded");
        assertEquals(fallbacks, domain.getFallbacks(), "and its not-thread-safe servlet");
        assertTrue(domain.getDisciplineSources().get("app").startsWith("interlock.webapps.app.lock=application"), domain.getDisciplineSources().toString());
        assertEquals(204, server.request("/app/x").method("POST").send().getStatus());
        String status = server.interlock().getMetrics().snapshot().applicationGroups().toString();
        assertTrue(status.contains("disciplines={app=application}"), status);

        // Once the new one stops too, nothing is left of either.
        fresh.stop();
        assertEquals(Map.of(), domain.getDisciplines());
        assertEquals(List.of(), domain.getFallbacks());
    }
}
