package dev.interlock.benchmarks.jmh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Both JMH benchmarks of the lock, in one run, with short settings for a small machine: the
 * uncontended operations ({@link UncontendedLockBenchmark}, one thread) and one lock wanted by
 * 2, 4 and 16 threads ({@link ContendedLockBenchmark}). Writes JMH's own JSON per run
 * ({@code jmh-uncontended.json}, {@code jmh-contended-T.json}) and {@code jmh.md}: the tables,
 * and each {@link dev.interlock.lock.GroupLock} figure as a ratio to the JDK's locks measured in
 * the same run.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.interlock.benchmarks.jmh.JmhSuite [results-dir]}.</p>
 */
public final class JmhSuite
{
    /** Contended runs: as many threads as cores, twice as many, and as many as the load benchmark's clients. */
    static final int[] THREADS = {2, 4, 16};
    /** Uncontended {@code GroupLock} acquire and release, at most this many times {@code ReentrantLock}'s. */
    static final double TARGET_UNCONTENDED = 1.2;

    private JmhSuite()
    {
    }

    public static void main(String[] args) throws RunnerException, IOException
    {
        Path results = Path.of(args.length > 0 ? args[0] : "target/results");
        Files.createDirectories(results);
        Map<String, Double> uncontended = new LinkedHashMap<>();
        for (RunResult r : run(UncontendedLockBenchmark.class, 1, results.resolve("jmh-uncontended.json"), 3, 5))
            uncontended.put(method(r), r.getPrimaryResult().getScore());
        Map<Integer, Map<String, double[]>> contended = new LinkedHashMap<>();
        for (int threads : THREADS)
        {
            Map<String, double[]> byLock = new LinkedHashMap<>();
            for (RunResult r : run(ContendedLockBenchmark.class, threads, results.resolve("jmh-contended-" + threads + ".json"), 2, 4))
            {
                Map<String, Result> secondary = r.getSecondaryResults();
                double cpu = secondary.get("cpuNanos").getScore();
                double ops = secondary.get("cpuOps").getScore();
                byLock.put(method(r), new double[]{r.getPrimaryResult().getScore(), ops == 0 ? Double.NaN : cpu / ops});
            }
            contended.put(threads, byLock);
        }
        String md = markdown(uncontended, contended);
        Files.writeString(results.resolve("jmh.md"), md, StandardCharsets.UTF_8);
        System.out.println(md);
    }

    private static Collection<RunResult> run(Class<?> benchmark, int threads, Path json, int warmups, int iterations) throws RunnerException
    {
        Options options = new OptionsBuilder()
            .include(benchmark.getName() + "\\.")
            .forks(1)
            .threads(threads)
            .warmupIterations(warmups)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(iterations)
            .measurementTime(TimeValue.seconds(1))
            .shouldFailOnError(true)
            .jvmArgsAppend("-Xms1g", "-Xmx1g")
            .resultFormat(ResultFormatType.JSON)
            .result(json.toString())
            .build();
        return new Runner(options).run();
    }

    private static String method(RunResult r)
    {
        String name = r.getParams().getBenchmark();
        return name.substring(name.lastIndexOf('.') + 1);
    }

    static String markdown(Map<String, Double> uncontended, Map<Integer, Map<String, double[]>> contended)
    {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "### JMH: the lock (%d cores, %s %s)%n%n", Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.vm.name"), System.getProperty("java.vm.version")));
        b.append("Uncontended, one thread, average time per operation (each also increments a counter):\n\n");
        b.append("| benchmark | ns/op | / ReentrantLock |\n|---|---:|---:|\n");
        double reentrant = uncontended.getOrDefault("baselineReentrantLock", Double.NaN);
        uncontended.forEach((name, ns) -> b.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f |%n", name, ns, ns / reentrant)));
        double groupLock = uncontended.getOrDefault("groupLockAcquireRelease", Double.NaN);
        b.append(String.format(Locale.ROOT, "%nFigure: groupLockAcquireRelease / baselineReentrantLock = %.2f (target <= %.1f: %s)%n%n",
            groupLock / reentrant, TARGET_UNCONTENDED, groupLock / reentrant <= TARGET_UNCONTENDED ? "met" : "NOT MET"));

        b.append("Contended: every thread takes the one lock, `outside` tokens of work without it and `inside` tokens with it " +
            "(400 and 100); throughput in operations per microsecond, CPU in nanoseconds of thread CPU time per operation " +
            "(parking and waking included):\n\n");
        b.append("| lock |");
        contended.keySet().forEach(t -> b.append(String.format(Locale.ROOT, " %d threads: ops/us | CPU ns/op |", t)));
        b.append("\n|---|");
        contended.keySet().forEach(t -> b.append("---:|---:|"));
        b.append('\n');
        List<String> locks = new ArrayList<>();
        contended.values().forEach(m -> m.keySet().forEach(l -> { if (!locks.contains(l)) locks.add(l); }));
        for (String lock : locks)
        {
            b.append("| ").append(lock).append(" |");
            for (Map<String, double[]> m : contended.values())
            {
                double[] v = m.get(lock);
                b.append(v == null ? " - | - |" : String.format(Locale.ROOT, " %.3f | %.0f |", v[0], v[1]));
            }
            b.append('\n');
        }
        b.append("\n`groupLock` against its own strict hand-off (fairness bound 0) and the JDK's locks in the same run (throughput ratio; CPU per operation ratio):\n\n");
        b.append("| against |");
        contended.keySet().forEach(t -> b.append(String.format(Locale.ROOT, " %d threads |", t)));
        b.append("\n|---|");
        contended.keySet().forEach(t -> b.append("---:|"));
        b.append('\n');
        for (String other : List.of("groupLockStrictHandOff", "reentrantLockUnfair", "reentrantLockFair", "semaphoreFair"))
        {
            b.append("| ").append(other).append(" |");
            for (Map<String, double[]> m : contended.values())
            {
                double[] g = m.get("groupLock");
                double[] o = m.get(other);
                b.append(g == null || o == null ? " - |" : String.format(Locale.ROOT, " %.2fx; CPU %.2fx |", g[0] / o[0], g[1] / o[1]));
            }
            b.append('\n');
        }
        return b.toString();
    }
}
