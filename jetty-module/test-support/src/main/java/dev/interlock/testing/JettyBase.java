package dev.interlock.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.component.LifeCycle;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A fresh jetty-base with Interlock installed the way a user does it (unpacking its archive),
 * or without it ({@link #plain()}), and the {@code start.jar} of the real jetty-home run in
 * separate processes, for one test.
 * Register it as a JUnit extension; before each test it makes its own directory and base, after
 * it destroys every process it started (each bounded in time), stops its HTTP client and deletes
 * the directory:
 *
 * <pre>
 * &#64;RegisterExtension
 * final JettyBase jetty = JettyBase.withInterlock();
 * </pre>
 *
 * <p>The jetty-home and the archives are named by system properties the build sets:
 * {@code interlock.it.jetty.home}, {@code interlock.it.archive} and those given to
 * {@link #withInterlock(String...)}.</p>
 */
public final class JettyBase implements AutoCloseable, BeforeEachCallback, AfterEachCallback
{
    private static final Duration ADD_MODULES = Duration.ofSeconds(60);

    private final List<String> archiveProperties;
    private final List<Process> processes = new ArrayList<>();
    private Path home;
    private Path dir;
    private Path base;
    private HttpClient client;

    private JettyBase(List<String> archiveProperties)
    {
        this.archiveProperties = archiveProperties;
    }

    /**
     * @param moreArchives system properties naming more archives to unpack after Interlock's
     * (another Interlock module's, such as {@code interlock.it.config-archive})
     * @return a base for each test, made when the test starts
     */
    public static JettyBase withInterlock(String... moreArchives)
    {
        List<String> properties = new ArrayList<>();
        properties.add("interlock.it.archive");
        properties.addAll(List.of(moreArchives));
        return new JettyBase(List.copyOf(properties));
    }

    /**
     * @return a base for each test with nothing of Interlock's in it: plain jetty-home, to compare with
     */
    public static JettyBase plain()
    {
        return new JettyBase(List.of());
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception
    {
        home = Path.of(System.getProperty("interlock.it.jetty.home"));
        if (!Files.isRegularFile(home.resolve("start.jar")))
            throw new IllegalStateException("No jetty-home at " + home);
        dir = Files.createTempDirectory("interlock-it-");
        base = Files.createDirectories(dir.resolve("base"));
        for (String property : archiveProperties)
            unpack(System.getProperty(property));
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception
    {
        close();
        if (dir != null)
        {
            try (Stream<Path> files = Files.walk(dir))
            {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private void unpack(String archive) throws IOException, InterruptedException
    {
        Process tar = new ProcessBuilder("tar", "xzf", archive, "-C", base.toString()).inheritIO().start();
        if (!tar.waitFor(60, TimeUnit.SECONDS) || tar.exitValue() != 0)
            throw new IllegalStateException("Could not unpack " + archive);
    }

    /**
     * @return the jetty-base
     */
    public Path base()
    {
        return base;
    }

    /**
     * @return a scratch directory of the test's, next to the base (logs, WARs before copying)
     */
    public Path dir()
    {
        return dir;
    }

    /**
     * Writes a file of the base, in UTF-8, creating its directories (a context XML in
     * {@code webapps/}, an {@code etc/} file), replacing what was there.
     *
     * @param relative its path in the base, such as {@code webapps/shop.xml}
     * @param content what it holds
     * @return the file
     */
    public Path write(String relative, String content) throws IOException
    {
        Path file = base.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    /**
     * Runs {@code start.jar --add-modules=...} and checks that it succeeded.
     *
     * @param modules the modules, as {@code --add-modules} takes them
     * @return what {@code start.jar} printed
     */
    public String addModules(String modules) throws IOException, InterruptedException
    {
        Result added = run(ADD_MODULES, "--add-modules=" + modules);
        assertEquals(0, added.exitCode(), added.output());
        return added.output();
    }

    public static String java()
    {
        return ProcessHandle.current().info().command().orElse("java");
    }

    public static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }

    private List<String> command(String... args)
    {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", home.resolve("start.jar").toString(),
            "jetty.home=" + home, "jetty.base=" + base));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Runs {@code start.jar} with {@code args} to completion (at most {@code timeout}).
     *
     * @return exit code and output
     */
    public Result run(Duration timeout, String... args) throws IOException, InterruptedException
    {
        Path log = Files.createTempFile(dir, "start", ".log");
        Process process = new ProcessBuilder(command(args)).directory(base.toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        processes.add(process);
        boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!exited)
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        return new Result(exited ? process.exitValue() : -1, Files.readString(log, StandardCharsets.UTF_8), exited);
    }

    /**
     * Starts Jetty in the background; its output goes to {@code log}.
     */
    public Process start(Path log, String... args) throws IOException
    {
        return start(log, Map.of(), args);
    }

    /**
     * Starts Jetty in the background with more environment variables; its output goes to {@code log}.
     */
    public Process start(Path log, Map<String, String> environment, String... args) throws IOException
    {
        ProcessBuilder builder = new ProcessBuilder(command(args)).directory(base.toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    /**
     * @return an HTTP client for the tests of this base, started on first use and stopped by
     * {@link #close()}
     */
    public synchronized HttpClient client() throws Exception
    {
        if (client == null)
        {
            HttpClient c = new HttpClient();
            c.start();
            client = c;
        }
        return client;
    }

    /**
     * Waits, at most 60 s, until Jetty answers 200 to every one of {@code uris}; fails at once,
     * with the log, if the process exits.
     */
    public void awaitServing(Process process, Path log, String... uris) throws Exception
    {
        HttpClient client = client();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
        {
            if (!process.isAlive())
                throw new AssertionError("Jetty exited: " + Files.readString(log));
            try
            {
                for (String uri : uris)
                {
                    if (client.newRequest(uri).timeout(10, TimeUnit.SECONDS).send().getStatus() != 200)
                        return false;
                }
                return true;
            }
            catch (Exception x)
            {
                return false;
            }
        });
    }

    @Override
    public void close() throws Exception
    {
        for (Process p : processes)
        {
            if (p.isAlive())
            {
                p.destroyForcibly();
                p.waitFor(20, TimeUnit.SECONDS);
            }
        }
        LifeCycle.stop(client);
    }

    public record Result(int exitCode, String output, boolean exited)
    {
    }
}
