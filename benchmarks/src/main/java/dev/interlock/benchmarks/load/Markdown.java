package dev.interlock.benchmarks.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The parts every Markdown report has: the figures, the checks, and how noisy the machine was. */
final class Markdown
{
    /** Other processes or the hypervisor took more than this share of the machine: say so. */
    static final double NOISY_SHARE = 0.05;

    private Markdown()
    {
    }

    static String figureTable(List<Figure> figures)
    {
        StringBuilder b = new StringBuilder();
        b.append("| benchmark | figure | min | median | max | target | verdict (median) |\n");
        b.append("|---|---|---:|---:|---:|---:|---|\n");
        for (Figure f : figures)
        {
            Stats s = f.stats();
            String unit = "x".equals(f.unit()) ? "" : " " + f.unit();
            b.append(String.format(Locale.ROOT, "| %s | %s | %s%s | %s%s | %s%s | %s | %s%s |%n", f.bench(), f.name(),
                f.format(s.min()), unit, f.format(s.median()), unit, f.format(s.max()), unit, f.targetText(), f.verdict(),
                f.note().isEmpty() ? "" : "; " + f.note()));
        }
        return b.toString();
    }

    /** @param passed the line that says what passed, for when nothing failed */
    static String checks(List<String> problems, String passed)
    {
        if (problems.isEmpty())
            return passed + "\n";
        StringBuilder b = new StringBuilder("PROBLEMS (figures above are suspect):\n\n");
        problems.forEach(p -> b.append("* ").append(p).append('\n'));
        return b.toString();
    }

    /**
     * @param span what the CPU meter covered in each cell ("a measured phase", "a cell")
     * @return the largest share other processes and steal took, and every cell above
     * {@link #NOISY_SHARE}
     */
    static String noise(Results<?> results, String span)
    {
        List<String> noisy = new ArrayList<>();
        double worst = 0;
        for (CellResult<?> r : results.all())
        {
            double others = r.otherCpu() + r.stealCpu();
            worst = Math.max(worst, Double.isNaN(others) ? 0 : others);
            if (others > NOISY_SHARE)
                noisy.add(String.format(Locale.ROOT, "round %d %s %.0f%%", r.round() + 1, r.cell().id(), 100 * others));
        }
        return String.format(Locale.ROOT, "Other processes and steal took at most %.0f%% of the machine during %s", 100 * worst, span) +
            (noisy.isEmpty() ? ".\n" : String.format(Locale.ROOT, "; above %.0f%% in %d of %d: %s.%n",
                100 * NOISY_SHARE, noisy.size(), results.all().size(), String.join(", ", noisy)));
    }
}
