package dev.interlock.benchmarks.jmh;

import java.util.concurrent.TimeUnit;

import dev.interlock.concurrency.EntryCounter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@code interlock.detect-concurrency} costs a request, per servlet or filter it enters: the
 * {@link EntryCounter#enter()} and {@link EntryCounter#exit} that the ee10/ee11 wrappers call
 * around the component's {@code service} or {@code doFilter}, against the same work called
 * directly, which is what the request path is with the setting off (nothing is wrapped then).
 *
 * <ul>
 * <li>{@code off1}, {@code on1}: one thread;</li>
 * <li>{@code off2}, {@code on2}: two threads entering the same component, so that the counter's
 * shared cache line moves between cores at every entry and exit (the worst case: every request
 * of a busy webapp going through one servlet);</li>
 * <li>{@code reentered1}: a thread entering the component again while inside (a filter mapped
 * for {@code FORWARD} as well), which counts once.</li>
 * </ul>
 *
 * <p>Not part of {@link JmhSuite} (it would lengthen {@code run.sh} by about 40 s); run it alone:
 * {@code java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main ConcurrencyDetectionBenchmark -f 1 -wi 3 -i 5}.</p>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ConcurrencyDetectionBenchmark
{
    /** The component every thread enters: one servlet instance of the webapp. */
    private EntryCounter counter;

    /** Each thread's own small piece of work, the same in every method. */
    @State(Scope.Thread)
    public static class Work
    {
        int count;
        EntryCounter.Inside outer;
    }

    @Setup(Level.Trial)
    public void setUp()
    {
        counter = new EntryCounter("bench.Servlet", "servlet", true);
    }

    private static int body(Work work)
    {
        return ++work.count;
    }

    private int counted(Work work)
    {
        EntryCounter.Inside inside = counter.enter();
        try
        {
            return body(work);
        }
        finally
        {
            counter.exit(inside);
        }
    }

    @Benchmark
    @Threads(1)
    public int off1(Work work)
    {
        return body(work);
    }

    @Benchmark
    @Threads(1)
    public int on1(Work work)
    {
        return counted(work);
    }

    @Benchmark
    @Threads(2)
    public int off2(Work work)
    {
        return body(work);
    }

    @Benchmark
    @Threads(2)
    public int on2(Work work)
    {
        return counted(work);
    }

    @Benchmark
    @Threads(1)
    public int reentered1(Work work)
    {
        // Entered once for the trial, then every operation is a re-entry by the same thread.
        if (work.outer == null)
            work.outer = counter.enter();
        return counted(work);
    }
}
