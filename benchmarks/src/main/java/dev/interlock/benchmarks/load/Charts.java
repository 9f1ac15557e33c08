package dev.interlock.benchmarks.load;

import java.awt.BasicStroke;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BoxAndWhiskerRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;

/**
 * The results as one PNG a person can look at: a panel per benchmark, each a box plot of the
 * per-round values (so the spread over the rounds shows), the target as a dashed red line, and
 * the verdicts in the panel's subtitle. Drawn with JFreeChart, headless.
 */
final class Charts
{
    private static final int PANEL_WIDTH = 820;
    private static final int PANEL_HEIGHT = 600;
    private static final int HEADER = 56;
    private static final Color TARGET = new Color(0xC0, 0x20, 0x20);
    private static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private Charts()
    {
    }

    /**
     * @param overhead the overhead benchmark's report, or {@code null} if it did not run
     * @param locks the lock benchmarks' report, or {@code null} if none ran
     */
    static void write(Path png, String title, OverheadReport overhead, LockReport locks) throws IOException
    {
        System.setProperty("java.awt.headless", "true");
        List<JFreeChart> panels = new ArrayList<>();
        if (overhead != null)
            panels.add(overhead(overhead));
        if (locks != null)
        {
            if (locks.has(LockBenchmarks.Bench.PARALLELISM))
                panels.add(parallelism(locks));
            if (locks.has(LockBenchmarks.Bench.IO_RELEASE))
                panels.add(ioRelease(locks));
            if (locks.has(LockBenchmarks.Bench.CONVOY))
                panels.add(convoy(locks));
        }
        JFreeChart cpu = cpu(overhead, locks, panels.size() + 1);
        if (cpu != null)
            panels.add(cpu);
        if (panels.isEmpty())
            return;
        int columns = panels.size() == 1 ? 1 : 2;
        int rows = (panels.size() + columns - 1) / columns;
        BufferedImage image = new BufferedImage(columns * PANEL_WIDTH, HEADER + rows * PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try
        {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
            g.drawString(title, 16, 34);
            for (int i = 0; i < panels.size(); i++)
            {
                double x = (i % columns) * PANEL_WIDTH;
                double y = HEADER + (i / columns) * PANEL_HEIGHT;
                panels.get(i).draw(g, new Rectangle2D.Double(x + 4, y + 4, PANEL_WIDTH - 8, PANEL_HEIGHT - 8));
            }
        }
        finally
        {
            g.dispose();
        }
        Files.createDirectories(png.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(png))
        {
            ChartUtils.writeBufferedImageAsPNG(out, image);
        }
    }

    private static JFreeChart overhead(OverheadReport overhead)
    {
        DefaultBoxAndWhiskerCategoryDataset data = new DefaultBoxAndWhiskerCategoryDataset();
        List<String> verdicts = new ArrayList<>();
        List<double[]> targets = new ArrayList<>();
        for (OverheadBenchmark.Ratio r : overhead.ratios())
        {
            if (!r.metric().equals("throughput"))
                continue;
            String label = switch (r.numerator())
            {
                case NOTHING_CONFIGURED -> "nothing set, " + r.scenario().webapps + (r.scenario().webapps == 1 ? " webapp" : " webapps");
                case APPLICATION -> r.name().contains("metrics") ? "metrics on / off" : r.scenario() == Scenario.WEBAPP_PER_CLIENT ? "application, uncontended" : "application, contended";
                case APPLICATION_METRICS_OFF -> "application, metrics off";
                case APPLICATION_TIMEOUT -> "request timeout on / off";
                case PLAIN_CONTROL -> "A/A control";
                case PLAIN -> "plain";
            };
            data.add(r.perRound(), "ratio", label + String.format(Locale.ROOT, " (median %.3f)", r.stats().median()));
            if (r.target() != null)
            {
                Figure f = new Figure("overhead", label, label, "x", r.perRound(), r.target(), false, "");
                verdicts.add(label + " " + f.format(r.stats().median()) + " (" + f.targetText() + ": " + shortVerdict(f) + ")");
                if (targets.stream().noneMatch(t -> t[0] == r.target()))
                    targets.add(new double[]{r.target()});
            }
        }
        CategoryPlot plot = boxPlot(data, new NumberAxis("throughput / plain Jetty (per round)"));
        for (int i = 0; i < targets.size(); i++)
            target(plot, targets.get(i)[0], String.format(Locale.ROOT, "target %.2f", targets.get(i)[0]), i % 2 == 1);
        fitRange(plot, data, targets.stream().mapToDouble(t -> t[0]).toArray());
        return chart(String.format(Locale.ROOT, "1. Overhead: hello servlet, %d clients, %d rounds", OverheadBenchmark.CLIENTS,
            overhead.results().rounds()), plot, verdicts);
    }

    private static JFreeChart parallelism(LockReport locks)
    {
        DefaultBoxAndWhiskerCategoryDataset data = new DefaultBoxAndWhiskerCategoryDataset();
        CategoryPlot plot = boxPlot(data, new NumberAxis("throughput ratio (per round)"));
        List<String> verdicts = new ArrayList<>();
        for (Figure f : throughputFigures(locks, LockBenchmarks.Bench.PARALLELISM))
        {
            data.add(f.perRound(), "ratio", f.key().replace("/", " / ") + " (median " + f.format(f.stats().median()) + ")");
            if (f.target() != null)
            {
                target(plot, f.target(), "target " + f.format(f.target()), false);
                verdicts.add(f.key() + " " + f.format(f.stats().median()) + " (" + f.targetText() + ": " + shortVerdict(f) + ")");
            }
        }
        fitRange(plot, data, new double[]{LockBenchmarks.TARGET_PARALLELISM, LockBenchmarks.TARGET_PARALLELISM_VS_FREE});
        return chart(String.format(Locale.ROOT, "2. Parallelism: 2 cpu-bound WARs, %d clients each, /work?units=%d",
            LockBenchmarks.PARALLEL_CLIENTS_PER_WEBAPP, LockBenchmarks.PARALLEL_UNITS), plot, verdicts);
    }

    private static JFreeChart ioRelease(LockReport locks)
    {
        DefaultBoxAndWhiskerCategoryDataset data = new DefaultBoxAndWhiskerCategoryDataset();
        LogAxis axis = new LogAxis("requests / s (per round, log scale)");
        axis.setBase(10);
        axis.setNumberFormatOverride(new DecimalFormat("0"));
        axis.setSmallestValue(1);
        // Labels at the powers of ten, minor ticks between.
        axis.setTickUnit(new NumberTickUnit(1.0));
        axis.setMinorTickCount(9);
        axis.setMinorTickMarksVisible(true);
        CategoryPlot plot = boxPlot(data, axis);
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (LockCell cell : LockCell.of(LockBenchmarks.Bench.IO_RELEASE))
        {
            List<Double> values = locks.results().perRound(cell, CellResult::throughput);
            String label = switch (cell)
            {
                case IO_FREE -> "free";
                case IO_SHARED -> "shared";
                case IO_FREE_PLAIN -> "free, plain";
                case IO_SHARED_PLAIN -> "shared, plain";
                case IO_QOS -> "QoSHandler(1)";
                case IO_SYNCHRONIZED -> "synchronized";
                default -> cell.key;
            };
            data.add(values, "req/s", label + String.format(Locale.ROOT, " (median %.0f)", Stats.of(values).median()));
            for (double v : values)
            {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (hi > 0)
            axis.setRange(Math.pow(10, Math.floor(Math.log10(Math.max(1, lo / 1.5)))), Math.pow(10, Math.ceil(Math.log10(hi * 1.5))));
        List<String> verdicts = new ArrayList<>();
        for (Figure f : throughputFigures(locks, LockBenchmarks.Bench.IO_RELEASE))
        {
            if (!f.key().startsWith("shared-plain"))
                verdicts.add(f.key() + " " + f.format(f.stats().median()) + "x (" + f.targetText() + ": " + shortVerdict(f) + ")");
        }
        figures(locks, LockBenchmarks.Bench.IO_RELEASE).stream().filter(f -> f.key().equals("shared-plain/free-plain")).findFirst().ifPresent(f ->
            verdicts.add("plain waits (no blocking()): shared/free " + f.format(f.stats().median()) + "x, the lock is held through the wait, as designed"));
        return chart(String.format(Locale.ROOT, "3. I/O release: io-bound /wait?ms=%d, %d clients; \"plain\" = waits outside blocking()",
            LockBenchmarks.IO_WAIT_MS, LockBenchmarks.IO_CLIENTS), plot, verdicts);
    }

    private static JFreeChart convoy(LockReport locks)
    {
        DefaultBoxAndWhiskerCategoryDataset data = new DefaultBoxAndWhiskerCategoryDataset();
        for (LockCell cell : LockCell.of(LockBenchmarks.Bench.CONVOY))
        {
            String label = switch (cell)
            {
                case CONVOY_ALONE -> "shared, io-bound alone";
                case CONVOY_SHARED -> "shared, + 1 cpu-bound client";
                case CONVOY_FREE -> "free, + 1 cpu-bound client";
                default -> cell.key;
            };
            List<List<Double>> values = new ArrayList<>();
            for (double percentile : new double[]{50, 99})
                values.add(locks.results().perRound(cell, r -> r.percentileMs("io", percentile)));
            String category = label + String.format(Locale.ROOT, " (medians p50 %.1f, p99 %.1f ms)",
                Stats.of(values.get(0)).median(), Stats.of(values.get(1)).median());
            data.add(values.get(0), "io-bound p50", category);
            data.add(values.get(1), "io-bound p99", category);
        }
        NumberAxis axis = new NumberAxis("io-bound latency, ms (per round)");
        CategoryPlot plot = boxPlot(data, axis);
        plot.getRenderer().setDefaultSeriesVisibleInLegend(true);
        target(plot, LockBenchmarks.TARGET_CONVOY_P99_MS, String.format(Locale.ROOT, "p99 target %.0f ms", LockBenchmarks.TARGET_CONVOY_P99_MS), false);
        fitRange(plot, data, new double[]{0, LockBenchmarks.TARGET_CONVOY_P99_MS});
        List<String> verdicts = new ArrayList<>();
        for (Figure f : figures(locks, LockBenchmarks.Bench.CONVOY))
        {
            if (f.key().endsWith("-p99") || f.key().endsWith("-p50"))
                verdicts.add(f.key() + " " + f.format(f.stats().median()) + " ms" + (f.target() == null ? "" : " (" + f.targetText() + ": " + shortVerdict(f) + ")"));
        }
        JFreeChart chart = chart(String.format(Locale.ROOT, "4. Convoy: %d io-bound clients (/wait?ms=%d) next to 1 cpu-bound client (/work?units=%d)",
            LockBenchmarks.CONVOY_IO_CLIENTS, LockBenchmarks.IO_WAIT_MS, LockBenchmarks.CONVOY_UNITS), plot, verdicts);
        chart.getLegend().setItemFont(SUBTITLE);
        return chart;
    }

    private static List<Figure> figures(LockReport locks, LockBenchmarks.Bench bench)
    {
        return locks.figures().stream().filter(f -> f.bench().equals(bench.key)).toList();
    }

    private static List<Figure> throughputFigures(LockReport locks, LockBenchmarks.Bench bench)
    {
        return figures(locks, bench).stream().filter(f -> !isCpu(f)).toList();
    }

    private static boolean isCpu(Figure f)
    {
        return f.key().startsWith("cpu ") || f.key().endsWith("/cpu");
    }

    /**
     * CPU per request of each cell against its benchmark's reference in the same round (plain
     * Jetty for the overhead, {@code free} for the lock benchmarks), so that cells of requests that
     * cost 70 us and of requests that cost 15 ms share one axis; the absolute figures are in the
     * tables.
     */
    private static JFreeChart cpu(OverheadReport overhead, LockReport locks, int number)
    {
        DefaultBoxAndWhiskerCategoryDataset data = new DefaultBoxAndWhiskerCategoryDataset();
        List<String> verdicts = new ArrayList<>();
        List<Double> targets = new ArrayList<>();
        List<Figure> all = new ArrayList<>();
        if (overhead != null)
            overhead.figures().stream().filter(Charts::isCpu).filter(f -> !f.key().contains("plain-again")).forEach(all::add);
        if (locks != null)
            locks.figures().stream().filter(Charts::isCpu).forEach(all::add);
        if (all.isEmpty())
            return null;
        for (Figure f : all)
        {
            String label = f.bench() + ": " + f.name().replace("CPU per request, ", "").replace("CPU per request ", "")
                .replaceAll(" \\((one-webapp|webapp-per-client)\\)$", "");
            data.add(f.perRound(), "CPU per request", label + " (median " + f.format(f.stats().median()) + ")");
            if (f.target() != null)
            {
                verdicts.add(label + " " + f.format(f.stats().median()) + " (" + f.targetText() + ": " + shortVerdict(f) + ")");
                if (!targets.contains(f.target()))
                    targets.add(f.target());
            }
        }
        CategoryPlot plot = boxPlot(data, new NumberAxis("CPU per request / reference's, same round"));
        plot.setOrientation(org.jfree.chart.plot.PlotOrientation.HORIZONTAL);
        for (int i = 0; i < targets.size(); i++)
            target(plot, targets.get(i), String.format(Locale.ROOT, "target %.2f", targets.get(i)), i % 2 == 1);
        double[] include = new double[targets.size() + 1];
        include[0] = 1.0;
        for (int i = 0; i < targets.size(); i++)
            include[i + 1] = targets.get(i);
        fitRange(plot, data, include);
        return chart(number + ". CPU per request (this JVM, client and server), each against its benchmark's reference", plot, verdicts);
    }

    private static String shortVerdict(Figure f)
    {
        Boolean met = f.met();
        return met == null ? "no target" : met ? "met" : "NOT MET";
    }

    private static CategoryPlot boxPlot(DefaultBoxAndWhiskerCategoryDataset data, ValueAxis rangeAxis)
    {
        BoxAndWhiskerRenderer renderer = new BoxAndWhiskerRenderer();
        renderer.setMeanVisible(false);
        renderer.setMedianVisible(true);
        renderer.setFillBox(true);
        renderer.setMaximumBarWidth(0.08);
        renderer.setDefaultSeriesVisibleInLegend(false);
        renderer.setSeriesPaint(0, new Color(0x4A, 0x7E, 0xBB));
        renderer.setSeriesPaint(1, new Color(0xE0, 0x8A, 0x2E));
        CategoryAxis categories = new CategoryAxis();
        categories.setMaximumCategoryLabelLines(3);
        categories.setTickLabelFont(SUBTITLE);
        CategoryPlot plot = new CategoryPlot(data, categories, rangeAxis, renderer);
        plot.setBackgroundPaint(new Color(0xF7, 0xF7, 0xF7));
        plot.setRangeGridlinePaint(Color.GRAY);
        return plot;
    }

    /** @param verdicts the panel's subtitle, a line each */
    private static JFreeChart chart(String title, CategoryPlot plot, List<String> verdicts)
    {
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        if (!verdicts.isEmpty())
            chart.addSubtitle(new TextTitle(String.join("\n", verdicts), SUBTITLE));
        return chart;
    }

    /** A dashed red line at a target; {@code below} puts its label under the line (for a second target close to the first). */
    private static void target(CategoryPlot plot, double value, String label, boolean below)
    {
        ValueMarker marker = new ValueMarker(value, TARGET, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{6f, 4f}, 0f));
        marker.setLabel(label);
        marker.setLabelFont(SUBTITLE);
        marker.setLabelPaint(TARGET);
        marker.setLabelAnchor(below ? RectangleAnchor.BOTTOM_LEFT : RectangleAnchor.TOP_RIGHT);
        marker.setLabelTextAnchor(below ? TextAnchor.TOP_LEFT : TextAnchor.BOTTOM_RIGHT);
        plot.addRangeMarker(marker);
    }

    /** Sets a linear range axis to cover the data and the given values (targets), with a margin. */
    private static void fitRange(CategoryPlot plot, DefaultBoxAndWhiskerCategoryDataset data, double[] include)
    {
        if (!(plot.getRangeAxis() instanceof NumberAxis axis))
            return;
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (int r = 0; r < data.getRowCount(); r++)
        {
            for (int c = 0; c < data.getColumnCount(); c++)
            {
                Number min = data.getMinOutlier(r, c);
                Number max = data.getMaxOutlier(r, c);
                Number minRegular = data.getMinRegularValue(r, c);
                Number maxRegular = data.getMaxRegularValue(r, c);
                for (Number n : new Number[]{min, max, minRegular, maxRegular})
                {
                    if (n != null && !Double.isNaN(n.doubleValue()))
                    {
                        lo = Math.min(lo, n.doubleValue());
                        hi = Math.max(hi, n.doubleValue());
                    }
                }
            }
        }
        for (double v : include)
        {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (lo > hi)
            return;
        double margin = Math.max((hi - lo) * 0.08, Math.abs(hi) * 0.01 + 1e-9);
        axis.setAutoRangeIncludesZero(false);
        axis.setRange(lo - margin, hi + margin);
    }
}
