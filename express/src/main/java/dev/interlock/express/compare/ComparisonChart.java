package dev.interlock.express.compare;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The comparison as {@code compare.png}, drawn headless with JFreeChart as the benchmarks'
 * charts are: throughput per discipline on the left, p50 and p99 latency on the right, the
 * setup and the counter check's verdict in the header.
 */
public final class ComparisonChart
{
    /** The image's width in pixels. */
    public static final int WIDTH = 1200;
    /** The image's height in pixels. */
    public static final int HEIGHT = 600;
    private static final int HEADER = 70;
    private static final Color BLUE = new Color(0x4A, 0x7E, 0xBB);
    private static final Color ORANGE = new Color(0xE0, 0x8A, 0x2E);
    private static final Color RED = new Color(0xC0, 0x20, 0x20);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private ComparisonChart()
    {
    }

    /** Writes the chart, replacing {@code png} if it exists. */
    public static void write(Path png, ComparisonReport report) throws IOException
    {
        // Before the first AWT class: a server has no display.
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try
        {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
            g.drawString("interlock-express compare: " + report.setup(), 16, 28);
            String check = report.checkSummary();
            boolean wrong = report.runs().stream().anyMatch(r -> r.check() != null && !r.check().correct());
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
            g.setColor(wrong ? RED : Color.DARK_GRAY);
            g.drawString(check == null ? "request mix: " + report.plan().mix() : "check " + report.plan().check().check() + ": " + check, 16, 54);
            int half = WIDTH / 2;
            throughput(report).draw(g, new Rectangle2D.Double(4, HEADER, half - 8, HEIGHT - HEADER - 4));
            latency(report).draw(g, new Rectangle2D.Double(half + 4, HEADER, half - 8, HEIGHT - HEADER - 4));
        }
        finally
        {
            g.dispose();
        }
        Path dir = png.toAbsolutePath().getParent();
        if (dir != null)
            Files.createDirectories(dir);
        try (OutputStream out = Files.newOutputStream(png))
        {
            ChartUtils.writeBufferedImageAsPNG(out, image);
        }
    }

    private static JFreeChart throughput(ComparisonReport report)
    {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (DisciplineRun r : report.runs())
            data.addValue(r.load().throughput(), "2xx answers / s", category(r));
        return chart("Throughput", data, new NumberAxis("2xx answers per second"), false, "0");
    }

    private static JFreeChart latency(ComparisonReport report)
    {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (DisciplineRun r : report.runs())
        {
            data.addValue(r.load().latencyMs(50), "p50", category(r));
            data.addValue(r.load().latencyMs(99), "p99", category(r));
        }
        return chart("Latency of 2xx answers", data, new NumberAxis("milliseconds"), true, "0.##");
    }

    /** @return the discipline, and what its check said if it was wrong */
    private static String category(DisciplineRun r)
    {
        CounterCheck.Result c = r.check();
        if (c == null || c.correct())
            return r.mount().discipline();
        return r.mount().discipline() + (c.lost() > 0 ? " (lost " + c.lost() + ")" : " (" + c.extra() + " extra)");
    }

    private static JFreeChart chart(String title, DefaultCategoryDataset data, NumberAxis axis, boolean legend, String labelFormat)
    {
        BarRenderer renderer = new BarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setMaximumBarWidth(0.18);
        renderer.setSeriesPaint(0, BLUE);
        renderer.setSeriesPaint(1, ORANGE);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat(labelFormat)));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(LABEL);
        CategoryAxis categories = new CategoryAxis();
        categories.setTickLabelFont(LABEL);
        axis.setUpperMargin(0.12);
        CategoryPlot plot = new CategoryPlot(data, categories, axis, renderer);
        plot.setBackgroundPaint(new Color(0xF7, 0xF7, 0xF7));
        plot.setRangeGridlinePaint(Color.GRAY);
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, legend);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }
}
