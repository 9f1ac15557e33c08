package dev.interlock.audit.report;

import java.util.Locale;

import dev.interlock.audit.AuditReport;

/** How to render an {@link AuditReport}. */
public enum ReportFormat
{
    /** For a terminal: the entry points, the findings, the verdicts, the settings to paste. */
    TEXT,
    /** For tools: one JSON object, described by the schema at {@link #JSON_SCHEMA}. */
    JSON,
    /** One self-contained HTML page (no scripts, styles inline, nothing fetched). */
    HTML;

    /** The class-path resource of the JSON output's schema (JSON Schema 2020-12). */
    public static final String JSON_SCHEMA = "/dev/interlock/audit/audit-report.schema.json";

    /**
     * @param report a report
     * @return it rendered, ending with a newline
     */
    public String render(AuditReport report)
    {
        return switch (this)
        {
            case TEXT -> TextReport.render(report);
            case JSON -> JsonReport.render(report);
            case HTML -> HtmlReport.render(report);
        };
    }

    /** @return {@code text}, {@code json} or {@code html} */
    public String id()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param id {@code text}, {@code json} or {@code html}, in any case
     * @return the format
     * @throws IllegalArgumentException naming the value and the ones allowed
     */
    public static ReportFormat of(String id)
    {
        for (ReportFormat f : values())
        {
            if (f.id().equalsIgnoreCase(id))
                return f;
        }
        throw new IllegalArgumentException("format must be one of text, json, html, not '" + id + "'");
    }
}
