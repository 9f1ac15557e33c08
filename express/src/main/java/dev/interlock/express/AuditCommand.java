package dev.interlock.express;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import dev.interlock.audit.Advice;
import dev.interlock.audit.Audit;
import dev.interlock.audit.AuditException;
import dev.interlock.audit.AuditReport;
import dev.interlock.audit.report.ReportFormat;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code interlock-express audit WAR|DIR}: the readiness audit ({@code interlock-audit}) from the
 * command line. It reads the WAR's bytecode without serving it and tells which servlets, filters,
 * listeners and libraries keep state that requests share, and what to set before running it under
 * {@code interlock.lock=free}.
 *
 * <p>Exit status: 0 when nothing was found, all of it is already under a lock, or only
 * low-confidence findings are left to review; 1 when something must be set (the report says
 * what); 2 for a usage error (no such file, not a WAR, a bad option
 * value), with a message naming the option or path and what is allowed.</p>
 */
@Command(name = "audit",
    sortOptions = false,
    usageHelpWidth = 110,
    mixinStandardHelpOptions = true,
    versionProvider = Express.Version.class,
    description = {
        "Audits a WAR's bytecode, without serving it: which servlets, filters, listeners and libraries keep state",
        "that requests share, and what to set (@NotThreadSafe, interlock.not-thread-safe, interlock.lock) before",
        "running it under interlock.lock=free. Nothing of the WAR is loaded or run."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
        "0:nothing found, all of it already under a lock, or only low-confidence findings (to review); with --fail-on, nothing at or above that level",
        "1:something must be set before running under interlock.lock=free; with --fail-on, a finding at or above that level",
        "2:a usage error: no such file, not a WAR, a bad option value"
    },
    footer = {
        "",
        "Examples:",
        "  java -jar interlock-express.jar audit shop.war",
        "  java -jar interlock-express.jar audit --format html --output audit.html shop.war",
        "  java -jar interlock-express.jar audit --format json --depth 5 build/exploded-shop/"
    })
public final class AuditCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "WAR|DIR", description = "A WAR file or an exploded WAR directory.")
    Path war;

    @Option(names = "--format", paramLabel = "text|json|html", defaultValue = "text",
        description = "The report's format (default: ${DEFAULT-VALUE}); the JSON's schema is audit-report.schema.json in interlock-audit.")
    String format;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the report to FILE instead of standard output; a one-line summary still goes to standard output.")
    Path output;

    @Option(names = "--depth", paramLabel = "N", defaultValue = "" + Audit.DEFAULT_DEPTH,
        description = "How many steps from the entry points to follow classes (fields' types, called classes, static fields' owners), " +
            "from 0 to " + Audit.MAX_DEPTH + " (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--fail-on", paramLabel = "action|review|finding", defaultValue = "action",
        description = "When the exit status is 1: action (default), something must be set before running under free; review, " +
            "also when only low-confidence findings are left outside a lock; finding, any finding at all, even one already under a lock.")
    String failOn;

    @Option(names = "--webapp", paramLabel = "NAME", description = "The webapp's name in the operator settings the report writes: " +
        "its context path without the leading slash, ROOT for /. Default: the WAR's file name without .war.")
    String webapp;

    @Override
    public Integer call()
    {
        PrintWriter out = spec.commandLine().getOut();
        ReportFormat chosen;
        Audit audit;
        try
        {
            chosen = ReportFormat.of(format);
        }
        catch (IllegalArgumentException x)
        {
            return usage("--format must be one of text, json, html, not '" + format + "'");
        }
        if (!List.of("action", "review", "finding").contains(failOn))
            return usage("--fail-on must be one of action, review, finding, not '" + failOn + "'");
        try
        {
            Audit.Builder builder = Audit.builder().depth(depth);
            if (webapp != null)
                builder.webapp(webapp);
            audit = builder.build();
        }
        catch (IllegalArgumentException x)
        {
            return usage("--" + x.getMessage());
        }
        if (output != null)
        {
            Path dir = output.toAbsolutePath().getParent();
            if (Files.isDirectory(output) || dir == null || !Files.isDirectory(dir))
                return usage("--output " + output + ": cannot be written (" + (Files.isDirectory(output) ? "it is a directory" : "no such directory: " + dir) + ")");
        }
        AuditReport report;
        try
        {
            report = audit.run(war);
        }
        catch (AuditException x)
        {
            return usage(x.getMessage());
        }
        String rendered = chosen.render(report);
        if (output == null)
        {
            out.print(rendered);
        }
        else
        {
            try
            {
                Files.writeString(output, rendered, StandardCharsets.UTF_8);
            }
            catch (IOException x)
            {
                return usage("--output " + output + ": cannot be written (" + x.getMessage() + ")");
            }
            out.println("interlock-express audit: " + report.findings().size() + " finding" + (report.findings().size() == 1 ? "" : "s") +
                ", verdict " + report.advice().action().id() + "; " + chosen.id() + " report written to " + output);
        }
        out.flush();
        return fails(report) ? 1 : 0;
    }

    /** Whether the report reaches the {@code --fail-on} level. */
    private boolean fails(AuditReport report)
    {
        return switch (failOn)
        {
            case "finding" -> !report.findings().isEmpty();
            case "review" -> report.needsAction() || report.advice().action() == Advice.Action.REVIEW;
            default -> report.needsAction();
        };
    }

    private int usage(String message)
    {
        PrintWriter err = spec.commandLine().getErr();
        err.println("interlock-express audit: " + message);
        err.println("  (interlock-express audit --help lists the options)");
        err.flush();
        return CommandLine.ExitCode.USAGE;
    }
}
