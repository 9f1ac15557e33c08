package dev.interlock.audit.report;

import java.util.List;
import java.util.stream.Collectors;

import dev.interlock.audit.Advice;
import dev.interlock.audit.AuditReport;
import dev.interlock.audit.ComponentAdvice;
import dev.interlock.audit.EntryPoint;
import dev.interlock.audit.Finding;
import dev.interlock.audit.Unreadable;

/**
 * The report as one HTML page that needs nothing else: the styles are inline, there is no
 * script, nothing is fetched. Every text from the WAR is escaped.
 */
final class HtmlReport
{
    private static final String STYLE = """
        body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#222}
        h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ddd}
        table{border-collapse:collapse;width:100%}td,th{text-align:left;vertical-align:top;padding:.3em .5em;border-bottom:1px solid #eee}
        code,pre{font:13px ui-monospace,monospace}pre{background:#f6f6f6;padding:.6em;overflow:auto}
        .high{color:#b00020;font-weight:600}.medium{color:#b36b00;font-weight:600}.low{color:#555}
        .verdict{padding:.6em 1em;border-left:4px solid #888;background:#fafafa}.needs{border-color:#b00020}.fine{border-color:#2e7d32}
        .muted{color:#666}""";

    private HtmlReport()
    {
    }

    static String render(AuditReport r)
    {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Interlock audit: ").append(esc(r.webapp()))
            .append("</title><style>").append(STYLE).append("</style></head><body>\n");
        b.append("<h1>Interlock readiness audit: ").append(esc(r.webapp())).append("</h1>\n");
        b.append("<p class=\"muted\">").append(esc(r.source())).append(" &middot; depth ").append(r.depth()).append(" &middot; ")
            .append(r.classesAnalysed()).append(" of ").append(r.classesInWar()).append(" classes analysed &middot; ")
            .append(r.unreadable().size()).append(" unreadable</p>\n");

        Advice a = r.advice();
        b.append("<div class=\"verdict ").append(r.needsAction() ? "needs" : "fine").append("\"><strong>").append(esc(a.action().id())).append("</strong>: ")
            .append(esc(a.summary())).append("</div>\n");
        if (!a.reasons().isEmpty())
            b.append(list(a.reasons()));
        settings(b, "Annotate <code>@dev.interlock.api.NotThreadSafe</code>", a.annotate());
        settings(b, "Operator settings (a jetty-base's <code>start.d</code>, <code>interlock-express --config</code>)", a.operatorSettings());
        settings(b, "Or in the WAR's <code>WEB-INF/classes/META-INF/microprofile-config.properties</code>", a.webappSettings());
        settings(b, "Or on the <code>interlock-express</code> command line", a.expressOptions());
        settings(b, "Alternative: a route of their paths to an application group of their own", a.routeAlternative());
        settings(b, "To see first, under real load, whether requests enter them at once (<code>interlock.detect-concurrency</code>)", a.detectionSettings());

        b.append("<h2>Findings (").append(r.findings().size()).append(")</h2>\n");
        if (r.findings().isEmpty())
        {
            b.append("<p>None.</p>\n");
        }
        else
        {
            b.append("<table><tr><th>confidence</th><th>kind</th><th>field</th><th>where</th><th>why</th><th>reached from</th></tr>\n");
            for (Finding f : r.findings())
            {
                b.append("<tr><td class=\"").append(f.confidence().id()).append("\">").append(f.confidence().id()).append("</td><td>")
                    .append(esc(f.kind().id())).append("<br><span class=\"muted\">").append(esc(f.scope().id())).append("</span></td><td><code>")
                    .append(esc(f.className())).append('.').append(esc(f.field())).append("</code><br><span class=\"muted\">").append(esc(f.fieldType()))
                    .append("</span></td><td><code>").append(esc(f.site().toString())).append("</code>");
                for (Finding.Site s : f.otherSites())
                    b.append("<br><code class=\"muted\">").append(esc(s.toString())).append("</code>");
                b.append("</td><td>").append(esc(f.explanation())).append("</td><td>")
                    .append(esc(f.entryPoints().stream().map(HtmlReport::simple).collect(Collectors.joining(", "))))
                    .append(f.depth() > 0 ? " <span class=\"muted\">(depth " + f.depth() + ")</span>" : "").append("</td></tr>\n");
            }
            b.append("</table>\n");
        }

        b.append("<h2>Entry points (").append(r.entryPoints().size()).append(")</h2>\n");
        b.append("<table><tr><th>type</th><th>class</th><th>declared by</th><th>API</th><th>marker</th><th>verdict</th></tr>\n");
        for (ComponentAdvice c : r.components())
        {
            EntryPoint e = c.entryPoint();
            b.append("<tr><td>").append(e.type().id()).append("</td><td><code>").append(esc(e.className())).append("</code>")
                .append(e.source().isEmpty() ? " <span class=\"muted\">(not in the WAR)</span>" : "").append("</td><td>")
                .append(esc(e.declaredBy())).append("</td><td>").append(e.api().id()).append("</td><td>").append(esc(e.marker().orElse("")))
                .append("</td><td><strong>").append(c.status().id()).append("</strong>: ").append(esc(c.reason())).append("</td></tr>\n");
        }
        b.append("</table>\n");

        if (!r.unreadable().isEmpty())
        {
            b.append("<h2>Unreadable (").append(r.unreadable().size()).append(")</h2>\n<ul>\n");
            for (Unreadable u : r.unreadable())
                b.append("<li><code>").append(esc(u.path())).append("</code>: ").append(esc(u.reason())).append("</li>\n");
            b.append("</ul>\n");
        }
        if (!r.notes().isEmpty())
            b.append("<h2>Notes</h2>\n").append(list(r.notes()));
        b.append("<p class=\"muted\">").append(esc(TextReport.LIMITS)).append("</p>\n</body></html>\n");
        return b.toString();
    }

    private static void settings(StringBuilder b, String title, List<String> lines)
    {
        if (lines.isEmpty())
            return;
        b.append("<p>").append(title).append(":</p>\n<pre>");
        for (String l : lines)
            b.append(esc(l)).append('\n');
        b.append("</pre>\n");
    }

    private static String list(List<String> items)
    {
        StringBuilder b = new StringBuilder("<ul>\n");
        for (String i : items)
            b.append("<li>").append(esc(i)).append("</li>\n");
        return b.append("</ul>\n").toString();
    }

    private static String simple(String className)
    {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    static String esc(String s)
    {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray())
        {
            switch (c)
            {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
