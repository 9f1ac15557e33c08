package dev.interlock.distribution;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;

import static org.awaitility.Awaitility.await;

/**
 * Debian's {@code haproxy}, run in the foreground with a configuration of the test's, and its
 * statistics page read for the state of each server. Every wait is bounded; {@link #close()}
 * stops the process.
 */
final class Haproxy implements AutoCloseable
{
    private final Process process;
    private final Path log;
    private final int statsPort;

    private Haproxy(Process process, Path log, int statsPort)
    {
        this.process = process;
        this.log = log;
        this.statsPort = statsPort;
    }

    /**
     * @return the {@code haproxy} executable on the {@code PATH}, or Debian's {@code /usr/sbin/haproxy}
     * (not on a user's {@code PATH}), or {@code null}
     */
    static Path find()
    {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "" : path).split(File.pathSeparator))
        {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "haproxy");
            if (!dir.isEmpty() && Files.isExecutable(candidate))
                return candidate;
        }
        Path debian = Path.of("/usr/sbin/haproxy");
        return Files.isExecutable(debian) ? debian : null;
    }

    /**
     * Checks {@code config} with {@code haproxy -c}, then starts HAProxy with it plus a statistics
     * listener on {@code statsPort} (loopback).
     *
     * @param executable the {@code haproxy} executable
     * @param dir where the configuration and the log go
     * @param config the configuration
     * @param statsPort a free port for the statistics page
     * @return HAProxy, started
     */
    static Haproxy start(Path executable, Path dir, String config, int statsPort) throws IOException, InterruptedException
    {
        Path cfg = dir.resolve("haproxy.cfg");
        Files.writeString(cfg, config + """

            # The test's own: the state of each server, read by Haproxy.status.
            listen stats
                bind 127.0.0.1:%d
                stats enable
                stats uri /stats
            """.formatted(statsPort), StandardCharsets.UTF_8);
        Path checked = dir.resolve("haproxy-check.log");
        Process check = new ProcessBuilder(executable.toString(), "-c", "-f", cfg.toString()).redirectErrorStream(true).redirectOutput(checked.toFile()).start();
        if (!check.waitFor(30, TimeUnit.SECONDS) || check.exitValue() != 0)
        {
            check.destroyForcibly();
            throw new IllegalStateException("haproxy -c refused the configuration:\n" + Files.readString(checked) + "\n" + Files.readString(cfg));
        }
        Path log = dir.resolve("haproxy.log");
        // -db: foreground, no daemon; SIGTERM stops it.
        Process process = new ProcessBuilder(executable.toString(), "-db", "-f", cfg.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new Haproxy(process, log, statsPort);
    }

    /**
     * @return the status of each server of {@code backend} ({@code UP}, {@code DOWN}, {@code UP 1/2}...), by name
     */
    Map<String, String> status(HttpClient client, String backend) throws Exception
    {
        ContentResponse csv = client.newRequest("http://127.0.0.1:" + statsPort + "/stats;csv").timeout(10, TimeUnit.SECONDS).send();
        List<String> lines = csv.getContentAsString().lines().toList();
        List<String> header = List.of(lines.get(0).replaceFirst("^# ", "").split(","));
        int px = header.indexOf("pxname");
        int sv = header.indexOf("svname");
        int st = header.indexOf("status");
        Map<String, String> states = new HashMap<>();
        for (String line : lines.subList(1, lines.size()))
        {
            String[] cells = line.split(",", -1);
            if (cells.length > st && backend.equals(cells[px]) && !"BACKEND".equals(cells[sv]))
                states.put(cells[sv], cells[st]);
        }
        return states;
    }

    /**
     * Waits, at most {@code atMost}, until every one of {@code servers} of {@code backend} is
     * {@code UP}; fails at once, with HAProxy's log, if it exits.
     */
    void awaitUp(HttpClient client, String backend, Duration atMost, String... servers)
    {
        await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() ->
        {
            if (!process.isAlive())
                throw new AssertionError("haproxy exited: " + Files.readString(log));
            Map<String, String> states = status(client, backend);
            for (String s : servers)
            {
                if (!"UP".equals(states.get(s)))
                    return false;
            }
            return true;
        });
    }

    /**
     * @return what HAProxy wrote
     */
    String log() throws IOException
    {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException
    {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }
}
