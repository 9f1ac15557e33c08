package dev.interlock.benchmarks.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the machine was during a phase, and how much of that was <em>not</em> this JVM: the
 * benchmark shares the machine with whatever else runs, and on 2 cores another build is enough
 * to move a cell by a third. Linux only ({@code /proc/stat}); elsewhere the figures are NaN.
 */
final class CpuMeter
{
    private static final Path PROC_STAT = Path.of("/proc/stat");
    /** USER_HZ: the unit of {@code /proc/stat}, 100 on every Linux this runs on. */
    private static final double JIFFY_NANOS = 1e9 / 100;

    private final long wallNanos;
    private final long[] machine;
    private final long processNanos;

    private CpuMeter(long wallNanos, long[] machine, long processNanos)
    {
        this.wallNanos = wallNanos;
        this.machine = machine;
        this.processNanos = processNanos;
    }

    static CpuMeter start()
    {
        return new CpuMeter(System.nanoTime(), readProcStat(), processCpuNanos());
    }

    /**
     * @return {this process's CPU, other processes' CPU, steal}, each as a share of the whole
     * machine's capacity (all cores) since {@link #start()}; NaN where unknown
     */
    double[] shares()
    {
        long wall = System.nanoTime() - wallNanos;
        long[] now = readProcStat();
        long process = processCpuNanos();
        double capacity = (double)wall * Runtime.getRuntime().availableProcessors();
        double own = process < 0 || processNanos < 0 ? Double.NaN : (process - processNanos) / capacity;
        if (now == null || machine == null)
            return new double[]{own, Double.NaN, Double.NaN};
        double busy = (now[0] - machine[0]) * JIFFY_NANOS / capacity;
        double steal = (now[1] - machine[1]) * JIFFY_NANOS / capacity;
        return new double[]{own, Math.max(0, busy - own), steal};
    }

    /** @return this process's CPU time since {@link #start()}, in nanoseconds; -1 if unknown */
    long ownNanos()
    {
        long process = processCpuNanos();
        return process < 0 || processNanos < 0 ? -1 : process - processNanos;
    }

    /** @return {busy jiffies (user+nice+system+irq+softirq), steal jiffies}, or null */
    private static long[] readProcStat()
    {
        try
        {
            String line = Files.readAllLines(PROC_STAT).get(0);
            String[] f = line.trim().split("\\s+");
            if (!"cpu".equals(f[0]) || f.length < 9)
                return null;
            long user = Long.parseLong(f[1]);
            long nice = Long.parseLong(f[2]);
            long system = Long.parseLong(f[3]);
            long irq = Long.parseLong(f[6]);
            long softirq = Long.parseLong(f[7]);
            long steal = Long.parseLong(f[8]);
            return new long[]{user + nice + system + irq + softirq, steal};
        }
        catch (IOException | RuntimeException x)
        {
            return null;
        }
    }

    private static long processCpuNanos()
    {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)
            return os.getProcessCpuTime();
        return -1;
    }
}
