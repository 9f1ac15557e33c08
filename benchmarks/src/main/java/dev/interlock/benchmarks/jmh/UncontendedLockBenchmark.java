package dev.interlock.benchmarks.jmh;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import dev.interlock.api.Interlock;
import dev.interlock.api.spi.YieldPoints;
import dev.interlock.lock.GroupLock;
import dev.interlock.lock.LockDiscipline;
import dev.interlock.lock.LockFrame;
import dev.interlock.lock.LockOutcome;
import dev.interlock.lock.LockSettings;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The uncontended cost of taking and giving back a lock, one thread, nothing else waiting: what
 * every request of an {@code application} or {@code shared} webapp pays when it has the lock to
 * itself. The goal: "the uncontended lock path is one atomic operation each way".
 *
 * <ul>
 * <li>{@code baseline*}: the JDK's own locks (and a bare CAS/set pair, the floor of any lock),
 * so the numbers below are comparable within one run;</li>
 * <li>{@code groupLock*}: {@link GroupLock#acquire(long, boolean, int)} +
 * {@link GroupLock#release()}, first acquisition and re-entrant;</li>
 * <li>{@code lockFrame*}: the same through {@link LockFrame#current()}, {@link LockFrame#enter}
 * and {@link LockFrame#exit}, as the servlet wrappers call it per dispatch (thread-local lookup
 * included); {@code lockFrameEnterExitWithDeadline} also reads {@link System#nanoTime()} to
 * bound the wait by what is left of a queue timeout, as the first dispatch of a request that
 * was queued in a named executor group does (other dispatches do not read the clock);</li>
 * <li>{@code checkpointUnderLock}: {@link Interlock#checkpoint()} while holding the lock with no
 * waiter, the yield point a long computation calls in its loop.</li>
 * </ul>
 *
 * <p>The annotations are defaults for a plain {@code java -jar benchmarks.jar}; {@code run.sh}
 * shortens them on the command line.</p>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class UncontendedLockBenchmark
{
    /** Far enough that no acquisition here may time out, near enough to catch a hang. */
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int MAX_WAITERS = 64;

    private final ReentrantLock reentrantLock = new ReentrantLock();
    private final ReentrantLock reentrantLockHeld = new ReentrantLock();
    private final Object monitor = new Object();
    private final AtomicReference<Thread> owner = new AtomicReference<>();
    private final LockSettings settings = LockSettings.custom().discipline(LockDiscipline.APPLICATION).build();
    private GroupLock groupLock;
    private GroupLock untimedLock;
    private GroupLock groupLockHeld;
    private GroupLock frameLock;
    private GroupLock frameLockHeld;
    private GroupLock checkpointLock;
    private LockFrame.Entry heldEntry;
    private LockFrame.Entry checkpointEntry;
    /** The wait bound passed to each acquisition (relative, as the engine takes it). */
    private long deadline;
    /** A queue deadline far in the future, for {@code lockFrameEnterExitWithDeadline}. */
    private long queueDeadline;
    private int counter;

    /**
     * Creates fresh locks for each iteration. For a {@link Scope#Thread} state JMH calls this
     * on the benchmark's own thread, which is what the "held" locks need: they are taken here
     * and re-entered by the benchmark methods.
     */
    @Setup(Level.Iteration)
    public void setUp()
    {
        groupLock = new GroupLock("application:bench/plain");
        untimedLock = new GroupLock("application:bench/untimed");
        untimedLock.setTimed(false);
        groupLockHeld = new GroupLock("application:bench/held");
        frameLock = new GroupLock("application:bench/frame");
        frameLockHeld = new GroupLock("application:bench/frame-held");
        checkpointLock = new GroupLock("application:bench/checkpoint");
        deadline = TIMEOUT_NANOS;
        queueDeadline = System.nanoTime() + TIMEOUT_NANOS;
        check(groupLockHeld.acquire(deadline, false, MAX_WAITERS));
        reentrantLockHeld.lock();
        // The frame holds one lock at a time (one lock per dispatch), so the frame benchmarks
        // that need it held enter it lazily and leave it in tearDown.
        heldEntry = null;
        checkpointEntry = null;
        YieldPoints.install(LockFrame.YIELD_POINTS);
    }

    @TearDown(Level.Iteration)
    public void tearDown()
    {
        groupLockHeld.release();
        reentrantLockHeld.unlock();
        LockFrame frame = LockFrame.current();
        if (heldEntry != null)
            frame.exit(heldEntry, false);
        if (checkpointEntry != null)
            frame.exit(checkpointEntry, false);
        if (frame.lock() != null)
            throw new IllegalStateException("frame still holds " + frame.lock());
        YieldPoints.uninstall(LockFrame.YIELD_POINTS);
    }

    private static void check(LockOutcome outcome)
    {
        if (outcome != LockOutcome.ACQUIRED)
            throw new IllegalStateException("uncontended acquisition failed: " + outcome);
    }

    // ---- baselines -------------------------------------------------------------------------

    @Benchmark
    public int baselineNoLock()
    {
        return ++counter;
    }

    @Benchmark
    public int baselineCasAndSet()
    {
        Thread me = Thread.currentThread();
        if (!owner.compareAndSet(null, me))
            throw new IllegalStateException();
        int c = ++counter;
        owner.set(null);
        return c;
    }

    @Benchmark
    public int baselineSynchronized()
    {
        synchronized (monitor)
        {
            return ++counter;
        }
    }

    @Benchmark
    public int baselineReentrantLock()
    {
        reentrantLock.lock();
        try
        {
            return ++counter;
        }
        finally
        {
            reentrantLock.unlock();
        }
    }

    @Benchmark
    public int baselineReentrantLockReentered()
    {
        reentrantLockHeld.lock();
        try
        {
            return ++counter;
        }
        finally
        {
            reentrantLockHeld.unlock();
        }
    }

    // ---- GroupLock -------------------------------------------------------------------------

    @Benchmark
    public int groupLockAcquireReleaseMetricsOff()
    {
        check(untimedLock.acquire(deadline, false, MAX_WAITERS));
        try
        {
            return ++counter;
        }
        finally
        {
            untimedLock.release();
        }
    }

    @Benchmark
    public int groupLockAcquireRelease()
    {
        check(groupLock.acquire(deadline, false, MAX_WAITERS));
        try
        {
            return ++counter;
        }
        finally
        {
            groupLock.release();
        }
    }

    @Benchmark
    public int groupLockReentered()
    {
        check(groupLockHeld.acquire(deadline, false, MAX_WAITERS));
        try
        {
            return ++counter;
        }
        finally
        {
            groupLockHeld.release();
        }
    }

    // ---- LockFrame (what the servlet wrappers call) ----------------------------------------

    @Benchmark
    public int lockFrameEnterExit()
    {
        LockFrame frame = LockFrame.current();
        LockFrame.Entry entry = frame.enter(frameLock, settings, false, deadline);
        try
        {
            return ++counter;
        }
        finally
        {
            frame.exit(entry, false);
        }
    }

    @Benchmark
    public int lockFrameEnterExitWithDeadline()
    {
        LockFrame frame = LockFrame.current();
        LockFrame.Entry entry = frame.enter(frameLock, settings, false, Math.min(settings.lockTimeoutNanos(), queueDeadline - System.nanoTime()));
        try
        {
            return ++counter;
        }
        finally
        {
            frame.exit(entry, false);
        }
    }

    @Benchmark
    public int lockFrameReentered()
    {
        LockFrame frame = LockFrame.current();
        if (heldEntry == null)
            heldEntry = frame.enter(frameLockHeld, settings, false, deadline);
        LockFrame.Entry entry = frame.enter(frameLockHeld, settings, false, deadline);
        try
        {
            return ++counter;
        }
        finally
        {
            frame.exit(entry, false);
        }
    }

    @Benchmark
    public int checkpointUnderLock()
    {
        if (checkpointEntry == null)
            checkpointEntry = LockFrame.current().enter(checkpointLock, settings, false, deadline);
        Interlock.checkpoint();
        return ++counter;
    }
}
