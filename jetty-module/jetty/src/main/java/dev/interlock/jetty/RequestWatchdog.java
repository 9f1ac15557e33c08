package dev.interlock.jetty;

import java.time.Duration;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import dev.interlock.group.Dispatch;
import dev.interlock.group.Membership;
import dev.interlock.group.WebappGroups;
import dev.interlock.lock.GroupLock;
import dev.interlock.lock.LockWaits;
import dev.interlock.lock.LockSettings;
import dev.interlock.lock.RequestTimeoutAction;
import dev.interlock.options.Settings;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.annotation.ManagedAttribute;
import org.eclipse.jetty.util.annotation.ManagedObject;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's one watchdog, one task on the server's {@link Scheduler} sampling at a bounded
 * rate (a quarter of the shortest timeout or hold warning in use, between 100 ms and 1 s):
 * <ul>
 * <li>requests that run too long ({@code interlock.request-timeout}): each is reported once with
 * its thread's stack and, under {@code request-timeout-action=interrupt}, its thread is
 * interrupted and it is reported again as unstoppable if it still runs one timeout later;</li>
 * <li>locks held too long while requests wait ({@code interlock.hold-warning}), once per
 * episode;</li>
 * <li>self-calls: a request waiting for a lock whose holder waits for that very request.</li>
 * </ul>
 *
 * <p>Nothing is scheduled until a request of a group with a timeout registers or a webapp with
 * a lock in force starts: with neither the watchdog costs nothing. A registered request costs one
 * small object, a set insertion and removal, and no clock read beyond its start.</p>
 *
 * <p>Only the thread running a request's first dispatch is known (the executor group's thread,
 * or the server's for group {@code server}); between {@link Watched#enter()} and
 * {@link Watched#exit()} it may be interrupted, never after, so an interrupt cannot reach the
 * next request the pooled thread runs. Async dispatches are reported without a stack.</p>
 */
@ManagedObject("Requests running longer than interlock.request-timeout")
public class RequestWatchdog extends AbstractLifeCycle
{
    private static final Logger LOG = LoggerFactory.getLogger(RequestWatchdog.class);
    static final long MIN_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    static final long MAX_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final InterlockServer interlock;
    private final Set<Watched> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicLong periodNanos = new AtomicLong(MAX_PERIOD_NANOS);
    private final LongAdder reports = new LongAdder();
    private final LongAdder interrupts = new LongAdder();
    private final LongAdder unstoppable = new LongAdder();
    private final LongAdder holdWarnings = new LongAdder();
    private final LongAdder selfCalls = new LongAdder();
    private volatile String lastSelfCall;
    // The sampling task's own. Successive rounds may run on different scheduler threads; each
    // round schedules the next, which orders them (happens-before), so the episodes' plain
    // fields need no more.
    private final Map<GroupLock, HoldEpisode> episodes = new ConcurrentHashMap<>();
    private final Set<WebappGroups> lockWatched = ConcurrentHashMap.newKeySet();
    private volatile Scheduler.Task task;

    RequestWatchdog(InterlockServer interlock)
    {
        this.interlock = interlock;
    }

    /**
     * Registers a request entering a group with a request timeout; any thread.
     *
     * @param request the request
     * @param dispatch its decision (groups, lock figures)
     * @param contextPath its webapp
     * @return its record, to {@link #unwatch} when it completes
     */
    Watched watch(Request request, Dispatch dispatch, String contextPath)
    {
        LockSettings settings = dispatch.membership().settings();
        Watched w = new Watched(request, dispatch, contextPath, settings.requestTimeoutNanos(), settings.requestTimeoutAction());
        inFlight.add(w);
        long period = Math.max(MIN_PERIOD_NANOS, Math.min(MAX_PERIOD_NANOS, w.timeoutNanos / 4));
        periodNanos.accumulateAndGet(period, Math::min);
        if (isRunning() && scheduled.compareAndSet(false, true))
            schedule();
        return w;
    }

    /**
     * Starts sampling the locks in force of a webapp that just started, if any has a hold
     * warning; any thread.
     *
     * @param groups the webapp's groups
     */
    void watchLocks(WebappGroups groups)
    {
        boolean any = false;
        for (Membership m : groups.memberships())
        {
            long warning = m.settings().holdWarning().toNanos();
            if (m.lockInForce() == null || warning <= 0)
                continue;
            any = true;
            periodNanos.accumulateAndGet(Math.max(MIN_PERIOD_NANOS, Math.min(MAX_PERIOD_NANOS, warning / 4)), Math::min);
        }
        if (!any)
            return;
        lockWatched.add(groups);
        if (isRunning() && scheduled.compareAndSet(false, true))
            schedule();
    }

    /**
     * @param groups a webapp that stopped
     */
    void unwatchLocks(WebappGroups groups)
    {
        lockWatched.remove(groups);
    }

    /**
     * One round over the locks in force: an episode is one holder thread over one acquisition
     * (the lock's acquisition count unchanged), seen from the first round that saw it, so a hold
     * is measured to within one period and the uncontended lock path records nothing for it.
     */
    private void sampleLocks(long now)
    {
        Map<GroupLock, Long> thresholds = new IdentityHashMap<>();
        for (WebappGroups g : lockWatched)
        {
            for (Membership m : g.memberships())
            {
                long warning = m.settings().holdWarning().toNanos();
                if (m.lockInForce() != null && warning > 0)
                    thresholds.merge(m.lockInForce(), warning, Math::min);
            }
        }
        episodes.keySet().retainAll(thresholds.keySet());
        thresholds.forEach((lock, threshold) -> sampleLock(lock, threshold, now));
    }

    private void sampleLock(GroupLock lock, long threshold, long now)
    {
        Thread owner = lock.getOwnerThread();
        if (owner == null)
        {
            episodes.remove(lock);
            return;
        }
        long acquisitions = lock.getAcquisitions();
        HoldEpisode e = episodes.get(lock);
        if (e == null || e.owner != owner || e.acquisitions != acquisitions)
        {
            episodes.put(lock, new HoldEpisode(owner, acquisitions, now));
            return;
        }
        int waiters = lock.getWaiters();
        if (waiters == 0 || now - e.since < threshold)
            return;
        // Only past the hold warning: a holder that waits briefly on a database while a request
        // from an in-process client queues is no self-call, and a real one waits for good.
        checkSelfCall(lock, owner, e, now);
        if (e.warned)
            return;
        e.warned = true;
        holdWarnings.increment();
        LOG.warn("Interlock: lock {} has been held for at least {} ms by thread {} while {} request(s) wait for it (interlock.hold-warning={}): " +
                "the code below {}. Call Interlock.checkpoint() in long computations, wrap blocking calls " +
                "(JDBC, remote calls, files) in Interlock.blocking(...), and keep interlock.io-release=true so that servlet I/O releases the lock{}",
            lock.getName(), TimeUnit.NANOSECONDS.toMillis(now - e.since), owner.getName(), waiters,
            Settings.HOLD_WARNING.text(Duration.ofNanos(threshold)),
            waitsOnSomething(owner) ? "waits, holding the lock" : "runs without a yield point", stack(owner));
    }

    /**
     * A request waiting for a lock whose holder waits, not running, while the waiting request came
     * over loopback from a socket of this very process: most likely the holder called its own
     * server and waits for the answer, which cannot come before the lock timeout. Reported once
     * per waiting request. {@code /proc} is read only in that case, at most once a round.
     */
    private void checkSelfCall(GroupLock lock, Thread owner, HoldEpisode e, long now)
    {
        if (!waitsOnSomething(owner))
            return;
        Set<Integer> ports = null;
        for (LockWaits.Waiting w : LockWaits.of(lock))
        {
            if (e.selfCalls.contains(w) || !isLoopback(w.remoteAddress()))
                continue;
            if (ports == null)
                ports = ProcessSockets.localPorts();
            if (!ports.contains(w.remotePort()))
                continue;
            e.selfCalls.add(w);
            selfCalls.increment();
            lastSelfCall = "request " + w.what() + " waits for lock " + lock.getName() + " held by thread " + owner.getName();
            LOG.warn("Interlock: self-call: request {} from {}:{} waits for lock {}, held for {} ms by thread {} ({}), and that request " +
                    "comes from a socket of this very process: the holder most likely called its own server over HTTP and waits for " +
                    "the answer, which cannot come until interlock.lock-timeout answers it 503. Call the code directly, run the call " +
                    "inside Interlock.blocking(...) so that the lock is released while it waits, or use a lock other than shared here{}",
                w.what(), w.remoteAddress(), w.remotePort(), lock.getName(), TimeUnit.NANOSECONDS.toMillis(now - e.since),
                owner.getName(), owner.getState(), stack(owner));
        }
    }

    private static boolean waitsOnSomething(Thread t)
    {
        Thread.State state = t.getState();
        if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)
            return true;
        if (state != Thread.State.RUNNABLE)
            return false;
        StackTraceElement[] stack = t.getStackTrace();
        // A blocking socket read is RUNNABLE in a native frame.
        for (int i = 0; i < Math.min(4, stack.length); i++)
        {
            String m = stack[i].getMethodName();
            if (stack[i].isNativeMethod() && (m.contains("read") || m.contains("Read") || m.equals("poll")))
                return true;
        }
        return false;
    }

    private static boolean isLoopback(String address)
    {
        return address != null && (address.startsWith("127.") || address.equals("::1") || address.equals("0:0:0:0:0:0:0:1") ||
            address.equals("[::1]") || address.equals("[0:0:0:0:0:0:0:1]") || address.startsWith("::ffff:127."));
    }

    @ManagedAttribute("requests found waiting for a lock held by a thread that waits for them (self-calls)")
    public long getSelfCalls()
    {
        return selfCalls.sum();
    }

    /**
     * @return the last self-call found, or {@code null}
     */
    @ManagedAttribute("the last self-call found")
    public String getLastSelfCall()
    {
        return lastSelfCall;
    }

    void unwatch(Watched w)
    {
        inFlight.remove(w);
    }

    private void schedule()
    {
        Scheduler scheduler = interlock.getServer().getScheduler();
        task = scheduler.schedule(this::tick, periodNanos.get(), TimeUnit.NANOSECONDS);
    }

    private void tick()
    {
        try
        {
            long now = System.nanoTime();
            for (Watched w : inFlight)
                w.sample(now);
            sampleLocks(now);
        }
        catch (Throwable x)
        {
            LOG.warn("Interlock: the request watchdog failed a round", x);
        }
        finally
        {
            if (isRunning())
                schedule();
        }
    }

    @Override
    protected void doStop() throws Exception
    {
        Scheduler.Task t = task;
        if (t != null)
            t.cancel();
        scheduled.set(false);
        super.doStop();
    }

    /**
     * @return whether the sampling task is scheduled (only once a watched request came or a
     * webapp with a lock in force started)
     */
    @ManagedAttribute("whether the sampling task runs (not before a request with a timeout or a lock in force)")
    public boolean isSampling()
    {
        return scheduled.get();
    }

    @ManagedAttribute("requests running now past their interlock.request-timeout")
    public int getStuckRequests()
    {
        long now = System.nanoTime();
        int n = 0;
        for (Watched w : inFlight)
        {
            if (now - w.startNanos > w.timeoutNanos)
                n++;
        }
        return n;
    }

    /**
     * A watched request that has run at least half its timeout, for the status page.
     *
     * @param method its method
     * @param uri its path and query
     * @param webapp its webapp's context path
     * @param applicationGroup its application group
     * @param executorGroup its executor group
     * @param runningMillis how long it has run
     * @param timeoutMillis its {@code interlock.request-timeout}
     * @param lockHeldMillis how long it has held its lock
     * @param lockWaitedMillis how long it has waited for it
     * @param state {@code running} (not past its timeout yet), {@code reported}, {@code interrupted} or {@code unstoppable}
     * @param thread the thread running it, or {@code null} (between dispatches)
     */
    public record LongRequest(String method, String uri, String webapp, String applicationGroup, String executorGroup,
                              long runningMillis, long timeoutMillis, long lockHeldMillis, long lockWaitedMillis, String state, String thread)
    {
    }

    /**
     * @return the watched requests that have run at least half their timeout, longest first
     */
    public java.util.List<LongRequest> getLongRequests()
    {
        long now = System.nanoTime();
        java.util.List<LongRequest> list = new java.util.ArrayList<>();
        for (Watched w : inFlight)
        {
            long age = now - w.startNanos;
            if (age * 2 < w.timeoutNanos)
                continue;
            Thread t;
            synchronized (w)
            {
                t = w.thread;
            }
            String state = switch (w.state)
            {
                case Watched.RUNNING -> age > w.timeoutNanos ? "reported" : "running";
                case Watched.REPORTED -> "reported";
                case Watched.INTERRUPTED -> "interrupted";
                default -> "unstoppable";
            };
            Membership m = w.dispatch.membership();
            list.add(new LongRequest(w.method, w.uri.getPathQuery(), w.contextPath, m.domain().getName(),
                m.domain().getExecutorGroup(), TimeUnit.NANOSECONDS.toMillis(age), TimeUnit.NANOSECONDS.toMillis(w.timeoutNanos),
                TimeUnit.NANOSECONDS.toMillis(w.dispatch.lockHeldNanos(now)), TimeUnit.NANOSECONDS.toMillis(w.dispatch.lockWaitedNanos()),
                state, t == null ? null : t.getName()));
        }
        list.sort(java.util.Comparator.comparingLong(LongRequest::runningMillis).reversed());
        return list;
    }

    @ManagedAttribute("requests reported for running longer than interlock.request-timeout")
    public long getReports()
    {
        return reports.sum();
    }

    @ManagedAttribute("locks held longer than interlock.hold-warning while requests waited (episodes)")
    public long getHoldWarnings()
    {
        return holdWarnings.sum();
    }

    @ManagedAttribute("request threads interrupted by interlock.request-timeout-action=interrupt")
    public long getInterrupts()
    {
        return interrupts.sum();
    }

    @ManagedAttribute("interrupted requests still running one timeout later")
    public long getUnstoppable()
    {
        return unstoppable.sum();
    }

    @Override
    public String toString()
    {
        return String.format("%s@%x{inFlight=%d,reports=%d,sampling=%b}", getClass().getSimpleName(), hashCode(), inFlight.size(), reports.sum(), scheduled.get());
    }

    /** One watched request. */
    final class Watched
    {
        static final int RUNNING = 0;
        static final int REPORTED = 1;
        static final int INTERRUPTED = 2;
        static final int DONE = 3;

        // Kept, not the request: the watchdog reads them on its own thread, possibly after the
        // request completed and Jetty recycled its object. Both exist already (no allocation).
        private final String method;
        private final HttpURI uri;
        private final Dispatch dispatch;
        private final String contextPath;
        private final long startNanos;
        private final long timeoutNanos;
        private final RequestTimeoutAction action;
        // Guarded by this: the watchdog interrupts only while the thread runs the request.
        private Thread thread;
        private boolean interruptedByUs;
        // The watchdog's one task reads and writes it; volatile for the task's successive threads.
        private volatile int state = RUNNING;
        private long interruptedAt;

        private Watched(Request request, Dispatch dispatch, String contextPath, long timeoutNanos, RequestTimeoutAction action)
        {
            this.method = request.getMethod();
            this.uri = request.getHttpURI();
            this.dispatch = dispatch;
            this.contextPath = contextPath;
            this.timeoutNanos = timeoutNanos;
            this.action = action;
            // Jetty's own timestamp of the request: no clock read of ours.
            this.startNanos = request.getBeginNanoTime();
        }

        /** The calling thread runs the request from now on. */
        synchronized void enter()
        {
            thread = Thread.currentThread();
        }

        /** The calling thread no longer runs the request; an interrupt of ours that it did not consume is cleared. */
        synchronized void exit()
        {
            thread = null;
            if (interruptedByUs)
            {
                // A pooled thread must not carry our interrupt into the next request.
                Thread.interrupted();
                interruptedByUs = false;
            }
        }

        private void sample(long now)
        {
            long age = now - startNanos;
            switch (state)
            {
                case RUNNING ->
                {
                    if (age <= timeoutNanos)
                        return;
                    reports.increment();
                    Thread t;
                    synchronized (this)
                    {
                        t = thread;
                        if (action == RequestTimeoutAction.INTERRUPT && t != null)
                        {
                            t.interrupt();
                            interruptedByUs = true;
                        }
                    }
                    boolean interrupt = action == RequestTimeoutAction.INTERRUPT && t != null;
                    if (interrupt)
                    {
                        interrupts.increment();
                        interruptedAt = now;
                        state = INTERRUPTED;
                    }
                    else
                    {
                        state = REPORTED;
                    }
                    LOG.warn("Interlock: {} has run {} ms, longer than interlock.request-timeout={}; {}{}",
                        describe(now), TimeUnit.NANOSECONDS.toMillis(age), Settings.REQUEST_TIMEOUT.text(Duration.ofNanos(timeoutNanos)),
                        interrupt ? "its thread was interrupted (interlock.request-timeout-action=interrupt)" :
                            action == RequestTimeoutAction.INTERRUPT ? "no thread runs it now (async), nothing to interrupt" : "reported only (interlock.request-timeout-action=report)",
                        stack(t));
                }
                case INTERRUPTED ->
                {
                    if (now - interruptedAt <= timeoutNanos)
                        return;
                    state = DONE;
                    unstoppable.increment();
                    Thread t;
                    synchronized (this)
                    {
                        t = thread;
                    }
                    LOG.warn("Interlock: {} is unstoppable: interrupted {} ms ago, it has run {} ms and goes on; only the server's stop " +
                        "(interlock.drain-timeout) ends its wait for it{}",
                        describe(now), TimeUnit.NANOSECONDS.toMillis(now - interruptedAt), TimeUnit.NANOSECONDS.toMillis(age), stack(t));
                }
                default ->
                {
                }
            }
        }

        private String describe(long now)
        {
            Membership m = dispatch.membership();
            return "request " + method + " " + uri.getPathQuery() + " of webapp " + contextPath +
                " (application group " + m.domain().getName() + ", executor group " + m.domain().getExecutorGroup() + ", lock " +
                m.discipline().settingValue() + "; it has held its lock " + TimeUnit.NANOSECONDS.toMillis(dispatch.lockHeldNanos(now)) +
                " ms and waited " + TimeUnit.NANOSECONDS.toMillis(dispatch.lockWaitedNanos()) + " ms for it)";
        }

    }

    private static String stack(Thread t)
    {
        if (t == null)
            return "";
        StringBuilder b = new StringBuilder(System.lineSeparator()).append("thread ").append(t.getName()).append(" (").append(t.getState()).append("):");
        for (StackTraceElement e : t.getStackTrace())
            b.append(System.lineSeparator()).append("\tat ").append(e);
        return b.toString();
    }

    /** One holder over one acquisition, as the sampling rounds saw it. */
    private static final class HoldEpisode
    {
        private final Thread owner;
        private final long acquisitions;
        private final long since;
        private boolean warned;
        private final Set<LockWaits.Waiting> selfCalls = new HashSet<>();

        private HoldEpisode(Thread owner, long acquisitions, long since)
        {
            this.owner = owner;
            this.acquisitions = acquisitions;
            this.since = since;
        }
    }
}
