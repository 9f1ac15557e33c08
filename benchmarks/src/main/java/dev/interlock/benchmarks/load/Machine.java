package dev.interlock.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What the results record about the machine they were measured on. */
final class Machine
{
    private Machine()
    {
    }

    /** @return cores, JVM, OS and heap */
    static String describe()
    {
        return String.format(Locale.ROOT, "%d cores, %s %s, %s %s, max heap %d MiB",
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.vm.name"), System.getProperty("java.version"),
            System.getProperty("os.name"), System.getProperty("os.arch"),
            Runtime.getRuntime().maxMemory() >> 20);
    }

    /** @return the 1, 5 and 15 minute load averages, or "unknown" off Linux */
    static String loadAverage()
    {
        try
        {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        }
        catch (IOException | RuntimeException x)
        {
            return "unknown";
        }
    }
}
