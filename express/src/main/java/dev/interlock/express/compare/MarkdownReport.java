package dev.interlock.express.compare;

import java.util.List;

import dev.interlock.options.SettingValue;

/** The comparison as {@code compare.md}: the setup, the table, the settings, the chart. */
public final class MarkdownReport
{
    private MarkdownReport()
    {
    }

    /**
     * @param chart the chart's file name, next to the Markdown file
     */
    public static String render(ComparisonReport report, String chart)
    {
        StringBuilder b = new StringBuilder();
        b.append("# interlock-express compare: ").append(report.war()).append("\n\n");
        b.append("- started: ").append(report.started()).append('\n');
        b.append("- machine: ").append(report.machine()).append('\n');
        b.append("- load: ").append(report.setup()).append(", one request outstanding per client, the disciplines one after the other\n");
        b.append("- request mix: `").append(report.plan().mix()).append("`\n");
        if (report.plan().check() != null)
            b.append("- check: `").append(report.plan().check().rule(report.plan().mix())).append("`\n");
        b.append("- executor groups: ").append(report.threads()).append(" threads each\n\n");

        List<String> header = SideBySide.header(report);
        b.append("| |");
        header.forEach(h -> b.append(" `").append(h).append("` |"));
        b.append("\n|---|");
        header.forEach(h -> b.append("---:|"));
        b.append('\n');
        for (SideBySide.Row row : SideBySide.rows(report))
        {
            b.append("| ").append(row.label()).append(" |");
            row.cells().forEach(c -> b.append(' ').append(c).append(" |"));
            b.append('\n');
        }
        List<String> notes = SideBySide.notes(report);
        if (!notes.isEmpty())
        {
            b.append("\nErrors:\n\n");
            notes.forEach(n -> b.append("- ").append(n).append('\n'));
        }
        b.append("\nLatencies are those of 2xx answers. Lock figures are the engine's counters over the measured run ")
            .append("(contention: the share of acquisitions that had to wait). JVM CPU is the CPU time of this JVM, server and ")
            .append("load generator together, over the run's length.\n");
        b.append("\n![throughput and latency per discipline](").append(chart).append(")\n");
        b.append("\n## Settings given to the engine\n\n");
        for (SettingValue s : report.settings())
            b.append("- `").append(s.key()).append('=').append(s.value()).append("` (").append(s.source()).append(")\n");
        return b.toString();
    }
}
