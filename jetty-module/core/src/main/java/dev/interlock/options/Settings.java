package dev.interlock.options;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.interlock.lock.LockDiscipline;
import dev.interlock.lock.RequestTimeoutAction;

/**
 * The catalogue of Interlock settings. Every setting has one name, the same in Jetty XML,
 * {@code start.ini}, system properties, MicroProfile Config and the launcher: {@code interlock.}
 * followed by an optional scope and the setting's short name.
 *
 * <pre>
 * interlock.NAME                                            server default
 * interlock.executor-groups.G.NAME                          executor group G
 * interlock.application-groups.A.NAME                       application group A
 * interlock.executor-groups.G.application-groups.A.NAME     A within G
 * interlock.webapps.W.NAME                                  webapp W (context path without '/', ROOT for '/')
 * </pre>
 */
public final class Settings
{
    public static final String PREFIX = "interlock.";
    public static final String EXECUTOR_GROUPS = "executor-groups";
    public static final String APPLICATION_GROUPS = "application-groups";
    public static final String WEBAPPS = "webapps";
    /** The executor group that is Jetty's own thread pool. */
    public static final String SERVER_GROUP = "server";

    static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z0-9_-]+");
    static final Pattern APPLICATION_GROUP_NAME = Pattern.compile("[^\\s,=*]+");

    public static final Setting<LockDiscipline> LOCK = Setting.discipline("lock", Setting.Kind.LOCK);
    public static final Setting<Duration> SWITCH_INTERVAL = Setting.duration("switch-interval", Setting.Kind.LOCK, Duration.ZERO, Duration.ofMillis(5));
    public static final Setting<Boolean> IO_RELEASE = Setting.bool("io-release", Setting.Kind.LOCK, true);
    public static final Setting<Duration> LOCK_TIMEOUT = Setting.duration("lock-timeout", Setting.Kind.LOCK, Duration.ofMillis(1), Duration.ofSeconds(30)).limit();
    public static final Setting<Integer> MAX_LOCK_WAITERS = Setting.integer("max-lock-waiters", Setting.Kind.LOCK, 1, 64).limit();
    public static final Setting<Duration> RETRY_AFTER = Setting.duration("retry-after", Setting.Kind.LOCK, Duration.ZERO, Duration.ofSeconds(1));
    /** 20 switch intervals of 5 ms: see jetty-module/README.md, "Lock-hold watchdog". Zero: off. */
    public static final Setting<Duration> HOLD_WARNING = Setting.duration("hold-warning", Setting.Kind.LOCK, Duration.ZERO, Duration.ofMillis(100));
    /** Zero (the default) turns the request watchdog off for the group. */
    public static final Setting<Duration> REQUEST_TIMEOUT = Setting.duration("request-timeout", Setting.Kind.LOCK, Duration.ZERO, Duration.ZERO);
    public static final Setting<RequestTimeoutAction> REQUEST_TIMEOUT_ACTION = Setting.choice("request-timeout-action", Setting.Kind.LOCK,
        RequestTimeoutAction.class, RequestTimeoutAction.REPORT);

    public static final Setting<String> EXECUTOR_GROUP = Setting.name("executor-group", Setting.Kind.WEBAPP, GROUP_NAME,
        "expected the name of a declared executor group (letters, digits, '-' and '_')", SERVER_GROUP);
    public static final Setting<String> APPLICATION_GROUP = Setting.name("application-group", Setting.Kind.WEBAPP, APPLICATION_GROUP_NAME,
        "expected an application group name without spaces, ',', '=' or '*'", null);
    public static final Setting<List<Route>> ROUTES = Setting.list("routes", Setting.Kind.WEBAPP, Route::parseAll,
        "expected a comma-separated list of PATH=GROUP, each PATH a servlet path spec (/prefix/*, *.ext or an exact path) without spaces, " +
            "empty, '.' or '..' segments and routed once, such as /reports/*=reports,/admin/*=admin");
    public static final Setting<List<String>> NOT_THREAD_SAFE = Setting.list("not-thread-safe", Setting.Kind.WEBAPP, Settings::classNames,
        "expected a comma-separated list of fully qualified class names");
    /** Counting, per servlet and filter instance, the requests inside it at once: see jetty-module/README.md, "Concurrency detection". */
    public static final Setting<Boolean> DETECT_CONCURRENCY = Setting.bool("detect-concurrency", Setting.Kind.WEBAPP, false);
    /** The classes reported loudly at undeploy: those the thread-safety audit flagged. */
    public static final Setting<List<String>> DETECT_CONCURRENCY_WATCH = Setting.list("detect-concurrency.watch", Setting.Kind.WEBAPP, Settings::classNames,
        "expected a comma-separated list of fully qualified class names, such as com.example.LegacyServlet,com.example.CacheFilter");

    public static final Setting<Duration> DRAIN_TIMEOUT = Setting.duration("drain-timeout", Setting.Kind.STOP, Duration.ZERO, Duration.ofSeconds(15)).limit();
    public static final Setting<Duration> WORKER_JOIN = Setting.duration("worker-join", Setting.Kind.STOP, Duration.ZERO, Duration.ofSeconds(10)).limit();
    public static final Setting<LeakPolicy> LEAK_POLICY = Setting.choice("leak-policy", Setting.Kind.STOP, LeakPolicy.class, LeakPolicy.INTERRUPT);

    public static final Setting<Integer> THREADS = Setting.integer("threads", Setting.Kind.POOL, 1, 16);
    public static final Setting<Integer> QUEUE = Setting.integer("queue", Setting.Kind.POOL, 0, 256);
    public static final Setting<Duration> QUEUE_TIMEOUT = Setting.duration("queue-timeout", Setting.Kind.POOL, Duration.ofMillis(1), Duration.ofSeconds(30));
    public static final Setting<Boolean> VIRTUAL = Setting.bool("virtual", Setting.Kind.POOL, false);

    public static final Setting<Boolean> METRICS_ENABLED = Setting.bool("metrics.enabled", Setting.Kind.SERVER, true);
    private static final Pattern ADMIN_PATH = Pattern.compile("/[A-Za-z0-9._~/-]*[A-Za-z0-9._~-]");

    public static final Setting<Boolean> STATUS_ENABLED = Setting.bool("status.enabled", Setting.Kind.SERVER, false);
    public static final Setting<String> STATUS_PATH = Setting.name("status.path", Setting.Kind.SERVER, ADMIN_PATH,
        "expected an absolute path such as /interlock/status (letters, digits, '.', '_', '~', '-' and '/', not ending with '/')", "/interlock/status");
    public static final Setting<String> STATUS_ROLE = Setting.name("status.role", Setting.Kind.SERVER, Pattern.compile("[^\\s,]*"),
        "expected a role name without spaces or ',' (empty: loopback only)", "");
    public static final Setting<Boolean> PROMETHEUS_ENABLED = Setting.bool("prometheus.enabled", Setting.Kind.SERVER, false);
    public static final Setting<String> PROMETHEUS_PATH = Setting.name("prometheus.path", Setting.Kind.SERVER, ADMIN_PATH,
        "expected an absolute path such as /interlock/metrics (letters, digits, '.', '_', '~', '-' and '/', not ending with '/')", "/interlock/metrics");

    // Readiness and liveness for load balancers, and the stop delay that lets them notice a
    // server stop: see docs/load-balancers.md.
    /** Zero (the default): the graceful stop begins at once. */
    public static final Setting<Duration> STOP_DELAY = Setting.duration("stop-delay", Setting.Kind.SERVER, Duration.ZERO, Duration.ZERO);
    public static final Setting<Boolean> HEALTH_ENABLED = Setting.bool("health.enabled", Setting.Kind.SERVER, false);
    public static final Setting<String> HEALTH_READY_PATH = Setting.name("health.ready-path", Setting.Kind.SERVER, ADMIN_PATH,
        "expected an absolute path such as /interlock/ready (letters, digits, '.', '_', '~', '-' and '/', not ending with '/')", "/interlock/ready");
    public static final Setting<String> HEALTH_LIVE_PATH = Setting.name("health.live-path", Setting.Kind.SERVER, ADMIN_PATH,
        "expected an absolute path such as /interlock/live (letters, digits, '.', '_', '~', '-' and '/', not ending with '/')", "/interlock/live");
    public static final Setting<HealthAccess> HEALTH_ALLOW = Setting.choice("health.allow", Setting.Kind.SERVER, HealthAccess.class, HealthAccess.STATUS);
    public static final Setting<Boolean> HEALTH_UNREADY_WHEN_SATURATED = Setting.bool("health.unready-when-saturated", Setting.Kind.SERVER, false);

    private static final List<Setting<?>> ALL = List.of(LOCK, SWITCH_INTERVAL, IO_RELEASE, LOCK_TIMEOUT, MAX_LOCK_WAITERS, RETRY_AFTER,
        HOLD_WARNING, REQUEST_TIMEOUT, REQUEST_TIMEOUT_ACTION,
        EXECUTOR_GROUP, APPLICATION_GROUP, ROUTES, NOT_THREAD_SAFE, DETECT_CONCURRENCY, DETECT_CONCURRENCY_WATCH, DRAIN_TIMEOUT, WORKER_JOIN, LEAK_POLICY,
        THREADS, QUEUE, QUEUE_TIMEOUT, VIRTUAL, METRICS_ENABLED, STATUS_ENABLED, STATUS_PATH, STATUS_ROLE,
        PROMETHEUS_ENABLED, PROMETHEUS_PATH,
        STOP_DELAY, HEALTH_ENABLED, HEALTH_READY_PATH, HEALTH_LIVE_PATH, HEALTH_ALLOW, HEALTH_UNREADY_WHEN_SATURATED);

    private Settings()
    {
    }

    /**
     * @return every setting
     */
    public static List<Setting<?>> all()
    {
        return ALL;
    }

    /**
     * @param shortName a short name such as {@code lock}
     * @return the setting, or {@code null}
     */
    public static Setting<?> byName(String shortName)
    {
        for (Setting<?> s : ALL)
        {
            if (s.name().equals(shortName))
                return s;
        }
        return null;
    }

    /**
     * The setting named at the end of a key or of its part after a scope: the longest setting
     * name that {@code text} is, or ends with after a {@code '.'}, since some names have a dot
     * of their own ({@code detect-concurrency.watch}).
     *
     * @param text a key, or what follows a scope's name, such as {@code shop.detect-concurrency.watch}
     * @return the setting, or {@code null} if it names none
     */
    public static Setting<?> atEnd(String text)
    {
        Setting<?> best = null;
        for (Setting<?> s : ALL)
        {
            String n = s.name();
            if ((text.equals(n) || text.endsWith("." + n)) && (best == null || n.length() > best.name().length()))
                best = s;
        }
        return best;
    }

    /**
     * @param text a key, or what follows a scope's name
     * @return the short name of the setting at its end ({@link #atEnd}), else its last segment
     */
    static String shortNameAtEnd(String text)
    {
        Setting<?> s = atEnd(text);
        return s != null ? s.name() : text.substring(text.lastIndexOf('.') + 1);
    }

    /**
     * @param key a key that is not a valid setting
     * @return the valid key nearest to it (by edit distance), for "did you mean" messages
     */
    public static String nearest(String key)
    {
        String scope = PREFIX;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        // The short name is the last segment, or the last two for names with a dot of their own.
        for (int segments = 1; segments <= 2; segments++)
        {
            int cut = key.length();
            for (int i = 0; i < segments && cut > 0; i++)
                cut = key.lastIndexOf('.', cut - 1);
            String shortName = cut < 0 ? key : key.substring(cut + 1);
            List<String> candidates = new ArrayList<>();
            for (Setting<?> s : ALL)
                candidates.add(s.name());
            candidates.add(EXECUTOR_GROUPS);
            for (String c : candidates)
            {
                int d = distance(shortName, c);
                if (d < bestDistance)
                {
                    bestDistance = d;
                    best = c;
                    scope = cut < 0 ? PREFIX : key.substring(0, cut + 1);
                }
            }
        }
        return (scope.startsWith(PREFIX) ? scope : PREFIX) + best;
    }

    private static int distance(String a, String b)
    {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++)
            prev[j] = j;
        for (int i = 1; i <= a.length(); i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++)
            {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static List<String> classNames(String text)
    {
        List<String> names = new ArrayList<>();
        for (String part : text.split(","))
        {
            String name = part.trim();
            if (name.isEmpty())
                continue;
            if (!name.matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*"))
                return null;
            names.add(name);
        }
        return List.copyOf(names);
    }

    /**
     * The name of a webapp in {@code interlock.webapps.NAME}: its context path without the
     * leading slash, {@code ROOT} for the root context.
     *
     * @param contextPath the context path
     * @return the name
     */
    public static String webappName(String contextPath)
    {
        if (contextPath == null || contextPath.isEmpty() || contextPath.equals("/"))
            return "ROOT";
        return contextPath.startsWith("/") ? contextPath.substring(1) : contextPath;
    }
}
