package dev.interlock.express;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.interlock.testing.JettyBase;
import it.express.SpecServlet;
import it.war.CounterServlet;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.ajax.JSON;
import org.eclipse.jetty.util.component.LifeCycle;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged {@code interlock-express.jar}, run as a user runs it, in its own process: mounts,
 * the ready line, settings from a file, a drain on SIGTERM with exit status 0, and exit status 2
 * with the problem and the usage for bad options.
 */
class ExpressIT
{
    private static final Pattern READY = Pattern.compile("Interlock ready on (http://127\\.0\\.0\\.1:\\d+/)");

    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();
    private HttpClient client;

    @BeforeEach
    void startClient() throws Exception
    {
        client = new HttpClient();
        client.start();
    }

    @AfterEach
    void stop() throws Exception
    {
        LifeCycle.stop(client);
        for (Process p : processes)
        {
            if (p.isAlive())
            {
                p.destroyForcibly();
                p.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    private static String war(String name)
    {
        return System.getProperty("interlock.it." + name + "-war");
    }

    private Process launch(String... args) throws IOException
    {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar", System.getProperty("interlock.it.express-jar")));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectError(dir.resolve("stderr-" + processes.size() + ".txt").toFile()).start();
        processes.add(process);
        return process;
    }

    /** Reads the process's stdout on a thread of its own, line by line, and waits (bounded) for the ready line. */
    private String awaitReady(Process process, BlockingQueue<String> lines) throws Exception
    {
        Thread reader = new Thread(() ->
        {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
            {
                for (String line = in.readLine(); line != null; line = in.readLine())
                    lines.add(line);
            }
            catch (IOException ignored)
            {
                // The process ended.
            }
        }, "express-stdout");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline)
        {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null)
            {
                Matcher m = READY.matcher(line);
                if (m.find())
                    return m.group(1);
            }
            if (!process.isAlive() && lines.isEmpty())
                throw new AssertionError("interlock-express exited with " + process.exitValue() + ": " + stderr(0));
        }
        throw new AssertionError("no ready line within 60 s");
    }

    private String stderr(int index) throws IOException
    {
        return Files.readString(dir.resolve("stderr-" + index + ".txt"));
    }

    private ContentResponse send(String method, String uri) throws Exception
    {
        return client.newRequest(uri).method(method).timeout(30, TimeUnit.SECONDS).send();
    }

    /** Requests inside application group {@code group} now, from the launcher's status JSON. */
    @SuppressWarnings("unchecked")
    private long activeRequests(String base, String group) throws Exception
    {
        Map<String, Object> status = (Map<String, Object>)new JSON().fromJSON(send("GET", base + "interlock/status.json").getContentAsString());
        Object[] groups = (Object[])((Map<String, Object>)status.get("snapshot")).get("applicationGroups");
        for (Object g : groups)
        {
            Map<String, Object> m = (Map<String, Object>)g;
            if (group.equals(m.get("name")))
                return ((Number)m.get("activeRequests")).longValue();
        }
        return -1;
    }

    @Test
    void mountsTheSameWarTwiceReadsAConfigFileAndDrainsOnSigterm() throws Exception
    {
        Path config = Files.writeString(dir.resolve("interlock.properties"), "interlock.lock=application\ninterlock.webapps.b.lock=free\n");
        Path ioBound = Files.copy(Path.of(war("io-bound")), dir.resolve("io-bound.war"));
        Process express = launch("--port", "0", "--status", "--config", config.toString(),
            "--mount", "/a=" + war("legacy-counter"), "--mount", "/b=" + war("legacy-counter"), ioBound.toString());
        String base = awaitReady(express, new LinkedBlockingQueue<>());

        // Two mounts of one WAR are two webapps: their counters are apart, and the file's
        // per-webapp setting reaches /b only.
        List<CompletableFuture<ContentResponse>> posts = new ArrayList<>();
        for (int i = 0; i < 100; i++)
        {
            posts.add(new CompletableResponseListener(client.newRequest(base + "a/increment").method("POST").timeout(30, TimeUnit.SECONDS)).send());
            posts.add(new CompletableResponseListener(client.newRequest(base + "b/increment").method("POST").timeout(30, TimeUnit.SECONDS)).send());
        }
        for (CompletableFuture<ContentResponse> p : posts)
            assertEquals(204, p.get(60, TimeUnit.SECONDS).getStatus());
        assertEquals("100", send("GET", base + "a/count").getContentAsString().trim(), "application: no update lost");
        int b = Integer.parseInt(send("GET", base + "b/count").getContentAsString().trim());
        assertTrue(b <= 100, "b counted only its own: " + b);

        // A bare WAR is mounted at its base name. A request in flight when SIGTERM arrives is answered.
        CompletableFuture<ContentResponse> inFlight = new CompletableResponseListener(
            client.newRequest(base + "io-bound/wait?ms=5000").timeout(30, TimeUnit.SECONDS)).send();
        // In flight means inside the webapp, as its status says; then the drain must wait for it.
        await().atMost(10, TimeUnit.SECONDS).until(() -> activeRequests(base, "/io-bound"), is(1L));
        express.destroy();
        assertEquals(200, inFlight.get(30, TimeUnit.SECONDS).getStatus(), "the request in flight was drained");
        assertTrue(express.waitFor(30, TimeUnit.SECONDS), "exits within 30 s of SIGTERM");
        assertEquals(0, express.exitValue(), stderr(0));
    }

    @Test
    void demoServesTheFiveSamplesAndTheScrapeAndSaysWhatToTry() throws Exception
    {
        Process express = launch("--demo", "--samples", System.getProperty("interlock.it.samples"), "--port", "0", "--lock", "application", "--metrics");
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        String base = awaitReady(express, lines);
        for (String sample : Express.SAMPLES)
        {
            int status = send("GET", base + sample + "/").getStatus();
            assertTrue(status < 500, sample + " is served: " + status);
        }
        List<CompletableFuture<ContentResponse>> posts = new ArrayList<>();
        for (int i = 0; i < 200; i++)
            posts.add(new CompletableResponseListener(client.newRequest(base + "legacy-counter/increment").method("POST").timeout(30, TimeUnit.SECONDS)).send());
        for (CompletableFuture<ContentResponse> p : posts)
            assertEquals(204, p.get(60, TimeUnit.SECONDS).getStatus());
        assertEquals("200", send("GET", base + "legacy-counter/count").getContentAsString().trim(), "--lock application: the racy counter loses nothing");
        assertEquals(202, send("POST", base + "cdi-workers/jobs?count=3").getStatus());
        // --metrics: the scrape found as a service inside the launcher's one jar.
        String scrape = send("GET", base + "interlock/metrics").getContentAsString();
        assertTrue(scrape.contains("interlock_lock_acquisitions_total{application_group=\"/legacy-counter\",executor_group=\"server\"}"), scrape);
        // Printed after the ready line, read by the stdout thread.
        await().atMost(10, TimeUnit.SECONDS).until(() -> lines.stream().anyMatch(l -> l.contains("curl -s -X POST " + base + "legacy-counter/reset"))
            && lines.stream().anyMatch(l -> l.equals("Interlock metrics for Prometheus on " + base + "interlock/metrics (loopback clients only)"))
            && lines.stream().anyMatch(l -> l.contains(base + "cdi-workers/jobs?count=40")));
        express.destroy();
        assertTrue(express.waitFor(30, TimeUnit.SECONDS), "exits within 30 s of SIGTERM");
        assertEquals(0, express.exitValue(), stderr(0));
        assertTrue(stderr(0).contains("cdi-workers stopping (SERVER_STOP): took no new jobs, finished the"), stderr(0));
    }

    @Test
    void badOptionsPrintTheProblemAndExitTwo() throws Exception
    {
        int busy = JettyBase.freePort();
        // Each case, what it prints, and whether the usage follows (a malformed command line) or
        // one hint line (a value the launcher cannot use).
        Object[][] cases = {
            {new String[]{"--lock", "exclusive", war("legacy-counter")}, "--lock must be one of free, application, shared, not 'exclusive'", false},
            {new String[]{"--environment", "ee9", war("legacy-counter")}, "--environment must be one of ee10, ee11, not 'ee9'", false},
            {new String[]{"--set", "interlock.lock=exclusive", war("legacy-counter")}, "interlock.lock=exclusive (from command line) is not valid: allowed values are free, application, shared", false},
            {new String[]{"--set", "interlock.executor-groups.x.threads=-1", war("legacy-counter")}, "interlock.executor-groups.x.threads=-1 (from command line) is not valid: expected an integer >= 1", false},
            {new String[]{"--mount", "nowhere", war("legacy-counter")}, "--mount needs /PATH=WAR_OR_DIR, not 'nowhere'", true},
            {new String[]{"--config", dir.resolve("missing.properties").toString(), war("legacy-counter")}, "missing.properties: cannot be read: no such file", false},
            {new String[]{"--port", "70000", war("legacy-counter")}, "--port must be from 0 to 65535, not 70000", false},
            {new String[]{"--no-such-option"}, "Unknown option: '--no-such-option'", true},
            {new String[]{"--set", "interlock.lock-timeout=P9999999999999D", war("legacy-counter")},
                "interlock.lock-timeout=P9999999999999D (from command line) is not valid: expected a duration >= 1ms and <= 24h, such as 5ms, 30s or 2m", false},
            {new String[]{"--set", "interlock.drain-timeout=999999999999999999h", war("legacy-counter")},
                "interlock.drain-timeout=999999999999999999h (from command line) is not valid: expected a duration >= 0 and <= 24h, such as 5ms, 30s or 2m", false},
            {new String[]{"--set", "interlock.lock=", war("legacy-counter")}, "--set interlock.lock= has no value: give one, or leave the setting out for its default", false},
            // A later --set wins: the overridden bogus value is not what stops it.
            {new String[]{"--set", "interlock.lock=bogus", "--set", "interlock.lock=free", "--set", "interlock.executor-groups.g.threads=-4", war("legacy-counter")},
                "interlock.executor-groups.g.threads=-4 (from command line) is not valid", false},
            {new String[]{"--config", Files.write(dir.resolve("latin1.properties"), new byte[]{'i', '=', (byte)0xE9, '\n'}).toString(), war("legacy-counter")},
                "latin1.properties: cannot be read: it is not valid UTF-8 text", false},
            // A port in use does not hide a bad setting: settings are checked before binding.
            {new String[]{"--port", Integer.toString(busy), "--set", "interlock.lock=exclusive", war("legacy-counter")},
                "interlock.lock=exclusive (from command line) is not valid", false},
        };
        try (java.net.ServerSocket taken = new java.net.ServerSocket(busy, 1, java.net.InetAddress.getLoopbackAddress()))
        {
            for (int i = 0; i < cases.length; i++)
            {
                String[] given = (String[])cases[i][0];
                // Never the quick start's own port 8080: a case that started by mistake would hold it.
                List<String> command = new ArrayList<>(List.of(given));
                if (!command.contains("--port"))
                    command.addAll(0, List.of("--port", "0"));
                String[] args = command.toArray(String[]::new);
                Process express = launch(args);
                assertTrue(express.waitFor(60, TimeUnit.SECONDS), "exits: " + String.join(" ", args));
                String err = stderr(i);
                assertEquals(2, express.exitValue(), String.join(" ", args) + ": " + err);
                assertTrue(err.contains((String)cases[i][1]), "the problem: " + err);
                assertEquals(cases[i][2], err.contains("Usage: interlock-express"), "the usage, only for a malformed command line: " + err);
                assertFalse(err.contains("\tat "), "no stack: " + err);
                assertTrue(err.lines().count() <= ((Boolean)cases[i][2] ? 60 : 3), "a few lines: " + err);
            }
        }
    }

    /** A WAR of a racy counter at {@code /*} and {@link SpecServlet} at {@code /spec}, its {@code web.xml} of {@code version}. */
    private Path counterWar(String name, String version)
    {
        Path file = dir.resolve(name + ".war");
        ShrinkWrap.create(WebArchive.class, name + ".war")
            .addClasses(CounterServlet.class, SpecServlet.class)
            .setWebXML(new StringAsset("""
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="%s">
                  <servlet><servlet-name>counter</servlet-name><servlet-class>%s</servlet-class></servlet>
                  <servlet-mapping><servlet-name>counter</servlet-name><url-pattern>/*</url-pattern></servlet-mapping>
                  <servlet><servlet-name>spec</servlet-name><servlet-class>%s</servlet-class></servlet>
                  <servlet-mapping><servlet-name>spec</servlet-name><url-pattern>/spec</url-pattern></servlet-mapping>
                </web-app>
                """.formatted(version, CounterServlet.class.getName(), SpecServlet.class.getName())))
            .as(ZipExporter.class).exportTo(file.toFile(), true);
        return file;
    }

    private int postMany(String uri, int count) throws Exception
    {
        List<CompletableFuture<ContentResponse>> posts = new ArrayList<>();
        for (int i = 0; i < count; i++)
            posts.add(new CompletableResponseListener(client.newRequest(uri).method("POST").timeout(30, TimeUnit.SECONDS)).send());
        for (CompletableFuture<ContentResponse> p : posts)
            assertEquals(204, p.get(60, TimeUnit.SECONDS).getStatus());
        return Integer.parseInt(send("GET", uri).getContentAsString().split(" ")[0]);
    }

    @Test
    void servesEachWarInTheEnvironmentItsWebXmlAsksForOrThatTheOptionNames() throws Exception
    {
        Path ee11 = counterWar("counter11", "6.1");
        Path ee10 = counterWar("counter10", "6.0");
        Process express = launch("--port", "0", "--lock", "application", ee11.toString(), ee10.toString());
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        String base = awaitReady(express, lines);
        String spec11 = send("GET", base + "counter11/spec").getContentAsString();
        assertTrue(spec11.startsWith("6.1 org.eclipse.jetty.ee11."), "web.xml 6.1: an ee11 webapp: " + spec11);
        String spec10 = send("GET", base + "counter10/spec").getContentAsString();
        assertTrue(spec10.startsWith("6.0 org.eclipse.jetty.ee10."), "web.xml 6.0: an ee10 webapp: " + spec10);
        // Interlock applies to the ee11 webapp: under --lock application the racy counter loses nothing.
        assertEquals(200, postMany(base + "counter11/inc", 200));
        assertEquals(200, postMany(base + "counter10/inc", 200));
        await().atMost(10, TimeUnit.SECONDS).until(() -> lines.stream().anyMatch(l -> l.startsWith("  /counter11: "))
            && lines.stream().anyMatch(l -> l.startsWith("  /counter10: ")));
        String line11 = lines.stream().filter(l -> l.startsWith("  /counter11: ")).findFirst().orElseThrow();
        assertTrue(line11.startsWith("  /counter11: lock application, executor group server") && line11.endsWith("; ee11 (web.xml version 6.1)"), line11);
        String line10 = lines.stream().filter(l -> l.startsWith("  /counter10: ")).findFirst().orElseThrow();
        assertTrue(line10.endsWith("; ee10 (web.xml version 6.0)"), line10);
        express.destroy();
        assertTrue(express.waitFor(30, TimeUnit.SECONDS), "exits within 30 s of SIGTERM");
        assertEquals(0, express.exitValue(), stderr(0));

        // The option wins over the web.xml: a Servlet 6.0 WAR served as an ee11 webapp.
        Process forced = launch("--port", "0", "--environment", "ee11", ee10.toString());
        BlockingQueue<String> forcedLines = new LinkedBlockingQueue<>();
        String forcedBase = awaitReady(forced, forcedLines);
        String forcedSpec = send("GET", forcedBase + "counter10/spec").getContentAsString();
        assertTrue(forcedSpec.startsWith("6.1 org.eclipse.jetty.ee11."), "--environment ee11: " + forcedSpec);
        await().atMost(10, TimeUnit.SECONDS).until(() -> forcedLines.stream().anyMatch(l -> l.startsWith("  /counter10: ") && l.endsWith("; ee11 (--environment)")));
        forced.destroy();
        assertTrue(forced.waitFor(30, TimeUnit.SECONDS), "exits within 30 s of SIGTERM");
        assertEquals(0, forced.exitValue(), stderr(1));
    }

    @Test
    void aWarWithABadFileOfItsOwnIsUnavailableWhileTheOthersServe() throws Exception
    {
        Path bad = dir.resolve("bad.war");
        ShrinkWrap.create(WebArchive.class, "bad.war")
            .addAsResource(new StringAsset("interlock.lock=exclusive\n"), "META-INF/microprofile-config.properties")
            .setWebXML(new StringAsset("<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\"/>"))
            .as(ZipExporter.class).exportTo(bad.toFile(), true);
        Path counter = Files.copy(Path.of(war("legacy-counter")), dir.resolve("legacy-counter.war"));
        // A good WAR whose own file chooses its lock: the banner says what is in force for it,
        // not the server's default.
        Path own = dir.resolve("own.war");
        ShrinkWrap.create(WebArchive.class, "own.war")
            .addAsResource(new StringAsset("interlock.lock=application\n"), "META-INF/microprofile-config.properties")
            .setWebXML(new StringAsset("<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\"/>"))
            .as(ZipExporter.class).exportTo(own.toFile(), true);
        Process express = launch("--port", "0", bad.toString(), counter.toString(), own.toString());
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        String base = awaitReady(express, lines);
        assertEquals(503, send("GET", base + "bad/").getStatus(), "the bad one is unavailable");
        assertEquals(204, send("POST", base + "legacy-counter/increment").getStatus(), "the other serves");
        String err = stderr(0);
        assertTrue(err.contains(bad + " at /bad is unavailable (503): interlock.lock=exclusive (from microprofile-config.properties of webapp /bad"), err);
        await().atMost(10, TimeUnit.SECONDS).until(() -> lines.stream().anyMatch(l -> l.contains("/legacy-counter: lock free, executor group server"))
            && lines.stream().anyMatch(l -> l.startsWith("  /own: ")));
        String ownLine = lines.stream().filter(l -> l.startsWith("  /own: ")).findFirst().orElseThrow();
        assertTrue(ownLine.startsWith("  /own: lock application, executor group server, application group /own (lock from "), ownLine);
        assertTrue(ownLine.contains("microprofile-config.properties of webapp /own, " + own + "!/WEB-INF/classes/META-INF/microprofile-config.properties line 1"), ownLine);
        express.destroy();
        assertTrue(express.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, express.exitValue(), stderr(0));
    }

    @Test
    void sigtermExitsZeroEvenWhenARequestOutlastsTheDrain() throws Exception
    {
        Path ioBound = Files.copy(Path.of(war("io-bound")), dir.resolve("io-bound.war"));
        // Under a lock, so that the status counts the request in its application group.
        Process express = launch("--port", "0", "--status", "--lock", "application", "--set", "interlock.drain-timeout=1s", ioBound.toString());
        String base = awaitReady(express, new LinkedBlockingQueue<>());
        CompletableFuture<ContentResponse> outlasting = new CompletableResponseListener(client.newRequest(base + "io-bound/wait?ms=20000").timeout(60, TimeUnit.SECONDS)).send();
        await().atMost(10, TimeUnit.SECONDS).until(() -> activeRequests(base, "/io-bound"), is(1L));
        express.destroy();
        assertTrue(express.waitFor(30, TimeUnit.SECONDS), "exits within 30 s of SIGTERM");
        assertEquals(0, express.exitValue(), stderr(0));
        assertTrue(stderr(0).contains("still running after interlock.drain-timeout=1s; interrupting"), stderr(0));
        assertFalse(stderr(0).contains("TimeoutException"), stderr(0));
        try
        {
            outlasting.get(30, TimeUnit.SECONDS);
        }
        catch (java.util.concurrent.ExecutionException x)
        {
            // Interrupted and cut off by the stop: any ending will do, as long as it ends.
        }
    }
}
