package dev.interlock.audit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import dev.interlock.audit.fixture.depth.DepthServlet;
import dev.interlock.audit.fixture.depth.Level1;
import dev.interlock.audit.fixture.depth.Level2;
import dev.interlock.audit.fixture.depth.Level3;
import dev.interlock.audit.fixture.depth.Level4;
import dev.interlock.audit.fixture.groups.GroupAServlet;
import dev.interlock.audit.fixture.groups.GroupBServlet;
import dev.interlock.audit.fixture.groups.Sequence;
import dev.interlock.audit.fixture.kinds.CounterServlet;
import dev.interlock.audit.fixture.lib.AppServlet;
import dev.interlock.audit.fixture.lib.Cache;
import dev.interlock.audit.fixture.lib.FragmentFilter;
import dev.interlock.audit.fixture.lib.IgnoredServlet;
import dev.interlock.audit.fixture.lib.LibServlet;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.ByteArrayAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the audit reads a WAR: descriptors and libraries, metadata-complete, the WAR's own
 * settings, unreadable classes and jars, exploded directories, the depth bound, and what is not a
 * WAR at all.
 */
class WarLayoutTest
{
    @TempDir
    Path dir;

    private static final String WEB_XML = """
        <?xml version="1.0" encoding="UTF-8"?>
        <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0" metadata-complete="%s">
          <servlet><servlet-name>lib</servlet-name><servlet-class>dev.interlock.audit.fixture.lib.LibServlet</servlet-class></servlet>
          <servlet-mapping><servlet-name>lib</servlet-name><url-pattern>/lib/*</url-pattern></servlet-mapping>
          <servlet><servlet-name>app</servlet-name><servlet-class>dev.interlock.audit.fixture.lib.AppServlet</servlet-class></servlet>
          <servlet-mapping><servlet-name>app</servlet-name><url-pattern>/app</url-pattern></servlet-mapping>
          <servlet><servlet-name>default</servlet-name><servlet-class>org.eclipse.jetty.ee10.servlet.DefaultServlet</servlet-class></servlet>
        </web-app>
        """;

    private static final String FRAGMENT = """
        <?xml version="1.0" encoding="UTF-8"?>
        <web-fragment xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
          <filter><filter-name>frag</filter-name><filter-class>dev.interlock.audit.fixture.lib.FragmentFilter</filter-class></filter>
          <filter-mapping><filter-name>frag</filter-name><url-pattern>/*</url-pattern></filter-mapping>
        </web-fragment>
        """;

    private WebArchive libraryWar(boolean metadataComplete)
    {
        JavaArchive lib = Wars.jar("legacy-lib", LibServlet.class, Cache.class, FragmentFilter.class)
            .addAsManifestResource(new StringAsset(FRAGMENT), "web-fragment.xml");
        return Wars.of("shop", AppServlet.class, IgnoredServlet.class)
            .addAsWebInfResource(new StringAsset(WEB_XML.formatted(metadataComplete)), "web.xml")
            .addAsLibraries(lib);
    }

    @Test
    void aLibrarysStaticStateUsedByTwoServletsCallsForTheWebappsLock()
    {
        AuditReport report = Audit.builder().build().run(Wars.export(libraryWar(true), dir));
        assertEquals(List.of("dev.interlock.audit.fixture.lib.LibServlet", "dev.interlock.audit.fixture.lib.AppServlet",
            "org.eclipse.jetty.ee10.servlet.DefaultServlet"), report.entryPoints().stream().map(EntryPoint::className).toList());
        EntryPoint lib = report.entryPoints().get(0);
        assertEquals("WEB-INF/lib/legacy-lib.jar", lib.source().orElseThrow());
        assertEquals(List.of("/lib/*"), lib.urlPatterns());
        assertTrue(report.entryPoints().get(2).source().isEmpty(), "the container's servlet is not in the WAR");
        // metadata-complete: neither the annotated servlet nor the fragment's filter is deployed
        assertEquals(Set.of("unsafe-shared-object Cache.ENTRIES"), Wars.found(report));
        Finding entries = report.findings().get(0);
        assertEquals(List.of("dev.interlock.audit.fixture.lib.LibServlet", "dev.interlock.audit.fixture.lib.AppServlet"), entries.entryPoints());
        assertEquals(Advice.Action.LOCK_APPLICATION, report.advice().action());
        assertEquals(List.of("interlock.webapps.shop.lock=application"), report.advice().operatorSettings());
        assertTrue(report.notes().stream().anyMatch(n -> n.contains("metadata-complete")), report.notes().toString());
    }

    @Test
    void withoutMetadataCompleteAnnotationsAndFragmentsCount()
    {
        AuditReport report = Audit.builder().build().run(Wars.export(libraryWar(false), dir));
        EntryPoint filter = report.entryPoints().stream().filter(e -> e.type() == EntryPoint.Type.FILTER).findFirst().orElseThrow();
        assertEquals("WEB-INF/lib/legacy-lib.jar!/META-INF/web-fragment.xml", filter.declaredBy());
        assertEquals(Set.of("unsafe-shared-object Cache.ENTRIES", "instance-field-write IgnoredServlet.hits",
            "instance-field-write FragmentFilter.lastPath"), Wars.found(report));
    }

    @Test
    void theWarsOwnSettingsCount() throws Exception
    {
        WebArchive listed = Wars.of("listed", CounterServlet.class)
            .addAsResource(new StringAsset("interlock.not-thread-safe=" + CounterServlet.class.getName() + "\n"), "META-INF/microprofile-config.properties");
        AuditReport report = Audit.builder().build().run(Wars.export(listed, dir));
        assertEquals("interlock.not-thread-safe (the WAR's microprofile-config.properties)", report.entryPoints().get(0).marker().orElseThrow());
        assertEquals(Advice.Action.COVERED, report.advice().action());
        assertEquals(false, report.needsAction());

        WebArchive locked = libraryWar(true).addAsResource(new StringAsset("interlock.lock=application\n"), "META-INF/microprofile-config.properties");
        Path lockedWar = dir.resolve("locked");
        AuditReport lockedReport = Audit.builder().build().run(Wars.export(locked, Files.createDirectories(lockedWar)));
        assertEquals(Advice.Action.COVERED, lockedReport.advice().action());
        assertEquals(ComponentAdvice.Status.COVERED, Wars.component(lockedReport, "AppServlet").status());
    }

    @Test
    void anUnreadableClassIsListedNotFatal() throws Exception
    {
        WebArchive war = Wars.of("broken", CounterServlet.class)
            .add(new ByteArrayAsset("this is not a class file".getBytes(StandardCharsets.UTF_8)), "WEB-INF/classes/X.class")
            .add(new ByteArrayAsset(new byte[]{1, 2, 3}), "WEB-INF/lib/broken.jar");
        AuditReport report = Audit.builder().build().run(Wars.export(war, dir));
        assertEquals(List.of("WEB-INF/classes/X.class", "WEB-INF/lib/broken.jar"), report.unreadable().stream().map(Unreadable::path).toList());
        assertTrue(report.unreadable().get(0).reason().startsWith("not a class file the audit can read"), report.unreadable().get(0).reason());
        assertEquals(Set.of("instance-field-write CounterServlet.hits"), Wars.found(report));
    }

    @Test
    void anExplodedWarGivesTheSameReport() throws Exception
    {
        Path file = Wars.export(libraryWar(true), dir);
        Path exploded = Wars.explode(file, dir.resolve("shop"));
        AuditReport fromDir = Audit.builder().build().run(exploded);
        AuditReport fromFile = Audit.builder().build().run(file);
        assertEquals(Wars.found(fromFile), Wars.found(fromDir));
        assertEquals(fromFile.entryPoints().toString(), fromDir.entryPoints().toString());
        assertEquals("shop", fromDir.webapp());
    }

    @Test
    void theDepthBoundIsRespected()
    {
        Path war = Wars.export(Wars.of("depth", DepthServlet.class, Level1.class, Level2.class, Level3.class, Level4.class), dir);
        AuditReport three = Audit.builder().depth(3).build().run(war);
        assertEquals(Set.of(), Wars.found(three));
        assertEquals(3, three.depth());
        assertEquals(4, three.classesAnalysed(), "the servlet and Level1..3");

        AuditReport four = Audit.builder().depth(4).build().run(war);
        assertEquals(Set.of("static-field-write Level4.counter"), Wars.found(four));
        assertEquals(4, four.findings().get(0).depth());

        assertEquals(1, Audit.builder().depth(0).build().run(war).classesAnalysed());
    }

    @Test
    void stateSharedAcrossApplicationGroupsCallsForTheSharedLock()
    {
        AuditReport report = Audit.builder().build().run(Wars.export(Wars.of("groups", GroupAServlet.class, GroupBServlet.class, Sequence.class), dir));
        assertEquals(Set.of("static-field-write Sequence.next"), Wars.found(report));
        assertEquals(Advice.Action.LOCK_SHARED, report.advice().action());
        assertTrue(report.advice().operatorSettings().contains("interlock.webapps.groups.lock=shared"), report.advice().operatorSettings().toString());
        assertEquals("a", report.entryPoints().get(0).applicationGroup().orElseThrow());
    }

    @Test
    void whatIsNotAWarIsAUsageError() throws Exception
    {
        Path missing = dir.resolve("missing.war");
        assertEquals(missing + ": no such file or directory (give a WAR file or an exploded WAR directory)",
            assertThrows(AuditException.class, () -> Audit.builder().build().run(missing)).getMessage());

        Path text = Files.writeString(dir.resolve("notes.war"), "hello");
        assertEquals(text + " is not a WAR: it is not a zip archive (give a WAR file or an exploded WAR directory)",
            assertThrows(AuditException.class, () -> Audit.builder().build().run(text)).getMessage());

        Path jar = dir.resolve("lib.jar");
        Wars.jar("lib", Cache.class).as(ZipExporter.class).exportTo(jar.toFile(), true);
        assertEquals(jar + " is not a WAR: it has no WEB-INF/ (a jar? give a WAR file or an exploded WAR directory)",
            assertThrows(AuditException.class, () -> Audit.builder().build().run(jar)).getMessage());

        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals(empty + " is not an exploded WAR: it has no WEB-INF directory (give a WAR file or an exploded WAR directory)",
            assertThrows(AuditException.class, () -> Audit.builder().build().run(empty)).getMessage());

        assertEquals("depth must be an integer from 0 to 100, not -1",
            assertThrows(IllegalArgumentException.class, () -> Audit.builder().depth(-1)).getMessage());
        assertEquals("webapp must be a context path without its leading slash (or ROOT), with no '=', ',' or spaces, not 'a b'",
            assertThrows(IllegalArgumentException.class, () -> Audit.builder().webapp("a b")).getMessage());
        // a WAR with no entry points is not an error: nothing to audit, said so
        AuditReport none = Audit.builder().build().run(Wars.export(ShrinkWrap.create(WebArchive.class, "static.war")
            .addAsWebResource(new StringAsset("<p>hi</p>"), "index.html").addAsWebInfResource(new StringAsset("<web-app/>"), "web.xml"), dir));
        assertEquals(Advice.Action.NONE, none.advice().action());
        assertTrue(none.notes().stream().anyMatch(n -> n.startsWith("No servlet, filter or listener found")), none.notes().toString());
    }
}
