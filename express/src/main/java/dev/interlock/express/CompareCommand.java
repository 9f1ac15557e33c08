package dev.interlock.express;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.interlock.api.InterlockSettings;
import dev.interlock.express.compare.Call;
import dev.interlock.express.compare.ClosedLoop;
import dev.interlock.express.compare.Comparison;
import dev.interlock.express.compare.ComparisonChart;
import dev.interlock.express.compare.ComparisonReport;
import dev.interlock.express.compare.CounterCheck;
import dev.interlock.express.compare.DisciplineRun;
import dev.interlock.express.compare.JsonReport;
import dev.interlock.express.compare.MarkdownReport;
import dev.interlock.express.compare.Mount;
import dev.interlock.express.compare.RequestMix;
import dev.interlock.express.compare.RunFailure;
import dev.interlock.express.compare.TextReport;
import dev.interlock.group.WebappGroups;
import dev.interlock.jetty.WebappBinding;
import dev.interlock.options.Setting;
import dev.interlock.options.SettingValue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code interlock-express compare WAR}: the same WAR mounted three times on one embedded
 * server, at {@code /free}, {@code /application} and {@code /shared}, each in an executor group
 * of its own and under the discipline its path names, all through Interlock's own settings; the
 * same request mix sent to each in turn by Jetty's {@code HttpClient}; throughput, latency,
 * errors, lock contention and, for a WAR that counts, lost updates, side by side on stdout and in
 * {@code compare.json}, {@code compare.md} and {@code compare.png}.
 *
 * <p>Exit status: 0 when the comparison ran (whatever it found: lost updates under {@code free}
 * are a finding, not a failure), 2 for a bad option (before anything is started), 1 when the
 * run could not be completed (the server or the WAR did not start, the check URL answered no
 * number, the load did not stop within its bound, an output could not be written). The server
 * and the client are stopped in every case.</p>
 */
@Command(name = "compare",
    sortOptions = false,
    usageHelpWidth = 110,
    description = {
        "Serves one WAR three times, at /free, /application and /shared, each in an executor group of its own",
        "and under that lock discipline; sends the same request mix to each in turn, for the same time, with",
        "Jetty's HttpClient; prints side by side throughput, p50/p99/max latency, errors, lock contention and,",
        "with --check, lost updates. Writes compare.json, compare.md and the chart compare.png to --output."
    },
    footer = {
        "",
        "A requests file has one call a line, METHOD PATH [WEIGHT] (weight 1 if left out); # starts a comment:",
        "  POST /increment 9",
        "  GET /count",
        "",
        "The check: --check's number is read before and after each measured run; it should grow by one per 2xx answer",
        "to the calls --expect-per names. Lost updates = expected - actual.",
        "",
        "Examples:",
        "  java -jar interlock-express.jar compare samples/legacy-counter/target/legacy-counter.war \\",
        "       --url 'POST /increment' --check /count --expect-per /increment",
        "  java -jar interlock-express.jar compare samples/cpu-bound/target/cpu-bound.war \\",
        "       --url '/work?units=5' --duration 5s",
        "  java -jar interlock-express.jar compare shop.war --requests mix.txt \\",
        "       --set interlock.executor-groups.compare-free.threads=4"
    })
final class CompareCommand implements Callable<Integer>
{
    /** The most clients: each needs a connection and, by default, a thread in each executor group. */
    static final int MAX_CLIENTS = 256;
    /** The most threads of an executor group. */
    static final int MAX_THREADS = 1024;
    /** The longest warm-up and the longest measured run: three of each make a comparison. */
    static final Duration MAX_DURATION = Duration.ofMinutes(10);

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WAR", description = "The WAR file (or exploded WAR directory) to compare.")
    Path war;

    @Option(names = "--url", paramLabel = "[METHOD ]PATH", description = "A call of the request mix, from the WAR's root " +
        "(GET if no method): /count, 'POST /increment'. Repeatable; weight 1 each.")
    List<String> urls = new ArrayList<>();

    @Option(names = "--requests", paramLabel = "FILE", description = "A file of calls for the mix, one a line: METHOD PATH [WEIGHT]; " +
        "# starts a comment. Adds to --url.")
    Path requestsFile;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "8", description = "Concurrent clients, each with one request " +
        "outstanding: 1 to " + MAX_CLIENTS + " (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--threads", paramLabel = "N", description = "Threads of each mount's executor group: 1 to " + MAX_THREADS +
        " (default: the number of clients, so that no request waits for a thread and what differs is the lock).")
    Integer threads;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "10s", description = "The measured run per discipline, " +
        "more than 0 and at most 10m: 500ms, 10s, 2m (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "2s", description = "The unmeasured run before each " +
        "measured one, 0 to 10m (default: ${DEFAULT-VALUE}).")
    String warmup;

    @Option(names = "--check", paramLabel = "[METHOD ]PATH", description = "A call answering a number that the mix changes, " +
        "e.g. /count (GET if no method); needs --expect-per.")
    String check;

    @Option(names = "--expect-per", paramLabel = "[METHOD ]PATH", description = "A call of the mix each 2xx answer of which adds one " +
        "to --check's number, e.g. /increment (matched by path, and by method if given). Repeatable.")
    List<String> expectPer = new ArrayList<>();

    @Option(names = "--reset", paramLabel = "[METHOD ]PATH", description = "A call made before each measured run, e.g. /reset " +
        "(POST if no method); it must answer 2xx.")
    String reset;

    @Option(names = "--output", paramLabel = "DIR", defaultValue = "compare-results", description = "Where compare.json, compare.md " +
        "and compare.png go (default: ${DEFAULT-VALUE}); files there of those names are replaced.")
    Path output;

    @Option(names = "--port", paramLabel = "N", defaultValue = "0", description = "Port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--environment", paramLabel = "ee10|ee11", description = "Serve the WAR in this Jetty environment " +
        "(default: from its WEB-INF/web.xml, as interlock-express does).")
    String environment;

    @Option(names = "--config", paramLabel = "FILE", description = "A properties file of Interlock settings for all three " +
        "mounts; --set wins over it.")
    Path configFile;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "An Interlock setting by its one name (repeatable). " +
        "The mounts' locks and executor groups are the comparison's and cannot be changed; their sizes can.")
    List<String> sets = new ArrayList<>();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Override
    public Integer call() throws Exception
    {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Comparison.Plan plan = plan();
        int groupThreads = threads == null ? clients : threads;
        if (groupThreads < 1 || groupThreads > MAX_THREADS)
            throw new Express.Problem("--threads must be from 1 to " + MAX_THREADS + ", not " + groupThreads);
        WebEnvironment chosen = environmentOption();
        List<SettingValue> settings = settings(groupThreads);
        EmbeddedServer.check(settings);
        prepareOutput();

        Map<String, Path> mounts = new LinkedHashMap<>();
        for (Mount m : Mount.ALL)
            mounts.put(m.contextPath(), war);
        EmbeddedServer embedded = new EmbeddedServer("127.0.0.1", port, mounts, chosen, settings, null);
        try
        {
            if (!embedded.start(err::println))
                return CommandLine.ExitCode.SOFTWARE;
            List<String> unavailable = embedded.unavailable();
            if (!unavailable.isEmpty())
                throw new RunFailure(String.join(System.lineSeparator(), unavailable));
            inForce(embedded);
            err.print(Express.inForce(embedded.webapps()));
            err.flush();

            Instant started = Instant.now();
            String machine = ComparisonReport.thisMachine();
            List<DisciplineRun> runs = new ArrayList<>();
            try (ClosedLoop loop = new ClosedLoop(plan.clients()))
            {
                Comparison comparison = new Comparison(plan, loop, embedded.interlock().getMetrics()::snapshot, err);
                String base = embedded.baseUri();
                for (Mount m : Mount.ALL)
                    runs.add(comparison.run(m, base + m.webapp()));
            }
            ComparisonReport report = new ComparisonReport(war.toAbsolutePath().normalize().getFileName().toString(), started,
                machine, plan, groupThreads, settings, runs);
            write(report);
            out.print(TextReport.render(report));
            out.println();
            out.println("written: " + output.resolve("compare.json") + ", " + output.resolve("compare.md") + ", " + output.resolve("compare.png"));
            out.flush();
            return CommandLine.ExitCode.OK;
        }
        catch (RunFailure failure)
        {
            err.println("interlock-express compare: " + failure.getMessage());
            err.flush();
            return CommandLine.ExitCode.SOFTWARE;
        }
        finally
        {
            embedded.stopQuietly();
        }
    }

    /**
     * @return the request mix, the load and the check, every option checked
     * @throws Express.Problem naming the option, the value and what is allowed
     */
    private Comparison.Plan plan()
    {
        if (!Files.exists(war))
            throw new Express.Problem("No such WAR: " + war);
        if (clients < 1 || clients > MAX_CLIENTS)
            throw new Express.Problem("--clients must be from 1 to " + MAX_CLIENTS + ", not " + clients);
        Duration measured = duration("--duration", duration, false);
        Duration warm = duration("--warmup", warmup, true);
        RequestMix mix = mix();
        CounterCheck counter = null;
        if (check != null)
        {
            try
            {
                counter = CounterCheck.of(check, expectPer, reset, mix);
            }
            catch (IllegalArgumentException x)
            {
                throw new Express.Problem(x.getMessage());
            }
        }
        else if (!expectPer.isEmpty() || reset != null)
            throw new Express.Problem((reset != null ? "--reset" : "--expect-per") + " needs --check PATH, the call answering the number to check");
        return new Comparison.Plan(mix, clients, warm, measured, counter);
    }

    private RequestMix mix()
    {
        List<RequestMix.Entry> entries = new ArrayList<>();
        for (String url : urls)
        {
            try
            {
                entries.add(new RequestMix.Entry(Call.parse(url, "GET"), 1));
            }
            catch (IllegalArgumentException x)
            {
                throw new Express.Problem("--url " + x.getMessage());
            }
        }
        try
        {
            if (requestsFile != null)
                entries.addAll(RequestMix.parse(readRequests(), requestsFile.toString()));
            return RequestMix.of(entries);
        }
        catch (IllegalArgumentException x)
        {
            throw new Express.Problem((requestsFile != null ? "--requests " : "") + x.getMessage());
        }
    }

    private List<String> readRequests()
    {
        try
        {
            return Files.readAllLines(requestsFile, StandardCharsets.UTF_8);
        }
        catch (IOException x)
        {
            throw new Express.Problem("--requests " + requestsFile + ": cannot be read: " + SettingOptions.describe(x));
        }
    }

    private static Duration duration(String option, String text, boolean zeroAllowed)
    {
        Duration d = Setting.parseDuration(text);
        String allowed = (zeroAllowed ? "from 0 to 10m" : "more than 0 and at most 10m") + ", such as 500ms, 10s or 2m";
        if (d == null || d.compareTo(MAX_DURATION) > 0 || (!zeroAllowed && d.isZero()))
            throw new Express.Problem(option + " must be a duration " + allowed + ", not '" + text + "'");
        return d;
    }

    private WebEnvironment environmentOption()
    {
        if (environment == null)
            return null;
        WebEnvironment named = WebEnvironment.named(environment);
        if (named == null)
            throw new Express.Problem("--environment must be one of " + String.join(", ", WebEnvironment.NAMES) + ", not '" + environment + "'");
        return named;
    }

    /**
     * @return the settings, in the order given to the engine (a later one wins): the mounts'
     * sizes, {@code --config}'s, {@code -Dinterlock.*}, {@code --set}, and last the mounts'
     * locks and executor groups, which are what is compared
     */
    private List<SettingValue> settings(int groupThreads)
    {
        if (port < 0 || port > 65535)
            throw new Express.Problem("--port must be from 0 to 65535, not " + port);
        List<SettingValue> settings = new ArrayList<>();
        for (Mount m : Mount.ALL)
            settings.addAll(m.sizing(groupThreads, clients));
        if (configFile != null)
            settings.addAll(SettingOptions.configFile(configFile));
        settings.addAll(SettingOptions.systemProperties());
        settings.addAll(SettingOptions.sets(sets, spec.commandLine()));
        for (Mount m : Mount.ALL)
            settings.addAll(m.binding());
        return settings;
    }

    /** Creates the output directory now, so that a run is never lost to an unwritable one at its end. */
    private void prepareOutput()
    {
        if (Files.exists(output) && !Files.isDirectory(output))
            throw new Express.Problem("--output " + output + " is a file; give a directory (it is created if missing)");
        try
        {
            Files.createDirectories(output);
        }
        catch (IOException x)
        {
            throw new Express.Problem("--output " + output + ": cannot be created: " + SettingOptions.describe(x));
        }
    }

    /**
     * Checks that each mount runs under its discipline, in its executor group, as the engine
     * resolved them: what is compared is then what the table says.
     */
    private static void inForce(EmbeddedServer embedded) throws RunFailure
    {
        for (Express.Mounted m : embedded.webapps())
        {
            String contextPath = m.context().getContextPath();
            Mount mount = Mount.ALL.stream().filter(x -> x.contextPath().equals(contextPath)).findFirst().orElseThrow();
            WebappBinding binding = m.context().getBean(WebappBinding.class);
            WebappGroups groups = binding == null ? null : binding.groups();
            if (groups == null)
                throw new RunFailure(contextPath + ": Interlock is not in force on the webapp");
            InterlockSettings in = groups.effective();
            if (!in.lock().equals(mount.discipline()) || !in.executorGroup().equals(mount.executorGroup()))
                throw new RunFailure(contextPath + " runs under lock " + in.lock() + " in executor group " + in.executorGroup() +
                    ", not " + mount.discipline() + " in " + mount.executorGroup());
        }
    }

    private void write(ComparisonReport report) throws RunFailure
    {
        Path json = output.resolve("compare.json");
        Path markdown = output.resolve("compare.md");
        Path png = output.resolve("compare.png");
        try
        {
            Files.writeString(json, JsonReport.render(report) + "\n", StandardCharsets.UTF_8);
            Files.writeString(markdown, MarkdownReport.render(report, png.getFileName().toString()), StandardCharsets.UTF_8);
            ComparisonChart.write(png, report);
        }
        catch (IOException x)
        {
            throw new RunFailure("the results could not be written to " + output + ": " + SettingOptions.describe(x));
        }
    }
}
