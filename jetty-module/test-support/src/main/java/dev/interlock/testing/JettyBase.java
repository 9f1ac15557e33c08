package dev.interlock.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.component.LifeCycle;

import static org.awaitility.Awaitility.await;

/**
 * A jetty-base on disk and the {@code start.jar} of the real jetty-home, run as separate
 * processes. Every process is bounded in time and destroyed by {@link #close()}.
 */
public final class JettyBase implements AutoCloseable
{
    private final Path home;
    private final Path base;
    private final List<Process> processes = new ArrayList<>();
    private HttpClient client;

    public JettyBase(Path home, Path base)
    {
        this.home = home;
        this.base = base;
    }

    /**
     * Unpacks one more archive (an Interlock module's) into this base.
     */
    public JettyBase unpack(String archive) throws IOException, InterruptedException
    {
        Process tar = new ProcessBuilder("tar", "xzf", archive, "-C", base.toString()).inheritIO().start();
        if (!tar.waitFor(60, TimeUnit.SECONDS) || tar.exitValue() != 0)
            throw new IllegalStateException("Could not unpack " + archive);
        return this;
    }

    /**
     * A new jetty-base under {@code dir} with Interlock installed the way a user does it:
     * unpacking its archive. The jetty-home and the archive are named by the system properties
     * {@code interlock.it.jetty.home} and {@code interlock.it.archive} (set by the build).
     */
    public static JettyBase withInterlock(Path dir) throws IOException, InterruptedException
    {
        Path home = Path.of(System.getProperty("interlock.it.jetty.home"));
        if (!Files.isRegularFile(home.resolve("start.jar")))
            throw new IllegalStateException("No jetty-home at " + home);
        Path base = Files.createDirectories(dir.resolve("base"));
        return new JettyBase(home, base).unpack(System.getProperty("interlock.it.archive"));
    }

    public Path base()
    {
        return base;
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
        Path log = Files.createTempFile(base.getParent(), "start", ".log");
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
