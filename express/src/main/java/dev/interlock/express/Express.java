package dev.interlock.express;

import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.interlock.api.InterlockSettings;
import dev.interlock.group.RequestLogFields;
import dev.interlock.group.WebappGroups;
import dev.interlock.jetty.InterlockServer;
import dev.interlock.jetty.WebappBinding;
import dev.interlock.options.ConfigException;
import dev.interlock.options.HealthAccess;
import dev.interlock.options.InterlockConfig;
import dev.interlock.options.Setting;
import dev.interlock.options.SettingValue;
import dev.interlock.options.Settings;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.RequestLogWriter;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code interlock-express}: serves WARs on an embedded Jetty 12 with Interlock, in one
 * command (as {@code mod_wsgi-express} does for WSGI applications).
 *
 * <p>Each WAR is a {@code WebAppContext} of Jetty's ee10 or ee11 environment
 * ({@link WebEnvironment}: {@code --environment}, else the version of the WAR's
 * {@code web.xml}); Interlock applies to it through the {@code ServiceLoader}-registered
 * {@code InterlockConfiguration} of that environment, since the engine is on this launcher's
 * classpath. Settings go to the server's {@link InterlockServer} bean under their one name:
 * {@code --lock X} is {@code --set interlock.lock=X}.</p>
 *
 * <p>Exit status: 0 after a stop by SIGTERM or Ctrl-C (requests in flight drained within
 * {@code interlock.drain-timeout}; what outlasted it is in the log), 2 for a bad option or a bad
 * server setting (checked before anything is bound or deployed), 1 when the server cannot start,
 * no webapp can, or the stop fails. A WAR that cannot start (a bad setting in its own
 * {@code microprofile-config.properties}, say) is unavailable (503) while the others serve.</p>
 */
@Command(name = "interlock-express",
    subcommands = {AuditCommand.class, CompareCommand.class},
    sortOptions = false,
    // A fixed width, wide enough that no setting name or path is cut at a dot (picocli wraps there).
    usageHelpWidth = 110,
    versionProvider = Express.Version.class,
    description = {
        "Serves WARs on embedded Jetty 12 with Interlock: per-webapp executor groups and lock disciplines.",
        "Each WAR is mounted at /<its file name without .war> (ROOT.war at /), or where --mount says,",
        "as an ee11 webapp (Servlet 6.1) if its WEB-INF/web.xml has version 6.1, else as an ee10 one (Servlet 6.0)."
    },
    footer = {
        "",
        "Examples:",
        "  java -jar interlock-express.jar --demo",
        "  java -jar interlock-express.jar --demo --lock application",
        "  java -jar interlock-express.jar --demo --status --metrics",
        "  java -jar interlock-express.jar --port 9090 \\",
        "       --set interlock.executor-groups.slow.threads=4 \\",
        "       --set interlock.webapps.shop.executor-group=slow shop.war"
    })
public final class Express implements Callable<Integer>
{
    /** The sample WARs {@code --demo} mounts, each at /NAME. */
    static final List<String> SAMPLES = List.of("legacy-counter", "cpu-bound", "io-bound", "reports", "cdi-workers");

    /**
     * What {@code --demo} declares: an executor group of its own for the reports sample, and
     * room for the racy-counter loop's 200 concurrent requests to queue for a lock (beyond the
     * default 64 waiters the surplus would get 503 with Retry-After, the bound at work).
     * Given before --lock and --set, which can override them.
     */
    static final Map<String, String> DEMO_SETTINGS;

    static
    {
        Map<String, String> demo = new LinkedHashMap<>();
        demo.put("interlock.executor-groups.reports.threads", "4");
        demo.put("interlock.webapps.reports.executor-group", "reports");
        demo.put("interlock.webapps.legacy-counter.max-lock-waiters", "256");
        DEMO_SETTINGS = Collections.unmodifiableMap(demo);
    }

    /**
     * What Jetty's graceful stop gives beyond {@code interlock.drain-timeout}: the drain itself
     * is bounded by that setting, and the stopping callbacks and worker joins run within it.
     */
    static final Duration STOP_MARGIN = Duration.ofSeconds(5);

    private static final List<String> LOCKS = List.of("free", "application", "shared");

    @Spec
    CommandSpec spec;

    @Option(names = "--demo", description = "Mount the sample WARs: " +
        "legacy-counter, cpu-bound, io-bound, reports and cdi-workers, each at /NAME.")
    boolean demo;

    @Option(names = "--samples", paramLabel = "DIR", description = "Where --demo finds the samples: DIR/NAME/target/NAME.war " +
        "(default: ../../samples from the directory holding the jar, which is the source tree's samples/ " +
        "for the jar in express/target/; else ./samples).")
    Path samplesDir;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--lock", paramLabel = "free|application|shared", description = "The lock discipline: interlock.lock (default: free).")
    String lock;

    @Option(names = "--environment", paramLabel = "ee10|ee11", description = "Serve every WAR in this Jetty environment: " +
        "ee10 (Servlet 6.0) or ee11 (Servlet 6.1). Default: each WAR's own, from the version of its WEB-INF/web.xml " +
        "(6.1 or later: ee11; older, none, or no web.xml: ee10).")
    String environment;

    @Option(names = "--status", description = "Serve the status page (live charts) at /interlock/status and its JSON at " +
        "/interlock/status.json, to loopback clients: interlock.status.enabled=true.")
    boolean status;

    @Option(names = "--metrics", description = "Serve a Prometheus scrape of Interlock's metrics at /interlock/metrics, " +
        "to loopback clients: interlock.prometheus.enabled=true.")
    boolean metrics;

    @Option(names = "--health", description = "For load balancers, interlock.health.enabled=true: readiness at " +
        "/interlock/ready (/interlock/ready/NAME per webapp) and liveness at /interlock/live, to loopback clients " +
        "(to every client with --set interlock.health.allow=any).")
    boolean health;

    @Option(names = "--access-log", paramLabel = "FILE", description = "Write an access log to FILE: Jetty's extended NCSA " +
        "format followed by Interlock's figures (executor group, application group, queue time, lock wait, lock hold " +
        "in microseconds, refusal).")
    Path accessLog;

    @Option(names = "--config", paramLabel = "FILE", description = "A properties file of Interlock settings, " +
        "such as interlock.lock=application; -D, --lock and --set win over it.")
    Path configFile;

    @Option(names = "--mount", paramLabel = "/PATH=WAR", description = "Mount a WAR file or exploded directory at a context path " +
        "(repeatable; the same WAR may be mounted at several paths).")
    List<String> mountOptions = new ArrayList<>();

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "An Interlock setting by its one name, " +
        "e.g. interlock.switch-interval=10ms (repeatable; a later one wins).")
    List<String> sets = new ArrayList<>();

    @Parameters(paramLabel = "WAR", arity = "0..*", description = "WAR files (or exploded WAR directories) to serve.")
    List<Path> wars = new ArrayList<>();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Show the version and exit.")
    boolean version;

    private Express()
    {
    }

    public static void main(String[] args)
    {
        System.exit(commandLine().execute(args));
    }

    /**
     * @param file where to write
     * @return the request log of {@code --access-log}
     */
    static RequestLog requestLog(Path file)
    {
        return new CustomRequestLog(new RequestLogWriter(file.toAbsolutePath().toString()), RequestLogFields.EXTENDED_NCSA_FORMAT);
    }

    static CommandLine commandLine()
    {
        CommandLine cl = new CommandLine(new Express());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) ->
        {
            if (e instanceof Problem problem)
            {
                // The command that failed: interlock-express, or one of its subcommands.
                String command = commandLine.getCommandSpec().qualifiedName();
                commandLine.getErr().println(command + ": " + problem.getMessage());
                commandLine.getErr().println("  (" + command + " --help lists the options; config/README.md every setting)");
                return CommandLine.ExitCode.USAGE;
            }
            commandLine.getErr().println("interlock-express: " + e);
            e.printStackTrace(commandLine.getErr());
            return CommandLine.ExitCode.SOFTWARE;
        });
        return cl;
    }

    @Override
    public Integer call() throws Exception
    {
        WebEnvironment chosen = environmentOption();
        Map<String, Path> mounts = mounts();
        List<SettingValue> settings = settings();
        EmbeddedServer.check(settings);
        EmbeddedServer embedded = new EmbeddedServer(host, port, mounts, chosen, settings, accessLog == null ? null : requestLog(accessLog));
        Server server = embedded.server();
        InterlockServer interlock = embedded.interlock();
        List<Mounted> webapps = embedded.webapps();

        // Before start, so that a signal never finds the JVM's default handling (exit 143/130).
        Stop stop = installSignalHandlers(server, embedded.stopTimeout());
        if (!embedded.start(System.err::println))
            return CommandLine.ExitCode.SOFTWARE;
        List<String> unavailable = embedded.unavailable();
        unavailable.forEach(line -> System.err.println("interlock-express: " + line));
        if (unavailable.size() == webapps.size())
        {
            System.err.println("interlock-express: no webapp could start; stopping");
            embedded.stopQuietly();
            return CommandLine.ExitCode.SOFTWARE;
        }

        if (!stop.requested())
        {
            String base = embedded.baseUri();
            PrintStream out = System.out;
            out.println("Interlock ready on " + base);
            if (interlock.getConfig().server(Settings.STATUS_ENABLED))
            {
                String path = interlock.getConfig().server(Settings.STATUS_PATH);
                String role = interlock.getConfig().server(Settings.STATUS_ROLE);
                out.println("Interlock status on " + base + path.substring(1) + " (JSON: " + base + path.substring(1) + ".json; " +
                    (role.isEmpty() ? "loopback clients only" : "role " + role) + ")");
            }
            if (interlock.getConfig().server(Settings.HEALTH_ENABLED))
            {
                String ready = interlock.getConfig().server(Settings.HEALTH_READY_PATH).substring(1);
                boolean any = interlock.getConfig().server(Settings.HEALTH_ALLOW) == HealthAccess.ANY;
                String role = interlock.getConfig().server(Settings.STATUS_ROLE);
                out.println("Interlock readiness on " + base + ready + " (per webapp: " + base + ready + "/NAME), liveness on " + base +
                    interlock.getConfig().server(Settings.HEALTH_LIVE_PATH).substring(1) + " (" +
                    (any ? "any client" : role.isEmpty() ? "loopback clients only" : "role " + role) + ")");
            }
            if (interlock.getConfig().server(Settings.PROMETHEUS_ENABLED))
            {
                String role = interlock.getConfig().server(Settings.STATUS_ROLE);
                out.println("Interlock metrics for Prometheus on " + base + interlock.getConfig().server(Settings.PROMETHEUS_PATH).substring(1) +
                    " (" + (role.isEmpty() ? "loopback clients only" : "role " + role) + ")");
            }
            out.print(inForce(webapps));
            out.print(tryThis(base, mounts, demo));
            out.flush();
        }
        server.join();
        return stop.exitStatus();
    }

    /** A WAR mounted at a context path, in the environment chosen for it and why. */
    record Mounted(ContextHandler context, Path war, WebEnvironment.Choice environment)
    {
    }

    /**
     * What each webapp runs under, as it resolved it: the operator's settings and its own file;
     * and the environment it is served in, and why.
     */
    static String inForce(List<Mounted> webapps)
    {
        StringBuilder b = new StringBuilder();
        for (Mounted m : webapps)
        {
            ContextHandler webapp = m.context();
            WebappBinding binding = webapp.getBean(WebappBinding.class);
            WebappGroups groups = binding == null ? null : binding.groups();
            if (groups == null)
                continue;
            InterlockSettings in = groups.effective();
            b.append("  ").append(webapp.getContextPath()).append(": lock ").append(in.lock())
                .append(", executor group ").append(in.executorGroup())
                .append(", application group ").append(in.applicationGroup())
                .append(in.source("interlock.lock").filter(src -> !src.equals("default")).map(src -> " (lock from " + src + ")").orElse(""))
                .append("; ").append(m.environment())
                .append(System.lineSeparator());
        }
        return b.length() == 0 ? "" : "In force:" + System.lineSeparator() + b;
    }

    /**
     * @return the environment {@code --environment} names for every WAR, or {@code null} to take
     * each WAR's from its {@code web.xml}
     */
    private WebEnvironment environmentOption()
    {
        if (environment == null)
            return null;
        WebEnvironment named = WebEnvironment.named(environment);
        if (named == null)
            throw new Problem("--environment must be one of " + String.join(", ", WebEnvironment.NAMES) + ", not '" + environment + "'");
        return named;
    }

    /**
     * @return context path to WAR, in mount order
     */
    private Map<String, Path> mounts()
    {
        Map<String, Path> mounts = new LinkedHashMap<>();
        if (demo)
        {
            Path dir = samplesDir != null ? samplesDir : defaultSamplesDir();
            // A jar copied out of the source tree finds no samples next to it: try where it runs.
            if (samplesDir == null && (dir == null || !Files.isDirectory(dir)) && Files.isDirectory(Path.of("samples")))
                dir = Path.of("samples");
            List<String> missing = new ArrayList<>();
            for (String name : SAMPLES)
            {
                Path war = dir == null ? null : dir.resolve(name).resolve("target").resolve(name + ".war");
                if (war == null || !Files.isRegularFile(war))
                    missing.add(war == null ? name + ".war" : war.toString());
                else
                    mounts.put("/" + name, war);
            }
            if (!missing.isEmpty())
                throw new Problem(
                    "--demo needs the sample WARs, and these are not built: " + String.join(", ", missing) + System.lineSeparator() +
                        "Build them from the repository root with:" + System.lineSeparator() +
                        "  mvn -pl samples,samples/legacy-counter,samples/cpu-bound,samples/io-bound,samples/reports,samples/cdi-workers -am package" + System.lineSeparator() +
                        "or give --samples DIR, the directory holding NAME/target/NAME.war.");
        }
        for (String m : mountOptions)
        {
            int eq = m.indexOf('=');
            if (eq <= 0 || !m.startsWith("/"))
                throw new ParameterException(spec.commandLine(), "--mount needs /PATH=WAR_OR_DIR, not '" + m + "'");
            String contextPath = m.substring(0, eq).trim();
            if (contextPath.length() > 1 && contextPath.endsWith("/"))
                contextPath = contextPath.substring(0, contextPath.length() - 1);
            Path war = Path.of(m.substring(eq + 1).trim());
            if (!Files.exists(war))
                throw new Problem("--mount " + m + ": no such WAR file or directory: " + war);
            Path previous = mounts.putIfAbsent(contextPath, war);
            if (previous != null)
                throw new Problem("Two WARs for context path " + contextPath + ": " + previous + " and " + war);
        }
        for (Path war : wars)
        {
            if (!Files.exists(war))
                throw new Problem("No such WAR: " + war);
            String name = war.toAbsolutePath().normalize().getFileName().toString();
            if (name.toLowerCase().endsWith(".war"))
                name = name.substring(0, name.length() - 4);
            String contextPath = "ROOT".equals(name) ? "/" : "/" + name;
            Path previous = mounts.putIfAbsent(contextPath, war);
            if (previous != null)
                throw new Problem("Two WARs for context path " + contextPath + ": " + previous + " and " + war);
        }
        if (mounts.isEmpty())
            throw new ParameterException(spec.commandLine(), "Nothing to serve: give WAR files, --mount /PATH=WAR, or --demo.");
        return mounts;
    }

    /**
     * @return the launcher's settings as (name, value, source), in the order given to the
     * engine (a later one wins): {@code --demo}'s, {@code --config}'s, {@code -Dinterlock.*}
     * system properties, {@code --lock}, {@code --status}, {@code --metrics}, {@code --health}, {@code --set}
     */
    List<SettingValue> settings()
    {
        if (port < 0 || port > 65535)
            throw new Problem("--port must be from 0 to 65535, not " + port);
        List<SettingValue> settings = new ArrayList<>();
        if (demo)
            DEMO_SETTINGS.forEach((k, v) -> settings.add(new SettingValue(k, v, "--demo")));
        if (configFile != null)
            settings.addAll(SettingOptions.configFile(configFile));
        settings.addAll(SettingOptions.systemProperties());
        if (lock != null)
        {
            if (!LOCKS.contains(lock))
                throw new Problem("--lock must be one of " + String.join(", ", LOCKS) + ", not '" + lock + "'");
            settings.add(new SettingValue("interlock.lock", lock, "command line --lock"));
        }
        if (status)
            settings.add(new SettingValue("interlock.status.enabled", "true", "command line --status"));
        if (metrics)
            settings.add(new SettingValue("interlock.prometheus.enabled", "true", "command line --metrics"));
        if (health)
            settings.add(new SettingValue("interlock.health.enabled", "true", "command line --health"));
        settings.addAll(SettingOptions.sets(sets, spec.commandLine()));
        return settings;
    }

    /**
     * @return how long Jetty's graceful stop may take: the server's {@code interlock.drain-timeout}
     * as given here (15 s by default) and a margin
     */
    static Duration stopTimeout(List<SettingValue> settings)
    {
        Duration drain = Setting.parseDuration(effective(settings, "interlock.drain-timeout", "15s"));
        // interlock.stop-delay comes first and counts against the same stop timeout.
        Duration delay = Setting.parseDuration(effective(settings, "interlock.stop-delay", "0"));
        return (drain == null ? Duration.ofSeconds(15) : drain).plus(delay == null ? Duration.ZERO : delay).plus(STOP_MARGIN);
    }

    private static String effective(List<SettingValue> settings, String name, String defaultValue)
    {
        String value = defaultValue;
        for (SettingValue s : settings)
        {
            if (s.key().equals(name) && !s.value().isBlank())
                value = s.value();
        }
        return value;
    }

    /**
     * @return {@code ../../samples} from the directory holding this jar ({@code express/target})
     * or this class directory ({@code express/target/classes}); {@code null} if unknown
     */
    private static Path defaultSamplesDir()
    {
        try
        {
            var source = Express.class.getProtectionDomain().getCodeSource();
            if (source == null)
                return null;
            Path location = Path.of(source.getLocation().toURI());
            return location.getParent().resolve("../../samples").normalize();
        }
        catch (URISyntaxException | RuntimeException e)
        {
            return null;
        }
    }

    static String tryThis(String base, Map<String, Path> mounts, boolean demo)
    {
        String nl = System.lineSeparator();
        StringBuilder b = new StringBuilder();
        b.append("Stop with Ctrl-C.").append(nl);
        if (demo)
        {
            b.append("Demo settings:");
            DEMO_SETTINGS.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
            b.append(nl);
        }
        b.append("Try this:").append(nl);
        if (mounts.containsKey("/legacy-counter"))
        {
            String c = base + "legacy-counter";
            b.append("  # a racy counter: below 200 under --lock free (the default), exactly 200 under --lock application").append(nl);
            b.append("  curl -s -X POST ").append(c).append("/reset; for i in $(seq 200); do curl -s -X POST ").append(c)
                .append("/increment & done; wait; curl ").append(c).append("/count").append(nl);
            b.append("  # the same code marked @NotThreadSafe: 200 whatever the lock").append(nl);
            b.append("  curl -s -X POST ").append(c).append("/safe/reset; for i in $(seq 200); do curl -s -X POST ").append(c)
                .append("/safe/increment & done; wait; curl ").append(c).append("/safe/count").append(nl);
        }
        if (mounts.containsKey("/cpu-bound"))
            b.append("  curl '").append(base).append("cpu-bound/work?units=100'").append(nl);
        if (mounts.containsKey("/io-bound"))
        {
            b.append("  curl '").append(base).append("io-bound/wait?ms=500'").append(nl);
            b.append("  curl -N '").append(base).append("io-bound/stream?chunks=5&bytes=40&pause=300'").append(nl);
        }
        if (mounts.containsKey("/reports"))
        {
            b.append("  curl ").append(base).append("reports/reports/monthly   # application group 'reports', executor group 'reports'").append(nl);
            b.append("  curl ").append(base).append("reports/home              # the webapp's default application group").append(nl);
        }
        if (mounts.containsKey("/cdi-workers"))
        {
            b.append("  # CDI jobs on tracked workers; stop the server and the log says they were finished, nothing lost").append(nl);
            b.append("  curl -s -X POST '").append(base).append("cdi-workers/jobs?count=40'; curl -s ").append(base).append("cdi-workers/jobs").append(nl);
        }
        for (String contextPath : mounts.keySet())
            if (!SAMPLES.contains(contextPath.substring(1)))
                b.append("  curl ").append(base).append(contextPath.substring(1)).append(contextPath.equals("/") ? "" : "/").append(nl);
        return b.toString();
    }

    /**
     * Stops the server on SIGTERM and SIGINT and lets {@link #call()} return; a second SIGINT
     * while stopping exits at once with 130. The JVM's own handling of those signals would run
     * the shutdown hooks (Jetty's stop-at-shutdown included) but exit with 143 or 130. If the
     * signals cannot be handled, stop-at-shutdown remains.
     *
     * <p>The exit status after such a stop is 0, also when requests or workers outlasted
     * {@code interlock.drain-timeout} (the log names them: they were interrupted), and 1 if the
     * stop failed or did not end within the stop budget plus {@value #STOP_WATCH_SECONDS} s, in
     * which case the JVM is halted: nothing the webapps left behind keeps it alive.</p>
     */
    private static Stop installSignalHandlers(Server server, Duration stopTimeout)
    {
        Stop stop = new Stop();
        for (String name : List.of("TERM", "INT"))
        {
            // If this fails (e.g. under -Xrs), Jetty's stop-at-shutdown hook still stops the server.
            Signals.handle(name, () ->
            {
                if (!stop.request())
                {
                    // A second Ctrl-C forces the exit; a repeated SIGTERM (a supervisor
                    // signalling the whole process group, say) leaves the drain alone.
                    if ("INT".equals(name))
                    {
                        System.err.println("interlock-express: interrupted again while stopping; exiting now");
                        Runtime.getRuntime().halt(130);
                    }
                    return;
                }
                Thread stopper = new Thread(() ->
                {
                    try
                    {
                        server.stop();
                    }
                    catch (TimeoutException x)
                    {
                        // The graceful phase ended at its bound; the drain's deadline interrupted
                        // what was left, and the log says what. The server is stopped.
                        System.err.println("interlock-express: stopped; some requests outlasted interlock.drain-timeout (see the log)");
                    }
                    catch (Throwable x)
                    {
                        System.err.println("interlock-express: stopping failed: " + x);
                        stop.failed();
                    }
                }, "interlock-express-stop");
                stopper.setDaemon(true);
                stopper.start();
                Thread watch = new Thread(() ->
                {
                    try
                    {
                        stopper.join(stopTimeout.plusSeconds(STOP_WATCH_SECONDS).toMillis());
                    }
                    catch (InterruptedException x)
                    {
                        return;
                    }
                    if (stopper.isAlive())
                    {
                        System.err.println("interlock-express: the server did not stop within " + stopTimeout.plusSeconds(STOP_WATCH_SECONDS).toSeconds() +
                            " s; exiting anyway. The stopping thread was at:");
                        for (StackTraceElement e : stopper.getStackTrace())
                            System.err.println("\tat " + e);
                        Runtime.getRuntime().halt(1);
                    }
                }, "interlock-express-stop-watch");
                watch.setDaemon(true);
                watch.start();
            });
        }
        return stop;
    }

    /** How long a stop may run beyond its budget before the launcher gives up on it. */
    static final int STOP_WATCH_SECONDS = 10;

    /** Whether a stop was asked for by a signal, and how it went. */
    private static final class Stop
    {
        private final AtomicBoolean requested = new AtomicBoolean();
        private volatile boolean failed;

        boolean request()
        {
            return requested.compareAndSet(false, true);
        }

        boolean requested()
        {
            return requested.get();
        }

        void failed()
        {
            failed = true;
        }

        int exitStatus()
        {
            return failed ? CommandLine.ExitCode.SOFTWARE : CommandLine.ExitCode.OK;
        }
    }

    /**
     * A value the launcher cannot use (a setting, a file, a port): its message and a one-line
     * hint are printed, not the usage, and the exit status is 2.
     */
    static final class Problem extends RuntimeException
    {
        Problem(String message)
        {
            super(message, null, false, false);
        }
    }

    /** {@code --version}: the jar's Implementation-Version. */
    static final class Version implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion()
        {
            String v = Express.class.getPackage().getImplementationVersion();
            return new String[]{"interlock-express " + (v == null ? "(development build)" : v) + ", Jetty " + Server.getVersion()};
        }
    }
}
