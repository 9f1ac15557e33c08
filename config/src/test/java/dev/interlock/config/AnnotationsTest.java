package dev.interlock.config;

import java.nio.file.Path;
import java.util.List;

import dev.interlock.testing.TestServer;
import it.annotated.CountingFilter;
import it.annotated.GroupCounterServlet;
import it.annotated.GroupFilter;
import it.annotated.MarkedCounterServlet;
import it.war.CounterServlet;
import org.eclipse.jetty.ee10.annotations.AnnotationConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code @ApplicationGroup} and {@code @NotThreadSafe} on servlets and filters, declared with
 * {@code @WebServlet}/{@code @WebFilter} (found by Jetty's annotation scanning) or in
 * {@code web.xml}, in a real WAR. The webapp is {@code free}; only application group
 * {@code reports} has a lock. Racy counters (read, pause, write) lose updates unless their
 * requests are serialised, so an exact count proves the lock was in force.
 */
class AnnotationsTest
{
    private static final int REQUESTS = 400;
    private static final int CONCURRENCY = 32;

    @TempDir
    Path dir;
    private TestServer server;

    @BeforeEach
    void start() throws Exception
    {
        String webXml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0" metadata-complete="false">
              <servlet><servlet-name>declared-group</servlet-name><servlet-class>%s</servlet-class></servlet>
              <servlet-mapping><servlet-name>declared-group</servlet-name><url-pattern>/declared-group</url-pattern></servlet-mapping>
              <servlet><servlet-name>declared-marked</servlet-name><servlet-class>%s</servlet-class></servlet>
              <servlet-mapping><servlet-name>declared-marked</servlet-name><url-pattern>/declared-marked</url-pattern></servlet-mapping>
              <servlet><servlet-name>plain</servlet-name><servlet-class>%s</servlet-class></servlet>
              <servlet-mapping><servlet-name>plain</servlet-name><url-pattern>/plain</url-pattern><url-pattern>/filtered/*</url-pattern></servlet-mapping>
            </web-app>
            """.formatted(GroupCounterServlet.class.getName(), MarkedCounterServlet.class.getName(), CounterServlet.class.getName());
        WebArchive war = ShrinkWrap.create(WebArchive.class, "annotated.war")
            .addClasses(CounterServlet.class, GroupCounterServlet.class, MarkedCounterServlet.class, GroupFilter.class, CountingFilter.class)
            .setWebXML(new StringAsset(webXml));
        Path file = dir.resolve("annotated.war");
        war.as(ZipExporter.class).exportTo(file.toFile(), true);

        server = new TestServer().set("interlock.application-groups.reports.lock", "application");
        WebAppContext webapp = new WebAppContext(file.toString(), "/annotated");
        webapp.addConfiguration(new AnnotationConfiguration());
        server.addHandler(webapp);
        server.start();
    }

    @AfterEach
    void stop()
    {
        server.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "/annotated-group",   // @WebServlet + @ApplicationGroup("reports")
        "/declared-group",    // the same class declared in web.xml
        "/filtered/x",        // a plain servlet behind a @WebFilter with @ApplicationGroup("reports")
        "/annotated-marked",  // @WebServlet + @NotThreadSafe
        "/declared-marked",   // the same class declared in web.xml
    })
    void serialisedByItsAnnotation(String path) throws Exception
    {
        server.load("POST", "/annotated" + path, REQUESTS, CONCURRENCY);
        assertEquals(REQUESTS, server.count("/annotated" + path));
    }

    @Test
    void notThreadSafeFilterIsSerialised() throws Exception
    {
        server.load("POST", "/annotated/filter-count", REQUESTS, CONCURRENCY);
        assertEquals(String.valueOf(REQUESTS), server.get("/annotated/filter-count").getContentAsString());
    }

    @Test
    void withoutAnnotationTheSameCounterLosesUpdates() throws Exception
    {
        server.load("POST", "/annotated/plain", REQUESTS, CONCURRENCY);
        assertThat(server.count("/annotated/plain"), lessThan(REQUESTS));
    }

    @Test
    void annotatedGroupsAreBoundAtDeploy()
    {
        assertEquals(List.of("annotated"), List.copyOf(server.interlock().getApplicationGroup("server", "reports").getDisciplines().keySet()));
    }
}
