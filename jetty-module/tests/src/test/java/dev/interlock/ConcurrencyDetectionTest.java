package dev.interlock;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.interlock.concurrency.ComponentConcurrency;
import dev.interlock.concurrency.WebappConcurrency;
import dev.interlock.jetty.WebappBinding;
import dev.interlock.testing.Environment;
import dev.interlock.testing.LogCapture;
import dev.interlock.testing.TestServer;
import dev.interlock.testing.Wars;
import dev.interlock.testwar.MarkedCounterServlet;
import it.war.CounterServlet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.jmx.MBeanContainer;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.ajax.JSON;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code interlock.detect-concurrency}: the requests inside each servlet and filter instance at
 * once, counted by the environment's wrappers, shown in the status JSON and over JMX, and
 * reported when the webapp stops, loudly for the classes on {@code interlock.detect-concurrency.watch}.
 * Requests are parked inside with latches: every count is deterministic, every wait bounded.
 */
public class ConcurrencyDetectionTest
{
    private static final String WATCH_WARNING = "is flagged by the audit (interlock.detect-concurrency.watch) and was entered by ";
    private static Schema schema;

    private TestServer server;
    private LogCapture log;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeAll
    public static void loadSchema() throws IOException
    {
        try (InputStream in = ConcurrencyDetectionTest.class.getResourceAsStream("/dev/interlock/jetty/status.schema.json"))
        {
            assertNotNull(in, "status.schema.json is not on the classpath");
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        }
    }

    @AfterEach
    public void tearDown()
    {
        release.countDown();
        if (server != null)
            server.close();
        if (log != null)
            log.close();
    }

    /**
     * Counts its arrivals, then waits (at most 20 s) until the test releases it, which is no
     * yield point; then answers "done" (a write: a yield point) or, quiet, nothing.
     */
    public static class Parking extends HttpServlet
    {
        final AtomicInteger arrived = new AtomicInteger();
        private final CountDownLatch release;
        private final boolean quiet;

        public Parking(CountDownLatch release)
        {
            this(release, false);
        }

        public Parking(CountDownLatch release, boolean quiet)
        {
            this.release = release;
            this.quiet = quiet;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
        {
            arrived.incrementAndGet();
            try
            {
                if (!release.await(20, TimeUnit.SECONDS))
                {
                    resp.sendError(500, "not released");
                    return;
                }
            }
            catch (InterruptedException x)
            {
                Thread.currentThread().interrupt();
            }
            if (!quiet)
                resp.getWriter().print("done");
        }
    }

    /** Passes every request on: what it counts is the chain behind it. */
    public static class Passing implements Filter
    {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException
        {
            chain.doFilter(request, response);
        }
    }

    /** Forwards {@code /a/...} to {@code /b/...}, through the filter mapped for FORWARD too. */
    public static class Forwarding extends HttpServlet
    {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException
        {
            req.getRequestDispatcher("/b" + req.getPathInfo()).forward(req, resp);
        }
    }

    public static class Answering extends HttpServlet
    {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
        {
            resp.getWriter().print("answered");
        }
    }

    private static WebappConcurrency concurrency(ContextHandler context)
    {
        return context.getBean(WebappBinding.class).getConcurrency();
    }

    private static ComponentConcurrency component(ContextHandler context, Class<?> type)
    {
        return concurrency(context).components().stream().filter(c -> c.className().equals(type.getName())).findFirst()
            .orElseThrow(() -> new AssertionError(type.getName() + " is not counted: " + concurrency(context).components()));
    }

    private List<CompletableFuture<ContentResponse>> send(String path, int n)
    {
        List<CompletableFuture<ContentResponse>> sent = new ArrayList<>();
        for (int i = 0; i < n; i++)
            sent.add(new CompletableResponseListener(server.request(path + "?i=" + i)).send());
        return sent;
    }

    private static void allAnswered(List<CompletableFuture<ContentResponse>> sent) throws Exception
    {
        for (CompletableFuture<ContentResponse> f : sent)
        {
            ContentResponse r = f.get(30, TimeUnit.SECONDS);
            assertEquals(200, r.getStatus(), r.getContentAsString());
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> statusJson() throws Exception
    {
        ContentResponse response = server.get("/interlock/status.json");
        assertEquals(200, response.getStatus());
        String json = response.getContentAsString();
        assertEquals(List.of(), schema.validate(json, InputFormat.JSON), json);
        return (Map<String, Object>)new JSON().fromJSON(json);
    }

    @ParameterizedTest
    @EnumSource(Environment.class)
    public void underFreeEveryRequestParkedInsideIsCountedAndAWatchedClassIsReportedLoudly(Environment environment) throws Exception
    {
        int n = 4;
        log = LogCapture.start();
        server = new TestServer();
        server.set("interlock.status.enabled", "true");
        server.set("interlock.detect-concurrency", "true");
        server.set("interlock.detect-concurrency.watch", Parking.class.getName() + ",com.example.NotHere");
        Parking parking = new Parking(release);
        ContextHandler app = server.context(environment, "/app", Map.of("/*", parking));
        environment.filter(app, new Passing(), "/*");
        server.start();
        assertEquals(1, log.count("Interlock: webapp /app counts the requests inside each of its servlets and filters at once (interlock.detect-concurrency=true, lock free); " +
            "it watches " + Parking.class.getName() + "; com.example.NotHere is watched but no servlet or filter of it, so not counted here"), log.lines().toString());

        List<CompletableFuture<ContentResponse>> sent = send("/app/park", n);
        await().atMost(20, TimeUnit.SECONDS).until(parking.arrived::get, is(n));
        assertEquals(new ComponentConcurrency(Parking.class.getName(), "servlet", n, n, n, true), component(app, Parking.class));
        assertEquals(new ComponentConcurrency(Passing.class.getName(), "filter", n, n, n, false), component(app, Passing.class));

        // The same figures in the status JSON, which validates against its schema.
        Map<String, Object> status = statusJson();
        Object[] webapps = (Object[])status.get("concurrency");
        assertEquals(1, webapps.length);
        @SuppressWarnings("unchecked")
        Map<String, Object> webapp = (Map<String, Object>)webapps[0];
        assertEquals("/app", webapp.get("webapp"));
        assertEquals("free", webapp.get("lock"));
        assertArrayEquals(new Object[]{"com.example.NotHere"}, (Object[])webapp.get("watchedNotComponents"));
        Object[] components = (Object[])webapp.get("components");
        assertEquals(2, components.length);
        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>)components[0];
        assertEquals(Map.of("className", Parking.class.getName(), "kind", "servlet", "maxConcurrent", (long)n, "active", (long)n, "requests", (long)n, "watched", true), first);

        release.countDown();
        allAnswered(sent);
        await().atMost(10, TimeUnit.SECONDS).until(() -> component(app, Parking.class).active(), is(0));
        assertEquals(new ComponentConcurrency(Parking.class.getName(), "servlet", n, 0, n, true), component(app, Parking.class));

        // Undeployed: one summary line, and the watched class that was entered concurrently, loudly.
        app.stop();
        await().atMost(10, TimeUnit.SECONDS).until(() -> log.count(WATCH_WARNING) == 1);
        String warning = log.lines().stream().filter(l -> l.contains(WATCH_WARNING)).findFirst().orElseThrow();
        assertTrue(warning.contains("WARN"), warning);
        assertTrue(warning.contains("Interlock: servlet " + Parking.class.getName() + " of webapp /app is flagged by the audit (interlock.detect-concurrency.watch) and was entered by " +
            n + " requests at once: mark it @NotThreadSafe, list it in interlock.not-thread-safe, or set interlock.lock=application"), warning);
        assertEquals(1, log.count("Interlock: webapp /app, the most requests inside each servlet and filter at once (interlock.detect-concurrency, lock free): " +
            "servlet " + Parking.class.getName() + " " + n + " (" + n + " requests), filter " + Passing.class.getName() + " " + n + " (" + n + " requests)"), log.lines().toString());
        // Stopped, it is not on the status page any more.
        assertEquals(0, ((Object[])statusJson().get("concurrency")).length);
    }

    @ParameterizedTest
    @EnumSource(Environment.class)
    public void underApplicationOneRequestAtATimeIsInsideBetweenYieldPoints(Environment environment) throws Exception
    {
        int n = 3;
        log = LogCapture.start();
        server = new TestServer();
        server.set("interlock.lock", "application");
        server.set("interlock.hold-warning", "0");
        server.set("interlock.detect-concurrency", "true");
        server.set("interlock.detect-concurrency.watch", Parking.class.getName());
        // No yield point in it: the lock is never given up inside.
        Parking parking = new Parking(release, true);
        ContextHandler app = server.context(environment, "/app", Map.of("/*", parking));
        environment.filter(app, new Passing(), "/*");
        server.start();

        List<CompletableFuture<ContentResponse>> sent = send("/app/park", n);
        // One inside, holding the lock; the others wait for it, outside the filter and the servlet.
        var lock = server.interlock().getApplicationGroup("server", "/app").getOwnLock();
        await().atMost(20, TimeUnit.SECONDS).until(lock::getWaiters, is(n - 1));
        assertEquals(1, parking.arrived.get());
        assertEquals(new ComponentConcurrency(Parking.class.getName(), "servlet", 1, 1, 1, true), component(app, Parking.class));
        assertEquals(new ComponentConcurrency(Passing.class.getName(), "filter", 1, 1, 1, false), component(app, Passing.class));

        release.countDown();
        allAnswered(sent);
        await().atMost(10, TimeUnit.SECONDS).until(() -> component(app, Parking.class).active(), is(0));
        assertEquals(new ComponentConcurrency(Parking.class.getName(), "servlet", 1, 0, n, true), component(app, Parking.class));
        assertEquals(new ComponentConcurrency(Passing.class.getName(), "filter", 1, 0, n, false), component(app, Passing.class));

        app.stop();
        String expected = "Interlock: servlet " + Parking.class.getName() + " of webapp /app is flagged by the audit (interlock.detect-concurrency.watch) and was never entered by " +
            "two requests at once; it served " + n + " requests: the webapp ran under interlock.lock=application, one request at a time between yield points by construction";
        await().atMost(10, TimeUnit.SECONDS).until(() -> log.count(expected) == 1);
        assertEquals(0, log.count(WATCH_WARNING), log.lines().toString());
    }

    /**
     * GIL semantics: a request that writes (a yield point) while another waits hands it the lock,
     * and that one enters the servlet the first has not left. With a switch interval of 0 the
     * hand-over happens at the first yield point with a waiter, so this is certain.
     */
    @ParameterizedTest
    @EnumSource(Environment.class)
    public void underApplicationAYieldPointLetsAnotherRequestIn(Environment environment) throws Exception
    {
        int n = 3;
        log = LogCapture.start();
        server = new TestServer();
        server.set("interlock.lock", "application");
        server.set("interlock.switch-interval", "0");
        server.set("interlock.hold-warning", "0");
        server.set("interlock.detect-concurrency", "true");
        server.set("interlock.detect-concurrency.watch", Parking.class.getName());
        Parking parking = new Parking(release);
        ContextHandler app = server.context(environment, "/app", Map.of("/*", parking));
        server.start();

        List<CompletableFuture<ContentResponse>> sent = send("/app/park", n);
        var lock = server.interlock().getApplicationGroup("server", "/app").getOwnLock();
        await().atMost(20, TimeUnit.SECONDS).until(lock::getWaiters, is(n - 1));
        release.countDown();
        allAnswered(sent);
        await().atMost(10, TimeUnit.SECONDS).until(() -> component(app, Parking.class).active(), is(0));
        ComponentConcurrency seen = component(app, Parking.class);
        assertTrue(seen.maxConcurrent() >= 2, seen.toString());
        assertEquals(n, seen.requests());

        app.stop();
        String expected = "Interlock: servlet " + Parking.class.getName() + " of webapp /app is flagged by the audit (interlock.detect-concurrency.watch) and was entered by " +
            seen.maxConcurrent() + " requests at once: under interlock.lock=application the lock is given up at yield points (servlet I/O, checkpoints, blocking(...)), " +
            "where another request entered it; mark it @NotThreadSafe or list it in interlock.not-thread-safe to hold the lock through them";
        await().atMost(10, TimeUnit.SECONDS).until(() -> log.count(expected) == 1);
    }

    @ParameterizedTest
    @EnumSource(Environment.class)
    public void aFilterTheRequestPassesTwiceCountsItOnce(Environment environment) throws Exception
    {
        server = new TestServer();
        server.set("interlock.detect-concurrency", "true");
        ContextHandler app = server.context(environment, "/app", Map.of("/a/*", new Forwarding(), "/b/*", new Answering()));
        environment.filter(app, new Passing(), "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD));
        server.start();

        for (int i = 0; i < 3; i++)
            assertEquals("answered", server.get("/app/a/x").getContentAsString());
        // A forward completes the response before the filter returns: the client may be faster.
        await().atMost(10, TimeUnit.SECONDS).until(() -> component(app, Passing.class).active(), is(0));
        assertEquals(new ComponentConcurrency(Passing.class.getName(), "filter", 1, 0, 3, false), component(app, Passing.class));
        assertEquals(new ComponentConcurrency(Forwarding.class.getName(), "servlet", 1, 0, 3, false), component(app, Forwarding.class));
        assertEquals(new ComponentConcurrency(Answering.class.getName(), "servlet", 1, 0, 3, false), component(app, Answering.class));
    }

    @ParameterizedTest
    @EnumSource(Environment.class)
    public void offNothingIsCountedAndTheStatusHasNoSection(Environment environment) throws Exception
    {
        log = LogCapture.start();
        server = new TestServer();
        server.set("interlock.status.enabled", "true");
        Parking parking = new Parking(release);
        ContextHandler app = server.context(environment, "/app", Map.of("/*", parking));
        server.start();
        release.countDown();
        assertEquals(200, server.get("/app/x").getStatus());

        WebappBinding binding = app.getBean(WebappBinding.class);
        assertNull(binding.getConcurrency());
        assertEquals(false, binding.isDetectingConcurrency());
        assertEquals(0, ((Object[])statusJson().get("concurrency")).length);
        app.stop();
        assertEquals(0, log.count("interlock.detect-concurrency"), log.lines().toString());
    }

    @Test
    public void aWatchListWithoutDetectionWarns() throws Exception
    {
        server = new TestServer();
        server.set("interlock.webapps.app.detect-concurrency.watch", Parking.class.getName());
        release.countDown();
        server.context("/app", Map.of("/*", new Parking(release)));
        server.start();
        assertTrue(server.interlock().getWarnings().contains("Interlock: interlock.webapps.app.detect-concurrency.watch (from test) has no effect on webapp /app: " +
                "interlock.detect-concurrency is false there, so no servlet or filter is counted or watched; set interlock.detect-concurrency=true " +
                "(or interlock.webapps.app.detect-concurrency=true for this webapp alone)"),
            server.interlock().getWarnings().toString());
    }

    @Test
    public void jmxShowsTheFiguresOfEachWebapp() throws Exception
    {
        server = new TestServer();
        server.set("interlock.webapps.app.detect-concurrency", "true");
        server.set("interlock.detect-concurrency.watch", Parking.class.getName());
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        MBeanContainer container = new MBeanContainer(mbeans);
        server.server().addBean(container);
        Parking parking = new Parking(release);
        server.context("/app", Map.of("/*", parking));
        server.context("/other", Map.of("/*", new Answering()));
        server.start();
        try
        {
            int n = 2;
            List<CompletableFuture<ContentResponse>> sent = send("/app/park", n);
            await().atMost(20, TimeUnit.SECONDS).until(parking.arrived::get, is(n));
            Set<ObjectName> bindings = mbeans.queryNames(new ObjectName("dev.interlock.jetty.ee10:type=servletcontextbinding,*"), null);
            assertEquals(2, bindings.size(), bindings.toString());
            ObjectName app = null;
            for (ObjectName name : bindings)
            {
                if ("/app".equals(mbeans.getAttribute(name, "contextPath")))
                    app = name;
                else
                    assertEquals(false, mbeans.getAttribute(name, "detectingConcurrency"));
            }
            assertNotNull(app, bindings.toString());
            assertEquals(true, mbeans.getAttribute(app, "detectingConcurrency"));
            assertArrayEquals(new String[]{"servlet " + Parking.class.getName() + ": at most 2 at once, 2 now, 2 served, watched"},
                (String[])mbeans.getAttribute(app, "componentConcurrency"));
            assertArrayEquals(new String[]{Parking.class.getName()}, (String[])mbeans.getAttribute(app, "concurrentWatched"));
            release.countDown();
            allAnswered(sent);
        }
        finally
        {
            server.close();
            server = null;
            container.destroy();
        }
    }

    /**
     * A real WAR with the racy counter of the legacy samples and its not-thread-safe twin, watched
     * both: the counter loses updates, and its count says why; the twin runs under its lock.
     */
    @Test
    public void aWarsRacyCounterIsCaughtAndItsNotThreadSafeTwinIsNot(@TempDir Path dir) throws Exception
    {
        log = LogCapture.start();
        server = new TestServer();
        server.set("interlock.detect-concurrency", "true");
        server.set("interlock.detect-concurrency.watch", CounterServlet.class.getName() + "," + MarkedCounterServlet.class.getName());
        org.eclipse.jetty.ee10.webapp.WebAppContext webapp = new org.eclipse.jetty.ee10.webapp.WebAppContext();
        webapp.setContextPath("/legacy");
        webapp.setWar(Wars.counterWar(dir, "legacy").toString());
        server.addHandler(webapp);
        server.start();

        for (ContentResponse r : server.load("POST", "/legacy/counter/increment", 300, 24))
            assertEquals(204, r.getStatus());
        for (ContentResponse r : server.load("POST", "/legacy/marked/increment", 300, 24))
            assertEquals(204, r.getStatus());
        assertTrue(server.count("/legacy/counter/count") < 300, "the racy counter must lose updates under free");
        assertEquals(300, server.count("/legacy/marked/count"));

        List<ComponentConcurrency> seen = concurrency(webapp).components();
        ComponentConcurrency counter = seen.stream().filter(c -> c.className().equals(CounterServlet.class.getName())).findFirst().orElseThrow(() -> new AssertionError(seen));
        ComponentConcurrency marked = seen.stream().filter(c -> c.className().equals(MarkedCounterServlet.class.getName())).findFirst().orElseThrow(() -> new AssertionError(seen));
        // A lost update needs two requests inside at once.
        assertTrue(counter.maxConcurrent() >= 2, counter.toString());
        assertEquals(301, counter.requests());
        assertEquals(new ComponentConcurrency(MarkedCounterServlet.class.getName(), "servlet", 1, 0, 301, true), marked);

        webapp.stop();
        await().atMost(10, TimeUnit.SECONDS).until(() -> log.count("Interlock: servlet " + CounterServlet.class.getName() + " of webapp /legacy " + WATCH_WARNING) == 1);
        await().atMost(10, TimeUnit.SECONDS).until(() -> log.count("Interlock: servlet " + MarkedCounterServlet.class.getName() + " of webapp /legacy is flagged by the audit " +
            "(interlock.detect-concurrency.watch) and was never entered by two requests at once; it served 301 requests: it is declared not thread-safe and ran under " +
            "its group's lock, one request at a time by construction") == 1);
    }
}
