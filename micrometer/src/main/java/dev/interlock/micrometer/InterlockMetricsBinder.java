package dev.interlock.micrometer;

import java.lang.ref.WeakReference;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import dev.interlock.jetty.InterlockServer;
import dev.interlock.jetty.WebappBinding;
import dev.interlock.metrics.ApplicationGroupMetrics;
import dev.interlock.metrics.ExecutorGroupMetrics;
import dev.interlock.metrics.Histogram;
import dev.interlock.metrics.MetricsSnapshot;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds the metrics of an Interlock engine ({@link InterlockServer#getMetrics()}) to Micrometer:
 * one set of meters per executor group (tag {@code executor.group}) and per application group
 * (tags {@code application.group} and {@code executor.group}). The meter names are listed in this
 * module's README.
 *
 * <p>Every meter reads through the engine when the registry reads it; nothing is copied on a
 * schedule. One {@link InterlockMetricsBinder} takes at most one
 * {@linkplain dev.interlock.jetty.InterlockMetrics#snapshot() snapshot} per
 * {@linkplain Builder#maxAge(Duration) max age} (1 s by default), so that all the meters of one
 * scrape come from the same snapshot (a histogram's buckets add up to its count) and a scrape
 * costs one snapshot, not one per meter.</p>
 *
 * <p><b>Groups come and go.</b> Application groups are created when a webapp first uses them,
 * and every group disappears when the engine stops. Each new snapshot is compared with the
 * meters registered: the meters of a new group are registered and those of a group that is gone
 * are removed from the registry. A group created after {@link #bindTo} therefore appears at the
 * first read of any Interlock meter after it exists and the max age has passed (the meters of
 * the {@code server} executor group, which always exists, make sure something is read), or at
 * once with {@link #refresh()}.</p>
 *
 * <p><b>Lifetime.</b> The meters hold the engine weakly (Micrometer's default for function-based
 * meters) and the binder holds it weakly too: binding never keeps an engine alive. Once it has
 * been collected, gauges read {@code NaN} and counters keep their last value, as for any
 * Micrometer meter whose object is gone.</p>
 *
 * <p>Under {@code interlock.lock=shared}, every application group of an executor group reports
 * the one shared lock of that executor group: sum the lock meters over {@code executor.group},
 * not over {@code application.group}.</p>
 *
 * <p>Thread-safe: {@link #bindTo}, {@link #refresh()} and the meters may be called from any
 * thread. Meters and removals of meters are registered on the thread that reads or refreshes. A
 * read never waits for another; {@link #bindTo} and {@link #refresh()} wait while another thread
 * registers meters. Nothing here waits for requests: a snapshot only reads counters.</p>
 */
public final class InterlockMetricsBinder implements MeterBinder
{
    /** How long one snapshot serves the meters by default. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(1);

    /** Tag naming the executor group. */
    public static final String EXECUTOR_GROUP = "executor.group";
    /** Tag naming the application group. */
    public static final String APPLICATION_GROUP = "application.group";
    /** Tag naming why requests were rejected. */
    public static final String CAUSE = "cause";
    /** Tag of the bucket counters: the bucket's upper bound in seconds, {@code +Inf} for the last. */
    public static final String LE = "le";

    private static final String REQUESTS = "requests";

    private final WeakReference<InterlockServer> interlock;
    private final Tags tags;
    private final long maxAgeNanos;
    private final List<Registration> registrations = new CopyOnWriteArrayList<>();
    /** Guards the registrations' maps and {@link #reconciled}; see {@link #reconcile}. */
    private final ReentrantLock reconciling = new ReentrantLock();
    private Reading reconciled;
    private volatile Reading reading;

    private InterlockMetricsBinder(Builder builder)
    {
        this.interlock = new WeakReference<>(builder.interlock);
        this.tags = builder.tags;
        this.maxAgeNanos = builder.maxAge.toNanos();
    }

    /**
     * @param interlock the engine, such as {@code server.getBean(InterlockServer.class)}
     * @return a binder with no extra tags and the {@linkplain #DEFAULT_MAX_AGE default max age}
     */
    public static InterlockMetricsBinder of(InterlockServer interlock)
    {
        return builder(interlock).build();
    }

    /**
     * @param interlock the engine
     * @return a builder for a binder of that engine
     */
    public static Builder builder(InterlockServer interlock)
    {
        return new Builder(interlock);
    }

    /**
     * Registers the meters of every group the engine has now (at least the {@code server}
     * executor group, even before the engine starts); groups created later follow (see the class
     * comment). Binding the same registry twice does nothing the second time.
     *
     * @param registry the registry
     */
    @Override
    public void bindTo(MeterRegistry registry)
    {
        Objects.requireNonNull(registry, "registry");
        InterlockServer server = interlock.get();
        if (server == null)
            return;
        boolean added = false;
        synchronized (registrations)
        {
            if (registrations.stream().noneMatch(r -> r.registry == registry))
            {
                registrations.add(new Registration(registry));
                added = true;
            }
        }
        if (added)
        {
            bindWatchdog(registry, server);
            bindConcurrency(registry, server);
            refresh(server);
        }
    }

    /**
     * The server's watchdog: one set of meters for the whole engine, not per group (a stuck
     * request's details belong on the status page, not in labels). Read through the engine, held
     * weakly like the others.
     */
    private void bindWatchdog(MeterRegistry registry, InterlockServer server)
    {
        Gauge.builder("interlock.requests.stuck", server, s -> s.getWatchdog().getStuckRequests())
            .description("requests running now past their interlock.request-timeout")
            .baseUnit(REQUESTS).tags(tags).register(registry);
        FunctionCounter.builder("interlock.requests.timeout.reports", server, s -> s.getWatchdog().getReports())
            .description("requests reported for running past their interlock.request-timeout")
            .baseUnit(REQUESTS).tags(tags).register(registry);
        FunctionCounter.builder("interlock.requests.timeout.interrupts", server, s -> s.getWatchdog().getInterrupts())
            .description("request threads interrupted by interlock.request-timeout-action=interrupt")
            .baseUnit(REQUESTS).tags(tags).register(registry);
        FunctionCounter.builder("interlock.requests.unstoppable", server, s -> s.getWatchdog().getUnstoppable())
            .description("interrupted requests still running one request timeout later")
            .baseUnit(REQUESTS).tags(tags).register(registry);
        FunctionCounter.builder("interlock.lock.hold.warnings", server, s -> s.getWatchdog().getHoldWarnings())
            .description("episodes of a lock held past interlock.hold-warning while requests waited")
            .tags(tags).register(registry);
        FunctionCounter.builder("interlock.lock.self.calls", server, s -> s.getWatchdog().getSelfCalls())
            .description("requests found waiting for a lock held by a thread that waits for them")
            .baseUnit(REQUESTS).tags(tags).register(registry);
    }

    /**
     * Concurrency detection: one gauge for the whole engine, the watched classes entered by two
     * requests or more at once. Which ones, and the figures of every component, are on the status
     * page and over JMX: class names make no labels.
     */
    private void bindConcurrency(MeterRegistry registry, InterlockServer server)
    {
        Gauge.builder("interlock.concurrency.watched.concurrent", server, InterlockMetricsBinder::watchedConcurrent)
            .description("watched classes (interlock.detect-concurrency.watch) of the running webapps that two requests or more were inside at once")
            .baseUnit("classes").tags(tags).register(registry);
    }

    private static double watchedConcurrent(InterlockServer server)
    {
        int n = 0;
        for (WebappBinding b : server.getWebapps())
            n += b.getConcurrentWatched().length;
        return n;
    }

    /**
     * Takes a snapshot now and brings every bound registry up to date with it: meters for groups
     * created since the last read, none for groups that are gone. Blocks only while another
     * thread does the same.
     */
    public void refresh()
    {
        InterlockServer server = interlock.get();
        if (server != null)
            refresh(server);
    }

    private void refresh(InterlockServer server)
    {
        if (reconciling.isHeldByCurrentThread())
            return;
        reconciling.lock();
        try
        {
            // Taken under the lock, so that no newer snapshot can have been reconciled already.
            Reading r = Reading.of(System.nanoTime(), server.getMetrics().snapshot());
            reading = r;
            reconcile(server, r);
        }
        finally
        {
            reconciling.unlock();
        }
    }

    /**
     * The snapshot the meters read: the cached one while it is younger than the max age, else a
     * new one, which is then reconciled with the registered meters.
     *
     * <p>Races: two readers may take snapshots at once (T1 at t1, T2 at t2 &gt; t1). Whichever
     * reconciles second must not undo the first with an older snapshot, so a snapshot no newer
     * than the last one reconciled is skipped. Readers (threads scraping a registry) only
     * {@code tryLock}: a scrape never waits for another, and a registry that reads a meter while
     * holding a lock of its own cannot deadlock with {@link #refresh()}; a skipped snapshot is
     * caught up by the next. A registry that reads a meter on the thread that is registering
     * one does not re-enter.</p>
     */
    private Reading read(InterlockServer server)
    {
        Reading r = reading;
        long now = System.nanoTime();
        if (r != null && now - r.takenAt < maxAgeNanos)
            return r;
        r = Reading.of(now, server.getMetrics().snapshot());
        reading = r;
        if (!reconciling.isHeldByCurrentThread() && reconciling.tryLock())
        {
            try
            {
                if (reconciled == null || r.takenAt - reconciled.takenAt > 0)
                    reconcile(server, r);
            }
            finally
            {
                reconciling.unlock();
            }
        }
        return r;
    }

    /**
     * Registers the meters of the groups of {@code r} that have none and removes those of groups
     * it lacks, in every bound registry. Called with {@link #reconciling} held.
     */
    private void reconcile(InterlockServer server, Reading r)
    {
        reconciled = r;
        for (Registration registration : registrations)
            registration.reconcile(server, r);
    }

    @Override
    public String toString()
    {
        return String.format("%s@%x{interlock=%s,tags=%s,maxAge=%s,registries=%d}", getClass().getSimpleName(), hashCode(),
            interlock.get(), tags, Duration.ofNanos(maxAgeNanos), registrations.size());
    }

    /**
     * Builds an {@link InterlockMetricsBinder}. Not thread-safe; the binder it builds is.
     */
    public static final class Builder
    {
        private final InterlockServer interlock;
        private Tags tags = Tags.empty();
        private Duration maxAge = DEFAULT_MAX_AGE;

        private Builder(InterlockServer interlock)
        {
            this.interlock = Objects.requireNonNull(interlock, "interlock");
        }

        /**
         * @param tags tags added to every meter, such as the name of the server when one registry
         * serves several
         * @return this builder
         */
        public Builder tags(Iterable<Tag> tags)
        {
            this.tags = this.tags.and(tags);
            return this;
        }

        /**
         * @param keyValues tags added to every meter, as key, value, key, value...
         * @return this builder
         */
        public Builder tags(String... keyValues)
        {
            this.tags = this.tags.and(keyValues);
            return this;
        }

        /**
         * @param maxAge how long one snapshot serves the meters; {@link Duration#ZERO} takes one
         * per meter read (exact, but a scrape then costs one snapshot per meter)
         * @return this builder
         * @throws IllegalArgumentException if {@code maxAge} is negative
         */
        public Builder maxAge(Duration maxAge)
        {
            Objects.requireNonNull(maxAge, "maxAge");
            if (maxAge.isNegative())
                throw new IllegalArgumentException("maxAge must be a duration >= 0, not " + maxAge);
            this.maxAge = maxAge;
            return this;
        }

        /**
         * @return the binder; bind it with {@link InterlockMetricsBinder#bindTo}
         */
        public InterlockMetricsBinder build()
        {
            return new InterlockMetricsBinder(this);
        }
    }

    /** One snapshot, indexed by group. Immutable; holds no reference to the engine. */
    private static final class Reading
    {
        final long takenAt;
        final Map<String, ExecutorGroupMetrics> executors;
        final Map<String, ApplicationGroupMetrics> applications;

        private Reading(long takenAt, Map<String, ExecutorGroupMetrics> executors, Map<String, ApplicationGroupMetrics> applications)
        {
            this.takenAt = takenAt;
            this.executors = executors;
            this.applications = applications;
        }

        static Reading of(long takenAt, MetricsSnapshot snapshot)
        {
            Map<String, ExecutorGroupMetrics> executors = new LinkedHashMap<>();
            snapshot.executorGroups().forEach(e -> executors.put(e.name(), e));
            Map<String, ApplicationGroupMetrics> applications = new LinkedHashMap<>();
            snapshot.applicationGroups().forEach(a -> applications.put(key(a.executorGroup(), a.name()), a));
            return new Reading(takenAt, Collections.unmodifiableMap(executors), Collections.unmodifiableMap(applications));
        }

        /** Each group of this reading, by key, with the bucket bounds of its histograms. */
        Map<String, List<List<String>>> groups()
        {
            Map<String, List<List<String>>> groups = new LinkedHashMap<>();
            executors.values().forEach(e -> groups.put(EXECUTOR_GROUP + '\u0000' + e.name(), List.of(bounds(e.queueTime()))));
            applications.forEach((k, a) -> groups.put(APPLICATION_GROUP + '\u0000' + k, List.of(bounds(a.lockWait()), bounds(a.lockHold()))));
            return groups;
        }

        static String key(String executorGroup, String applicationGroup)
        {
            return executorGroup + '\u0000' + applicationGroup;
        }
    }

    /** The meters registered in one registry, by group. Guarded by {@link #reconciling}. */
    private final class Registration
    {
        final MeterRegistry registry;
        final Map<String, Registered> groups = new HashMap<>();

        Registration(MeterRegistry registry)
        {
            this.registry = registry;
        }

        void reconcile(InterlockServer server, Reading r)
        {
            Map<String, List<List<String>>> wanted = r.groups();
            for (Iterator<Map.Entry<String, Registered>> i = groups.entrySet().iterator(); i.hasNext(); )
            {
                Map.Entry<String, Registered> e = i.next();
                List<List<String>> bounds = wanted.get(e.getKey());
                // Gone, or its buckets moved (a lock's switch interval changed): new meters.
                if (bounds == null || !bounds.equals(e.getValue().bounds))
                {
                    e.getValue().meters.forEach(registry::remove);
                    i.remove();
                }
            }
            for (ExecutorGroupMetrics e : r.executors.values())
            {
                String key = EXECUTOR_GROUP + '\u0000' + e.name();
                if (!groups.containsKey(key))
                    groups.put(key, new Registered(wanted.get(key), registerExecutorGroup(server, e)));
            }
            for (Map.Entry<String, ApplicationGroupMetrics> a : r.applications.entrySet())
            {
                String key = APPLICATION_GROUP + '\u0000' + a.getKey();
                if (!groups.containsKey(key))
                    groups.put(key, new Registered(wanted.get(key), registerApplicationGroup(server, a.getValue())));
            }
        }

        private List<Meter> registerExecutorGroup(InterlockServer server, ExecutorGroupMetrics initial)
        {
            String name = initial.name();
            Tags t = tags.and(EXECUTOR_GROUP, name);
            Function<Reading, ExecutorGroupMetrics> group = r -> r.executors.get(name);
            List<Meter> meters = new ArrayList<>();
            meters.add(gauge(server, "interlock.executor.threads.max", "the most requests the group runs at once", BaseUnits.THREADS, t,
                group, e -> positive(e.maxThreads())));
            meters.add(gauge(server, "interlock.executor.threads.current", "the threads that exist now", BaseUnits.THREADS, t,
                group, ExecutorGroupMetrics::threads));
            meters.add(gauge(server, "interlock.executor.threads.busy", "the threads running a request now", BaseUnits.THREADS, t,
                group, ExecutorGroupMetrics::busyThreads));
            meters.add(gauge(server, "interlock.executor.utilization", "the share of the group's capacity used over the last second, 0 to 1", null, t,
                group, ExecutorGroupMetrics::utilisation));
            meters.add(gauge(server, "interlock.executor.queue.depth", "requests waiting for a thread now", REQUESTS, t,
                group, ExecutorGroupMetrics::queueDepth));
            meters.add(gauge(server, "interlock.executor.queue.capacity", "the most requests that may wait for a thread", REQUESTS, t,
                group, e -> positive(e.queueCapacity())));
            meters.add(counter(server, "interlock.executor.completed", "requests completed", REQUESTS, t,
                group, ExecutorGroupMetrics::completed));
            String rejected = "interlock.executor.rejected";
            meters.add(counter(server, rejected, "requests answered 503 because the queue was full", REQUESTS, t.and(CAUSE, "queue.full"),
                group, ExecutorGroupMetrics::rejectedQueueFull));
            meters.add(counter(server, rejected, "requests answered 503 because they waited longer than the queue timeout", REQUESTS,
                t.and(CAUSE, "queue.timeout"), group, ExecutorGroupMetrics::rejectedQueueTimeout));
            meters.add(counter(server, rejected, "requests answered 503 because their webapp was stopping", REQUESTS, t.and(CAUSE, "draining"),
                group, ExecutorGroupMetrics::rejectedDraining));
            meters.add(counter(server, rejected, "requests refused because the executor group was stopping", REQUESTS, t.and(CAUSE, "stopped"),
                group, ExecutorGroupMetrics::rejectedStopped));
            if (initial.queueTime() != null)
                histogram(meters, server, "interlock.executor.queue.time", "how long requests waited for a thread", t, initial.queueTime(),
                    r -> queueTime(group.apply(r)));
            return meters;
        }

        private List<Meter> registerApplicationGroup(InterlockServer server, ApplicationGroupMetrics initial)
        {
            String key = Reading.key(initial.executorGroup(), initial.name());
            Tags t = tags.and(APPLICATION_GROUP, initial.name()).and(EXECUTOR_GROUP, initial.executorGroup());
            Function<Reading, ApplicationGroupMetrics> group = r -> r.applications.get(key);
            List<Meter> meters = new ArrayList<>();
            meters.add(gauge(server, "interlock.application.active", "requests inside the application group now", REQUESTS, t,
                group, ApplicationGroupMetrics::activeRequests));
            meters.add(gauge(server, "interlock.lock.waiters", "threads waiting for the group's lock now", BaseUnits.THREADS, t,
                group, ApplicationGroupMetrics::waiters));
            meters.add(gauge(server, "interlock.lock.contention", "contended acquisitions over all acquisitions of the lock, 0 to 1", null, t,
                group, ApplicationGroupMetrics::contentionRatio));
            meters.add(counter(server, "interlock.lock.acquisitions", "acquisitions of the lock", null, t,
                group, ApplicationGroupMetrics::acquisitions));
            meters.add(counter(server, "interlock.lock.acquisitions.contended", "acquisitions of the lock that had to wait", null, t,
                group, ApplicationGroupMetrics::contendedAcquisitions));
            meters.add(counter(server, "interlock.lock.handovers", "hand-overs of the lock to a waiter at a yield point", null, t,
                group, ApplicationGroupMetrics::handOvers));
            meters.add(counter(server, "interlock.lock.refusals", "acquisitions refused (lock timeout, too many waiters, interrupted): 503s", null, t,
                group, ApplicationGroupMetrics::refusals));
            meters.add(counter(server, "interlock.lock.aborted", "committed responses aborted because their request could not have the lock back in time", null, t,
                group, ApplicationGroupMetrics::abortedResponses));
            histogram(meters, server, "interlock.lock.wait", "how long contended acquisitions waited for the lock", t, initial.lockWait(),
                r -> lockWait(group.apply(r)));
            histogram(meters, server, "interlock.lock.hold", "how long the lock was held each time", t, initial.lockHold(),
                r -> lockHold(group.apply(r)));
            return meters;
        }

        private <G> Meter gauge(InterlockServer server, String name, String description, String unit, Tags t,
                                Function<Reading, G> group, ToDoubleFunction<G> value)
        {
            return Gauge.builder(name, server, s -> value(read(s), group, value))
                .description(description).baseUnit(unit).tags(t).register(registry);
        }

        private <G> Meter counter(InterlockServer server, String name, String description, String unit, Tags t,
                                  Function<Reading, G> group, ToDoubleFunction<G> value)
        {
            return FunctionCounter.builder(name, server, s -> value(read(s), group, value))
                .description(description).baseUnit(unit).tags(t).register(registry);
        }

        /**
         * A histogram as Micrometer can carry it: a {@link FunctionTimer} for its count and sum,
         * and a cumulative counter per bucket, {@code NAME.buckets} tagged {@code le} (Prometheus
         * strips a {@code .bucket} suffix, so the plural).
         */
        private void histogram(List<Meter> meters, InterlockServer server, String name, String description, Tags t, Histogram initial,
                               Function<Reading, Histogram> histogram)
        {
            meters.add(FunctionTimer.builder(name, server,
                    s -> count(histogram.apply(read(s))),
                    s -> sumNanos(histogram.apply(read(s))),
                    TimeUnit.NANOSECONDS)
                .description(description).tags(t).register(registry));
            for (Map.Entry<String, Integer> bucket : buckets(initial).entrySet())
            {
                int index = bucket.getValue();
                meters.add(FunctionCounter.builder(name + ".buckets", server, s -> cumulative(histogram.apply(read(s)), index))
                    .description(description + ": how many, up to the bound in seconds of tag le (cumulative)")
                    .tags(t).tag(LE, bucket.getKey()).register(registry));
            }
        }
    }

    /** The meters of one group in one registry, and the bucket bounds they were made for. */
    private static final class Registered
    {
        final List<List<String>> bounds;
        final List<Meter> meters;

        Registered(List<List<String>> bounds, List<Meter> meters)
        {
            this.bounds = bounds;
            this.meters = meters;
        }
    }

    private static <G> double value(Reading r, Function<Reading, G> group, ToDoubleFunction<G> value)
    {
        G g = group.apply(r);
        return g == null ? Double.NaN : value.applyAsDouble(g);
    }

    private static double positive(int value)
    {
        return value < 0 ? Double.NaN : value;
    }

    private static Histogram queueTime(ExecutorGroupMetrics e)
    {
        return e == null ? null : e.queueTime();
    }

    private static Histogram lockWait(ApplicationGroupMetrics a)
    {
        return a == null ? null : a.lockWait();
    }

    private static Histogram lockHold(ApplicationGroupMetrics a)
    {
        return a == null ? null : a.lockHold();
    }

    private static long count(Histogram h)
    {
        return h == null ? 0 : h.count();
    }

    private static double sumNanos(Histogram h)
    {
        return h == null ? 0 : h.sum().toNanos();
    }

    private static double cumulative(Histogram h, int index)
    {
        if (h == null)
            return Double.NaN;
        List<Histogram.Bucket> buckets = h.buckets();
        long count = 0;
        for (int i = 0; i <= index && i < buckets.size(); i++)
            count += buckets.get(i).count();
        return count;
    }

    private static List<String> bounds(Histogram h)
    {
        return h == null ? List.of() : List.copyOf(buckets(h).keySet());
    }

    /**
     * The {@code le} value of each bucket, in order, with the index of the last bucket it
     * covers: two bounds that round to the same nanosecond make one bucket.
     */
    private static Map<String, Integer> buckets(Histogram h)
    {
        Map<String, Integer> les = new LinkedHashMap<>();
        List<Histogram.Bucket> buckets = h.buckets();
        for (int i = 0; i < buckets.size(); i++)
            les.put(le(buckets.get(i).upTo()), i);
        return les;
    }

    /**
     * @return {@code upTo} in seconds, without trailing zeros ({@code 0.005}, {@code 1}), or
     * {@code +Inf} for the open bucket
     */
    static String le(Duration upTo)
    {
        if (upTo == null)
            return "+Inf";
        BigDecimal seconds = new BigDecimal(BigInteger.valueOf(upTo.getSeconds()).multiply(BigInteger.valueOf(1_000_000_000L))
            .add(BigInteger.valueOf(upTo.getNano())), 9);
        return seconds.stripTrailingZeros().toPlainString();
    }
}
