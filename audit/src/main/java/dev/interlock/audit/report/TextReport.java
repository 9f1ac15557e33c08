package dev.interlock.audit.report;

import java.util.List;
import java.util.stream.Collectors;

import dev.interlock.audit.Advice;
import dev.interlock.audit.AuditReport;
import dev.interlock.audit.ComponentAdvice;
import dev.interlock.audit.EntryPoint;
import dev.interlock.audit.Finding;
import dev.interlock.audit.Unreadable;

/** The report for a terminal: sections in the order an operator reads them, the settings last. */
final class TextReport
{
    static final String LIMITS = "Not seen by a bytecode audit: reflection, state in databases, files or caches outside the JVM, native code, " +
        "components registered in code (ServletContainerInitializer), objects a framework creates and injects, generic types " +
        "(a Map<String, Foo> does not lead to Foo); see audit/README.md.";

    private TextReport()
    {
    }

    static String render(AuditReport r)
    {
        StringBuilder b = new StringBuilder();
        b.append("Interlock readiness audit of ").append(r.source()).append(" (webapp ").append(r.webapp()).append(")\n");
        b.append("Depth ").append(r.depth()).append(": the entry points and the classes they reach within ").append(r.depth())
            .append(r.depth() == 1 ? " step" : " steps").append(" (their fields' classes, the classes they call, the owners of static fields they touch).\n");
        b.append(r.classesAnalysed()).append(" of the WAR's ").append(r.classesInWar()).append(" classes analysed; ")
            .append(r.unreadable().size()).append(" unreadable.\n");

        b.append("\nEntry points (").append(r.entryPoints().size()).append(")\n");
        for (EntryPoint e : r.entryPoints())
        {
            b.append("  ").append(pad(e.type().id(), 9)).append(e.className()).append("  ").append(e.declaredBy());
            if (e.api() != EntryPoint.Api.JAKARTA)
                b.append("  [").append(e.api().id()).append("]");
            e.marker().ifPresent(m -> b.append("  ").append(m));
            e.applicationGroup().ifPresent(g -> b.append("  @ApplicationGroup(").append(g).append(")"));
            if (e.source().isEmpty())
                b.append("  (not in the WAR)");
            b.append('\n');
        }

        b.append("\nFindings (").append(r.findings().size()).append(")\n");
        if (r.findings().isEmpty())
            b.append("  none\n");
        for (Finding f : r.findings())
        {
            b.append("  ").append(pad(f.confidence().name(), 7)).append(pad(f.kind().id(), 21)).append(f.className()).append('.').append(f.field())
                .append(" (").append(f.fieldType()).append(")\n");
            b.append("         at ").append(f.site()).append('\n');
            b.append("         ").append(f.explanation()).append('\n');
            if (!f.otherSites().isEmpty())
                b.append("         also at ").append(f.otherSites().stream().map(Finding.Site::toString).collect(Collectors.joining(", "))).append('\n');
            b.append("         reached from ").append(f.entryPoints().stream().map(TextReport::simple).collect(Collectors.joining(", ")))
                .append(f.depth() > 0 ? " (depth " + f.depth() + ")" : "").append('\n');
        }

        b.append("\nPer entry point\n");
        for (ComponentAdvice c : r.components())
            b.append("  ").append(pad(c.status().id(), 12)).append(pad(c.entryPoint().simpleName(), 24)).append(c.reason()).append('\n');

        Advice a = r.advice();
        b.append("\nVerdict: ").append(a.action().id()).append("\n  ").append(a.summary()).append('\n');
        for (String reason : a.reasons())
            b.append("  - ").append(reason).append('\n');
        if (!a.annotate().isEmpty())
            b.append("\n  Annotate (dev.interlock.api.NotThreadSafe):\n").append(lines("@NotThreadSafe on ", a.annotate()));
        if (!a.operatorSettings().isEmpty())
        {
            b.append(a.annotate().isEmpty() ? "\n  In" : "  or, in").append(" the operator's configuration (a jetty-base's start.d, interlock-express --config):\n")
                .append(lines("", a.operatorSettings()));
            b.append("  or in the WAR's WEB-INF/classes/META-INF/microprofile-config.properties:\n").append(lines("", a.webappSettings()));
            b.append("  or on the interlock-express command line:\n").append(lines("", a.expressOptions()));
        }
        if (!a.routeAlternative().isEmpty())
            b.append("  Alternative: route their paths to an application group of their own (operator settings):\n").append(lines("", a.routeAlternative()));
        if (!a.detectionSettings().isEmpty())
            b.append("  To see first, under real load, whether requests enter them at once (operator settings; reported at undeploy and\n")
                .append("  on the status page, see interlock.detect-concurrency in jetty-module/README.md):\n").append(lines("", a.detectionSettings()));

        if (!r.unreadable().isEmpty())
        {
            b.append("\nUnreadable (").append(r.unreadable().size()).append(")\n");
            for (Unreadable u : r.unreadable())
                b.append("  ").append(u.path()).append(": ").append(u.reason()).append('\n');
        }
        if (!r.notes().isEmpty())
        {
            b.append("\nNotes\n");
            for (String n : r.notes())
                b.append("  - ").append(n).append('\n');
        }
        b.append('\n').append(LIMITS).append('\n');
        return b.toString();
    }

    private static String lines(String prefix, List<String> lines)
    {
        StringBuilder b = new StringBuilder();
        for (String l : lines)
            b.append("    ").append(prefix).append(l).append('\n');
        return b.toString();
    }

    private static String pad(String s, int width)
    {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }

    private static String simple(String className)
    {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
