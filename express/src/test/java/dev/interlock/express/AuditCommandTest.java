package dev.interlock.express;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.interlock.audit.report.ReportFormat;
import it.audit.CleanServlet;
import it.audit.MarkedRacyServlet;
import it.audit.RacyServlet;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code interlock-express audit}: exit status 0 for a clean WAR, 1 for one that needs a setting,
 * 2 for every usage error with a message naming the option or path; its JSON validates against
 * the audit's schema; and the launcher's own arguments still mean what they meant.
 */
class AuditCommandTest
{
    @TempDir
    Path dir;

    /** What one run printed and returned. */
    private record Run(int status, String out, String err)
    {
    }

    private static Run run(String... args)
    {
        CommandLine cl = Express.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    private Path war(String name, Class<?> servlet)
    {
        Path file = dir.resolve(name + ".war");
        ShrinkWrap.create(WebArchive.class, name + ".war").addClass(servlet).as(ZipExporter.class).exportTo(file.toFile(), true);
        return file;
    }

    @Test
    void aCleanWarExitsWithZero()
    {
        Run run = run("audit", war("clean", CleanServlet.class).toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("\nVerdict: none\n"), run.out());
        assertEquals("", run.err());
    }

    @Test
    void aWarThatNeedsASettingExitsWithOneAndSaysWhichSetting()
    {
        Run run = run("audit", war("shop", RacyServlet.class).toString());
        assertEquals(1, run.status(), run.err());
        assertTrue(run.out().contains("HIGH   instance-field-write it.audit.RacyServlet.count (int)"), run.out());
        assertTrue(run.out().contains("    interlock.webapps.shop.not-thread-safe=it.audit.RacyServlet\n"), run.out());
        assertTrue(run.out().contains("    --set interlock.webapps.shop.not-thread-safe=it.audit.RacyServlet\n"), run.out());
    }

    @Test
    void failOnChoosesWhatExitsWithOne()
    {
        String covered = war("marked", MarkedRacyServlet.class).toString();
        // A finding already under its servlet's lock: nothing to set...
        Run byDefault = run("audit", covered);
        assertEquals(0, byDefault.status(), byDefault.out());
        assertTrue(byDefault.out().contains("Verdict: covered"), byDefault.out());
        assertEquals(0, run("audit", "--fail-on", "review", covered).status());
        // ...but a finding, for a build that wants none at all.
        assertEquals(1, run("audit", "--fail-on", "finding", covered).status());
        String clean = war("clean", CleanServlet.class).toString();
        assertEquals(0, run("audit", "--fail-on", "finding", clean).status());
        assertEquals(1, run("audit", "--fail-on", "review", war("shop", RacyServlet.class).toString()).status());
    }

    @Test
    void theJsonReportValidatesAgainstTheSchema() throws IOException
    {
        Path report = dir.resolve("report.json");
        Run run = run("audit", "--format", "json", "--output", report.toString(), "--webapp", "ROOT", war("shop", RacyServlet.class).toString());
        assertEquals(1, run.status(), run.err());
        assertEquals("interlock-express audit: 1 finding, verdict mark; json report written to " + report + System.lineSeparator(), run.out());
        String json = Files.readString(report, StandardCharsets.UTF_8);
        Schema schema;
        try (InputStream in = ReportFormat.class.getResourceAsStream(ReportFormat.JSON_SCHEMA))
        {
            assertNotNull(in);
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        }
        assertEquals(List.of(), schema.validate(json, InputFormat.JSON), json);
        assertTrue(json.contains("\"operatorSettings\":[\"interlock.webapps.ROOT.not-thread-safe=it.audit.RacyServlet\"]"), json);

        Path html = dir.resolve("report.html");
        assertEquals(1, run("audit", "--format", "html", "--output", html.toString(), war("shop", RacyServlet.class).toString()).status());
        assertTrue(Files.readString(html).startsWith("<!DOCTYPE html>"));
    }

    @Test
    void usageErrorsExitWithTwoAndNameTheProblem() throws IOException
    {
        String war = war("shop", RacyServlet.class).toString();
        Path missing = dir.resolve("missing.war");
        assertUsage(run("audit", missing.toString()),
            "interlock-express audit: " + missing + ": no such file or directory (give a WAR file or an exploded WAR directory)");
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a war");
        assertUsage(run("audit", text.toString()),
            "interlock-express audit: " + text + " is not a WAR: it is not a zip archive (give a WAR file or an exploded WAR directory)");
        assertUsage(run("audit", "--format", "xml", war), "interlock-express audit: --format must be one of text, json, html, not 'xml'");
        assertUsage(run("audit", "--depth", "-1", war), "interlock-express audit: --depth must be an integer from 0 to 100, not -1");
        assertUsage(run("audit", "--fail-on", "warning", war), "interlock-express audit: --fail-on must be one of action, review, finding, not 'warning'");
        assertUsage(run("audit", "--webapp", "a=b", war),
            "interlock-express audit: --webapp must be a context path without its leading slash (or ROOT), with no '=', ',' or spaces, not 'a=b'");
        Path nowhere = dir.resolve("no/such/dir/report.txt");
        assertUsage(run("audit", "--output", nowhere.toString(), war),
            "interlock-express audit: --output " + nowhere + ": cannot be written (no such directory: " + nowhere.getParent() + ")");

        // picocli's own checks: a value of the wrong type, a missing WAR
        Run notANumber = run("audit", "--depth", "three", war);
        assertEquals(2, notANumber.status());
        assertTrue(notANumber.err().startsWith("Invalid value for option '--depth': 'three' is not an int"), notANumber.err());
        Run noWar = run("audit");
        assertEquals(2, noWar.status());
        assertTrue(noWar.err().startsWith("Missing required parameter: 'WAR|DIR'"), noWar.err());
    }

    private static void assertUsage(Run run, String firstLine)
    {
        assertEquals(2, run.status(), run.out());
        assertEquals(firstLine + System.lineSeparator() + "  (interlock-express audit --help lists the options)" + System.lineSeparator(), run.err());
        assertEquals("", run.out());
    }

    @Test
    void theLaunchersOwnArgumentsAreUnchanged()
    {
        CommandLine cl = Express.commandLine();
        CommandLine.ParseResult parsed = cl.parseArgs("--lock", "application", "shop.war");
        assertTrue(parsed.subcommands().isEmpty(), "a WAR is not the audit subcommand");
        Express express = cl.getCommand();
        assertEquals(List.of(Path.of("shop.war")), express.wars);
        assertEquals("application", express.lock);

        Run help = run("audit", "--help");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("Usage: interlock-express audit [-hV] [--depth=N] [--fail-on=action|review|finding] [--format=text|json|html]"), help.out());
        assertTrue(run("--help").out().contains("audit"), "the launcher's help lists the subcommand");
    }
}
