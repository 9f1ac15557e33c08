package dev.interlock.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.interlock.audit.fixture.kinds.CounterServlet;
import dev.interlock.audit.fixture.kinds.CountingListener;
import dev.interlock.audit.fixture.kinds.StaticServlet;
import dev.interlock.audit.fixture.safe.Dto;
import dev.interlock.audit.fixture.safe.SafeServlet;
import dev.interlock.audit.report.ReportFormat;
import org.eclipse.jetty.util.ajax.JSON;
import org.jboss.shrinkwrap.api.asset.ByteArrayAsset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The three renderings: JSON valid against its schema, a self-contained HTML page, and text with the settings. */
class ReportFormatTest
{
    private static Schema schema;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadSchema() throws IOException
    {
        try (InputStream in = ReportFormat.class.getResourceAsStream(ReportFormat.JSON_SCHEMA))
        {
            assertNotNull(in, ReportFormat.JSON_SCHEMA + " is not on the classpath");
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        }
    }

    private AuditReport racy()
    {
        return Audit.builder().build().run(Wars.export(Wars.of("racy", CounterServlet.class, StaticServlet.class, CountingListener.class)
            .add(new ByteArrayAsset(new byte[]{0x42}), "WEB-INF/classes/X.class"), dir));
    }

    @Test
    void jsonValidatesAgainstTheSchemaAndSaysWhatTheReportSays()
    {
        AuditReport report = racy();
        String json = ReportFormat.JSON.render(report);
        assertEquals(List.of(), schema.validate(json, InputFormat.JSON), json);

        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>)new JSON().fromJSON(json);
        assertEquals(1L, root.get("version"));
        assertEquals("racy", root.get("webapp"));
        assertEquals(3L, root.get("depth"));
        assertEquals(true, root.get("needsAction"));
        Object[] findings = (Object[])root.get("findings");
        assertEquals(report.findings().size(), findings.length);
        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>)findings[0];
        assertEquals(report.findings().get(0).kind().id(), first.get("kind"));
        assertEquals(report.findings().get(0).className(), first.get("class"));
        @SuppressWarnings("unchecked")
        Map<String, Object> advice = (Map<String, Object>)root.get("advice");
        assertEquals("lock-application", advice.get("action"));
        assertEquals(1, ((Object[])root.get("unreadable")).length);

        // the schema is not a check that cannot fail
        assertFalse(schema.validate(json.replace("\"kind\":\"", "\"kind\":\"x"), InputFormat.JSON).isEmpty());
        assertFalse(schema.validate(json.replace("\"depth\":3", "\"depth\":-3"), InputFormat.JSON).isEmpty());
        assertFalse(schema.validate(json.replace("\"needsAction\":", "\"needsActions\":"), InputFormat.JSON).isEmpty());
    }

    @Test
    void jsonOfACleanWarAndOfClassesWithoutLinesValidatesToo()
    {
        String clean = ReportFormat.JSON.render(Audit.builder().build().run(Wars.export(Wars.of("clean", SafeServlet.class, Dto.class), dir)));
        assertEquals(List.of(), schema.validate(clean, InputFormat.JSON), clean);
        assertTrue(clean.contains("\"action\":\"none\""), clean);

        AuditReport noLines = Audit.builder().build().run(Wars.export(org.jboss.shrinkwrap.api.ShrinkWrap.create(org.jboss.shrinkwrap.api.spec.WebArchive.class, "old.war")
            .add(new ByteArrayAsset(JavaxWarTest.javaxServlet("legacy/OldServlet", "/old")), "WEB-INF/classes/legacy/OldServlet.class"), dir));
        String json = ReportFormat.JSON.render(noLines);
        assertEquals(List.of(), schema.validate(json, InputFormat.JSON), json);
        assertTrue(json.contains("\"line\":null"), json);
    }

    @Test
    void htmlIsOnePageThatNeedsNothingElse()
    {
        AuditReport report = racy();
        String html = ReportFormat.HTML.render(report);
        assertTrue(html.startsWith("<!DOCTYPE html>"), html);
        assertTrue(html.endsWith("</html>\n"));
        for (String external : List.of("<script", "src=", "href=", "@import", "url("))
            assertFalse(html.contains(external), external);
        assertTrue(html.contains("<code>dev.interlock.audit.fixture.kinds.CounterServlet.hits</code>"), html);
        assertTrue(html.contains("interlock.webapps.racy.lock=application"), html);
        // the WAR's own text is escaped: a method name like <init> must not become a tag
        assertFalse(html.contains("<init>"));
    }

    @Test
    void textGivesTheVerdictAndTheSettings()
    {
        String text = ReportFormat.TEXT.render(racy());
        assertTrue(text.startsWith("Interlock readiness audit of "), text);
        assertTrue(text.contains("\nVerdict: lock-application\n"), text);
        assertTrue(text.contains("    interlock.webapps.racy.lock=application\n"), text);
        assertTrue(text.contains("  WEB-INF/classes/X.class: not a class file the audit can read"), text);
        assertTrue(text.contains("HIGH   instance-field-write dev.interlock.audit.fixture.kinds.CounterServlet.hits (int)"), text);
    }

    @Test
    void formatsAreNamedInLowerCase()
    {
        assertEquals(ReportFormat.HTML, ReportFormat.of("html"));
        assertEquals(ReportFormat.JSON, ReportFormat.of("JSON"));
        assertEquals("format must be one of text, json, html, not 'xml'", assertThrows(IllegalArgumentException.class, () -> ReportFormat.of("xml")).getMessage());
    }
}
