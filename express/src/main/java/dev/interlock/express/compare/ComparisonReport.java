package dev.interlock.express.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import dev.interlock.options.SettingValue;

/**
 * A finished comparison: what ran, where, and what each discipline gave. The text, Markdown,
 * JSON and chart outputs are all drawn from it.
 *
 * @param war the WAR's file name
 * @param started when the first run started
 * @param machine cores, JVM and OS, in one line
 * @param plan the mix, the clients, the warm-up and the duration, the check
 * @param threads the threads of each mount's executor group
 * @param settings every setting given to the engine, with its source, in the order given
 * @param runs one per discipline, in the order they ran
 */
public record ComparisonReport(String war, Instant started, String machine, Comparison.Plan plan, int threads, List<SettingValue> settings,
                               List<DisciplineRun> runs)
{
    public ComparisonReport
    {
        settings = List.copyOf(settings);
        runs = List.copyOf(runs);
    }

    /**
     * @return the machine this JVM runs on: cores, JVM, OS and, on Linux, the load averages
     * over 1, 5 and 15 minutes now (other work on the machine skews every figure: the
     * disciplines are compared on the same machine, not necessarily under the same load)
     */
    public static String thisMachine()
    {
        String machine = String.format(Locale.ROOT, "%d cores, %s %s, %s %s",
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.vm.name"), System.getProperty("java.version"),
            System.getProperty("os.name"), System.getProperty("os.arch"));
        try
        {
            String[] load = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return machine + ", load average " + load[0] + " " + load[1] + " " + load[2] + " at the start";
        }
        catch (IOException | RuntimeException x)
        {
            // Not Linux: no load average to give.
            return machine;
        }
    }

    /** @return e.g. {@code legacy-counter.war, 8 clients, 2 s warm-up + 10 s per discipline} */
    public String setup()
    {
        return war + ", " + plan.clients() + (plan.clients() == 1 ? " client" : " clients") + ", " +
            (plan.warmup().isZero() ? "" : seconds(plan.warmup()) + " warm-up + ") + seconds(plan.duration()) + " per discipline";
    }

    /** @return e.g. {@code free lost 913 of 5123 updates; application correct; shared correct}, or {@code null} without a check */
    public String checkSummary()
    {
        if (plan.check() == null)
            return null;
        StringBuilder b = new StringBuilder();
        for (DisciplineRun r : runs)
        {
            CounterCheck.Result c = r.check();
            b.append(b.length() == 0 ? "" : "; ").append(r.mount().discipline()).append(' ');
            if (c.correct())
                b.append("correct (").append(c.actual()).append(')');
            else if (c.lost() > 0)
                b.append("lost ").append(c.lost()).append(" of ").append(c.expected()).append(" updates");
            else
                b.append("counted ").append(c.extra()).append(" more than the ").append(c.expected()).append(" answered");
        }
        return b.toString();
    }

    static String seconds(Duration d)
    {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
