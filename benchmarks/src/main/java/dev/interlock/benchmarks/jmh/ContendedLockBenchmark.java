package dev.interlock.benchmarks.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

import dev.interlock.lock.GroupLock;
import dev.interlock.lock.LockOutcome;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One lock wanted by every thread of the benchmark (run it with {@code -t 2}, {@code -t 4} and
 * {@code -t 16}): each operation does {@code outside} tokens of work on its own, then
 * {@code inside} tokens holding the lock, as a request of a webapp under {@code application}
 * does its own work around a short locked section. The same operation under {@link GroupLock}
 * with a fairness bound of zero (strict FIFO direct hand-off, the design bounded barging
 * replaced), and under the JDK's {@link ReentrantLock} (fair and not) and {@link Semaphore}
 * (fair, one permit), in the same run.
 *
 * <p>Besides throughput, each thread counts the CPU time it used ({@code cpuNanos}, read from
 * {@link ThreadMXBean} every {@value #CPU_EVERY} operations) and the operations it counted it
 * over ({@code cpuOps}): their quotient is the CPU a lock costs per operation, parking and
 * waking included, which throughput alone hides when the machine has idle cores.</p>
 *
 * <p>Every operation increments a plain counter under the lock; a lost update fails the
 * iteration, so a lock that does not exclude cannot post a good number.</p>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ContendedLockBenchmark
{
    static final int CPU_EVERY = 256;
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Work inside the lock, in {@link Blackhole#consumeCPU} tokens. */
    @Param("100")
    public int inside;
    /** Work outside it. */
    @Param("400")
    public int outside;

    private GroupLock groupLock;
    // The design before bounded barging: every contended release hands the lock to the head.
    private GroupLock strictHandOff;
    private ReentrantLock fair;
    private ReentrantLock unfair;
    private Semaphore semaphore;
    // Guarded by whichever lock the benchmark takes; checked against the operations counted.
    private long guarded;
    private final LongAdder operations = new LongAdder();

    @Setup(Level.Iteration)
    public void setUp()
    {
        groupLock = new GroupLock("application:bench:/contended");
        strictHandOff = new GroupLock("application:bench:/strict");
        strictHandOff.setSwitchInterval(Duration.ZERO);
        fair = new ReentrantLock(true);
        unfair = new ReentrantLock(false);
        semaphore = new Semaphore(1, true);
        guarded = 0;
        operations.reset();
    }

    @TearDown(Level.Iteration)
    public void check()
    {
        if (guarded != operations.sum())
            throw new IllegalStateException("lost updates: " + guarded + " counted under the lock, " + operations.sum() + " operations");
        for (GroupLock lock : new GroupLock[]{groupLock, strictHandOff})
        {
            if (lock.getWaiters() != 0 || lock.getHolder() != null)
                throw new IllegalStateException("lock not clean: " + lock);
        }
    }

    /** Per thread: its CPU time and the operations it was counted over. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Cpu
    {
        public long cpuNanos;
        public long cpuOps;
        private long since;
        private int n;

        @Setup(Level.Iteration)
        public void start()
        {
            cpuNanos = 0;
            cpuOps = 0;
            n = 0;
            since = THREADS.getCurrentThreadCpuTime();
        }

        void tick()
        {
            if (++n == CPU_EVERY)
            {
                long now = THREADS.getCurrentThreadCpuTime();
                cpuNanos += now - since;
                cpuOps += n;
                since = now;
                n = 0;
            }
        }
    }

    private void locked()
    {
        guarded++;
        Blackhole.consumeCPU(inside);
    }

    private void done(Cpu cpu)
    {
        operations.increment();
        cpu.tick();
    }

    @Benchmark
    public void groupLock(Cpu cpu)
    {
        operation(groupLock, cpu);
    }

    /** The same lock with a fairness bound of zero: strict FIFO direct hand-off, the design it replaced. */
    @Benchmark
    public void groupLockStrictHandOff(Cpu cpu)
    {
        operation(strictHandOff, cpu);
    }

    private void operation(GroupLock lock, Cpu cpu)
    {
        Blackhole.consumeCPU(outside);
        if (lock.acquire(TIMEOUT_NANOS, false, Integer.MAX_VALUE) != LockOutcome.ACQUIRED)
            throw new IllegalStateException("not acquired: " + lock);
        try
        {
            locked();
        }
        finally
        {
            lock.release();
        }
        done(cpu);
    }

    @Benchmark
    public void reentrantLockFair(Cpu cpu)
    {
        Blackhole.consumeCPU(outside);
        fair.lock();
        try
        {
            locked();
        }
        finally
        {
            fair.unlock();
        }
        done(cpu);
    }

    @Benchmark
    public void reentrantLockUnfair(Cpu cpu)
    {
        Blackhole.consumeCPU(outside);
        unfair.lock();
        try
        {
            locked();
        }
        finally
        {
            unfair.unlock();
        }
        done(cpu);
    }

    @Benchmark
    public void semaphoreFair(Cpu cpu) throws InterruptedException
    {
        Blackhole.consumeCPU(outside);
        semaphore.acquire();
        try
        {
            locked();
        }
        finally
        {
            semaphore.release();
        }
        done(cpu);
    }
}
