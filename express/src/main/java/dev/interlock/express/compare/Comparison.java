package dev.interlock.express.compare;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.Supplier;

import dev.interlock.metrics.MetricsSnapshot;

/**
 * Runs the request mix against one mount at a time: a warm-up (not measured), then the
 * counter's reset and first reading, the measured run with the lock counters read before and
 * after, and the counter's second reading. The mounts run one after the other, so that each
 * has the whole machine.
 *
 * <p>Called by one thread; each {@link #run} blocks for the warm-up and the run, bounded as
 * {@link ClosedLoop#run} is.</p>
 */
public final class Comparison
{
    /**
     * What to run against each mount.
     *
     * @param mix the calls
     * @param clients requests outstanding at once
     * @param warmup the unmeasured run before each measured one ({@link Duration#ZERO}: none)
     * @param duration each measured run
     * @param check the counter check, or {@code null}
     */
    public record Plan(RequestMix mix, int clients, Duration warmup, Duration duration, CounterCheck check)
    {
    }

    private final Plan plan;
    private final ClosedLoop loop;
    private final Supplier<MetricsSnapshot> metrics;
    private final PrintWriter progress;

    /**
     * @param loop the load, with {@code plan.clients()} clients
     * @param metrics the engine's counters now ({@code InterlockServer.getMetrics()::snapshot})
     * @param progress where a line goes as each phase starts
     */
    public Comparison(Plan plan, ClosedLoop loop, Supplier<MetricsSnapshot> metrics, PrintWriter progress)
    {
        this.plan = plan;
        this.loop = loop;
        this.metrics = metrics;
        this.progress = progress;
    }

    /**
     * @param root the mount's root URL, {@code http://127.0.0.1:PORT/free}
     * @throws RunFailure if the check or reset call fails, or the load does not stop within its bound
     */
    public DisciplineRun run(Mount mount, String root) throws RunFailure, InterruptedException
    {
        if (!plan.warmup().isZero())
        {
            say(mount, "warm-up, " + ComparisonReport.seconds(plan.warmup()));
            loop.run(root, plan.mix(), plan.warmup());
        }
        CounterCheck check = plan.check();
        long before = 0;
        if (check != null)
        {
            check.reset(loop.client(), root);
            before = check.read(loop.client(), root);
        }
        say(mount, "measuring, " + ComparisonReport.seconds(plan.duration()) + ", " + plan.clients() + (plan.clients() == 1 ? " client" : " clients"));
        MetricsSnapshot start = metrics.get();
        long cpuStart = processCpuNanos();
        LoadResult load = loop.run(root, plan.mix(), plan.duration());
        long cpuEnd = processCpuNanos();
        MetricsSnapshot end = metrics.get();
        CounterCheck.Result result = check == null ? null : new CounterCheck.Result(before, check.read(loop.client(), root), check.expected(load));
        long cpu = cpuStart < 0 || cpuEnd < 0 ? -1 : cpuEnd - cpuStart;
        return new DisciplineRun(mount, load, LockFigures.between(start, end, mount.executorGroup()), result, cpu);
    }

    /** @return the CPU time this JVM has used, or -1 where the JVM does not say */
    private static long processCpuNanos()
    {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)
            return os.getProcessCpuTime();
        return -1;
    }

    private void say(Mount mount, String what)
    {
        progress.println("compare: " + mount.discipline() + " (" + mount.contextPath() + "): " + what);
        progress.flush();
    }
}
