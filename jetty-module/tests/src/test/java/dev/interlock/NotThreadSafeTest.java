package dev.interlock;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import dev.interlock.api.ApplicationGroup;
import dev.interlock.api.Interlock;
import dev.interlock.api.NotThreadSafe;
import dev.interlock.testing.Environment;
import dev.interlock.testing.Occupancy;
import dev.interlock.testing.TestServer;
import it.war.CounterServlet;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The thread-unsafe fallback (annotation and configured list), path routes and
 * {@code @ApplicationGroup}.
 */
public class NotThreadSafeTest
{
    private TestServer server;

    @AfterEach
    public void tearDown()
    {
        server.close();
    }

    @NotThreadSafe
    public static class MarkedCounter extends CounterServlet
    {
    }

    public static class ListedCounter extends CounterServlet
    {
    }

    /** Counts with a racy field too, but as a filter in front of a thread-safe servlet. */
    @NotThreadSafe
    public static class MarkedFilter implements Filter
    {
        private final CounterServlet.RacyCount count = new CounterServlet.RacyCount();

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException
        {
            if ("POST".equals(((HttpServletRequest)request).getMethod()))
            {
                count.increment();
                ((HttpServletResponse)response).setStatus(204);
                return;
            }
            response.getWriter().print(count.get());
        }
    }

    private int count(String path) throws Exception
    {
        List<ContentResponse> responses = server.load("POST", path + "/increment", 300, 24);
        responses.forEach(r -> assertEquals(204, r.getStatus()));
        return server.count(path + "/count");
    }

    @ParameterizedTest
    @EnumSource(Environment.class)
    public void markedAndListedComponentsRunUnderTheirGroupsLockUnderFree(Environment environment) throws Exception
    {
        server = new TestServer();
        server.set("interlock.not-thread-safe", ListedCounter.class.getName());
        server.context(environment, "/marked", Map.of("/*", new MarkedCounter()));
        server.context(environment, "/listed", Map.of("/*", new ListedCounter()));
        ContextHandler filtered = server.context(environment, "/filtered", Map.of("/*", new CounterServlet()));
        environment.filter(filtered, new MarkedFilter(), "/*");
        server.context(environment, "/plain", Map.of("/*", new CounterServlet()));
        server.start();

        assertEquals(300, count("/marked"));
        assertEquals(300, count("/listed"));
        assertEquals(300, count("/filtered"));
        assertTrue(count("/plain") < 300, "the unmarked servlet must still run free");

        assertEquals(List.of("servlet " + MarkedCounter.class.getName() + " in marked"),
            server.interlock().getApplicationGroup("server", "/marked").getFallbacks());
        assertEquals(List.of("servlet " + ListedCounter.class.getName() + " in listed"),
            server.interlock().getApplicationGroup("server", "/listed").getFallbacks());
        assertEquals(List.of("filter " + MarkedFilter.class.getName() + " in filtered"),
            server.interlock().getApplicationGroup("server", "/filtered").getFallbacks());
        assertEquals(List.of(), server.interlock().getApplicationGroup("server", "/plain").getFallbacks());
    }

    @ParameterizedTest
    @EnumSource(Environment.class)
    public void markedServletKeepsTheLockThroughBlockingSections(Environment environment) throws Exception
    {
        server = new TestServer();
        server.context(environment, "/strict", Map.of("/*", new StrictServlet()));
        server.start();
        assertEquals("true true", server.get("/strict/x").getContentAsString());
    }

    @NotThreadSafe
    public static class StrictServlet extends HttpServlet
    {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
        {
            boolean inside = Interlock.blocking(Interlock::holdsLock);
            resp.getWriter().print(Interlock.holdsLock() + " " + inside);
        }
    }

    @ApplicationGroup("reports")
    public static class AnnotatedServlet extends HttpServlet
    {
        private final HttpServlet delegate;

        public AnnotatedServlet(HttpServlet delegate)
        {
            this.delegate = delegate;
        }

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException
        {
            delegate.service(req, resp);
        }
    }

    @ParameterizedTest
    @EnumSource(Environment.class)
    public void pathRoutesAndAnnotationsChooseAnotherApplicationGroupWithItsOwnLock(Environment environment) throws Exception
    {
        Occupancy occupancy = new Occupancy();
        server = new TestServer();
        server.set("interlock.lock", "application");
        server.set("interlock.webapps.shop.routes", "/admin/*=admin");
        server.context(environment, "/shop", Map.of("/*", occupancy.servlet(), "/reports/*", new AnnotatedServlet(occupancy.servlet())));
        server.start();

        // Two requests to the default group never overlap; one to a routed or annotated group does.
        var a = server.request("/shop/main?meet=300").send();
        assertEquals(200, a.getStatus());
        assertEquals(1, occupancy.max());
        var first = new org.eclipse.jetty.client.CompletableResponseListener(server.request("/shop/main?meet=5000")).send();
        var second = new org.eclipse.jetty.client.CompletableResponseListener(server.request("/shop/admin/x?meet=5000")).send();
        assertEquals(200, first.get(30, java.util.concurrent.TimeUnit.SECONDS).getStatus());
        assertEquals(200, second.get(30, java.util.concurrent.TimeUnit.SECONDS).getStatus());
        assertEquals(2, occupancy.max());

        var third = new org.eclipse.jetty.client.CompletableResponseListener(server.request("/shop/reports/x?meet=5000")).send();
        var fourth = new org.eclipse.jetty.client.CompletableResponseListener(server.request("/shop/admin/y?meet=5000")).send();
        assertEquals(200, third.get(30, java.util.concurrent.TimeUnit.SECONDS).getStatus());
        assertEquals(200, fourth.get(30, java.util.concurrent.TimeUnit.SECONDS).getStatus());

        assertTrue(server.interlock().getApplicationGroup("server", "admin").getOwnLock().getAcquisitions() >= 2);
        assertTrue(server.interlock().getApplicationGroup("server", "reports").getOwnLock().getAcquisitions() >= 1);
        assertTrue(server.interlock().getWarnings().stream().anyMatch(w -> w.contains("is reachable from application groups /shop and admin")),
            server.interlock().getWarnings().toString());
    }

    @ParameterizedTest
    @EnumSource(Environment.class)
    public void aRouteServedByItsOwnServletIsNotReportedAsShared(Environment environment) throws Exception
    {
        server = new TestServer();
        server.set("interlock.lock", "application");
        server.set("interlock.webapps.site.routes", "/reports/*=reports");
        server.context(environment, "/site", Map.of("/*", new CounterServlet(), "/reports/*", new CounterServlet()));
        server.start();
        assertTrue(server.interlock().getWarnings().stream().noneMatch(w -> w.contains("is reachable from application groups")),
            server.interlock().getWarnings().toString());
    }
}
