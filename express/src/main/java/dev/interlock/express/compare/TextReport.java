package dev.interlock.express.compare;

import java.util.ArrayList;
import java.util.List;

/** The comparison as the command prints it: a few lines of setup, the table, the error notes. */
public final class TextReport
{
    private TextReport()
    {
    }

    /** @return the report, lines ending with the platform's separator */
    public static String render(ComparisonReport report)
    {
        String nl = System.lineSeparator();
        StringBuilder b = new StringBuilder();
        b.append("interlock-express compare: ").append(report.setup()).append(nl);
        b.append("request mix: ").append(report.plan().mix()).append(nl);
        if (report.plan().check() != null)
            b.append("check: ").append(report.plan().check().rule(report.plan().mix())).append(nl);
        b.append("machine: ").append(report.machine()).append(nl).append(nl);

        List<String> header = new ArrayList<>();
        header.add("");
        header.addAll(SideBySide.header(report));
        List<List<String>> lines = new ArrayList<>();
        lines.add(header);
        for (SideBySide.Row row : SideBySide.rows(report))
        {
            List<String> line = new ArrayList<>();
            line.add(row.label());
            line.addAll(row.cells());
            lines.add(line);
        }
        int[] widths = new int[header.size()];
        for (List<String> line : lines)
            for (int i = 0; i < line.size(); i++)
                widths[i] = Math.max(widths[i], line.get(i).length());
        for (List<String> line : lines)
        {
            StringBuilder l = new StringBuilder();
            l.append(pad(line.get(0), widths[0], false));
            for (int i = 1; i < line.size(); i++)
                l.append("  ").append(pad(line.get(i), widths[i], true));
            b.append(l.toString().stripTrailing()).append(nl);
        }
        List<String> notes = SideBySide.notes(report);
        if (!notes.isEmpty())
        {
            b.append(nl).append("errors:").append(nl);
            for (String note : notes)
                b.append("  ").append(note).append(nl);
        }
        return b.toString();
    }

    private static String pad(String s, int width, boolean right)
    {
        String space = " ".repeat(Math.max(0, width - s.length()));
        return right ? space + s : s + space;
    }
}
