package dev.interlock;

import java.util.List;
import java.util.Map;

import dev.interlock.options.ConfigException;
import dev.interlock.testing.TestServer;
import jakarta.servlet.http.HttpServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad values stop startup with a message naming setting, value and what is allowed; useless
 * placements start, with one warning each.
 */
public class StartupValidationTest
{
    private TestServer server;

    @AfterEach
    public void tearDown()
    {
        server.close();
    }

    private static Throwable rootCause(Throwable x)
    {
        Throwable t = x;
        while (t.getCause() != null && t.getCause() != t)
            t = t.getCause();
        return t;
    }

    @Test
    public void badServerSettingStopsTheServer()
    {
        server = new TestServer();
        server.set("interlock.lock", "exclusive");
        server.context("/app", Map.of("/*", new HttpServlet() { }));
        Exception x = assertThrows(Exception.class, () -> server.start());
        Throwable cause = rootCause(x);
        assertTrue(cause instanceof ConfigException, cause.toString());
        assertEquals("interlock.lock=exclusive (from test) is not valid: allowed values are free, application, shared", cause.getMessage());
    }

    @Test
    public void badWebappSettingStopsTheWebapp()
    {
        server = new TestServer();
        ServletContextHandler context = server.context("/app", Map.of("/*", new HttpServlet() { }));
        context.setInitParameter("interlock.executor-group", "missing");
        Exception x = assertThrows(Exception.class, () -> server.start());
        Throwable cause = rootCause(x);
        assertTrue(cause instanceof ConfigException, cause.toString());
        assertEquals("interlock.executor-group=missing (from context /app init-param) is not valid: executor group 'missing' is not declared; declared groups are server", cause.getMessage());
    }

    @Test
    public void settingsCannotChangeOnceStarted() throws Exception
    {
        server = new TestServer();
        server.start();
        IllegalStateException x = assertThrows(IllegalStateException.class, () -> server.interlock().set("interlock.lock", "shared"));
        assertTrue(x.getMessage().startsWith("Cannot change interlock.lock once started: InterlockServer@"), x.getMessage());
    }

    @Test
    public void uselessPlacementsStartWithOneWarningEach() throws Exception
    {
        server = new TestServer();
        server.set("interlock.executor-groups.idle.threads", "2");
        server.set("interlock.executor-groups.idle.lock", "shared");
        server.set("interlock.switch-interval", "20ms");
        server.set("interlock.webapps.app.io-release", "false");
        server.context("/app", Map.of("/*", new HttpServlet() { }));
        server.context("/other", Map.of("/*", new HttpServlet() { }));
        server.start();
        var warnings = server.interlock().getWarnings();
        assertTrue(warnings.contains("Executor group idle is declared but no webapp runs in it; its options have no effect: interlock.executor-groups.idle.lock"), warnings.toString());
        assertTrue(warnings.contains("Interlock: interlock.switch-interval=20ms (from test) has no effect on application group /app of webapp /app: its lock is free (interlock.lock=free), so no lock is in force there"), warnings.toString());
        assertTrue(warnings.contains("Interlock: interlock.webapps.app.io-release=false (from test) has no effect on application group /app of webapp /app: its lock is free (interlock.lock=free), so no lock is in force there"), warnings.toString());
        // The server-wide switch interval is reported once, not once per webapp.
        assertEquals(3, warnings.size(), warnings.toString());
    }

    @Test
    public void anEmptyValueIsIgnoredWithAWarningExceptWhereJettyXmlPassesAnUnsetProperty() throws Exception
    {
        server = new TestServer();
        server.interlock().set("interlock.lock", "  ", "start.d/interlock.ini");
        server.interlock().set("interlock.application-group", "", "start.d/interlock.ini");
        // Jetty XML's <Property name="..." default=""/> for a property nobody set.
        server.interlock().set("interlock.switch-interval", "");
        server.context("/app", Map.of("/*", new HttpServlet() { }));
        server.start();
        var warnings = server.interlock().getWarnings();
        assertEquals(List.of(
            "interlock.lock= (from start.d/interlock.ini) is empty and is ignored: the setting keeps its default or the value set elsewhere",
            "interlock.application-group= (from start.d/interlock.ini) is empty and is ignored: the setting keeps its default or the value set elsewhere"),
            warnings);
        assertEquals("free", server.interlock().getApplicationGroup("server", "/app").getDisciplines().get("app"));
    }

    @Test
    public void virtualThreadsOnOldJavaWarnAndFallBack() throws Exception
    {
        server = new TestServer();
        server.set("interlock.executor-groups.v.virtual", "true");
        server.set("interlock.executor-group", "v");
        server.context("/app", Map.of("/*", new HttpServlet() { }));
        server.start();
        boolean warned = server.interlock().getWarnings().stream().anyMatch(w -> w.startsWith("interlock.executor-groups.v.virtual=true has no effect on Java"));
        assertEquals(Runtime.version().feature() < 21, warned, server.interlock().getWarnings().toString());
        assertEquals(Runtime.version().feature() >= 21, server.interlock().getExecutorGroup("v").isVirtual());
    }

    @Test
    public void aWarThatBundlesTheApiIsWarnedAbout(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception
    {
        org.jboss.shrinkwrap.api.spec.JavaArchive api = org.jboss.shrinkwrap.api.ShrinkWrap.create(org.jboss.shrinkwrap.api.spec.JavaArchive.class, "interlock-api.jar")
            .addPackage(dev.interlock.api.Interlock.class.getPackage());
        java.nio.file.Path war = dir.resolve("bundling.war");
        org.jboss.shrinkwrap.api.ShrinkWrap.create(org.jboss.shrinkwrap.api.spec.WebArchive.class, "bundling.war")
            .addClass(it.war.CounterServlet.class)
            .addAsLibrary(api)
            .setWebXML(new org.jboss.shrinkwrap.api.asset.StringAsset("""
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <servlet><servlet-name>c</servlet-name><servlet-class>it.war.CounterServlet</servlet-class></servlet>
                  <servlet-mapping><servlet-name>c</servlet-name><url-pattern>/*</url-pattern></servlet-mapping>
                </web-app>"""))
            .as(org.jboss.shrinkwrap.api.exporter.ZipExporter.class).exportTo(war.toFile(), true);
        server = new TestServer();
        org.eclipse.jetty.ee10.webapp.WebAppContext webapp = new org.eclipse.jetty.ee10.webapp.WebAppContext();
        webapp.setContextPath("/bundling");
        webapp.setWar(war.toString());
        server.addHandler(webapp);
        server.start();
        assertEquals(200, server.get("/bundling/x").getStatus());
        assertTrue(server.interlock().getWarnings().contains("Interlock: webapp /bundling bundles its own copy of interlock-api (WEB-INF/lib/interlock-api.jar): " +
            "the server's copy is the one it uses; declare interlock-api with scope provided so that the WAR does not carry it"), server.interlock().getWarnings().toString());
    }
}
