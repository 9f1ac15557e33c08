package dev.interlock.distribution;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.interlock.testing.JettyBase;
import it.war.BuildServlet;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A rolling redeploy of two jetty-home nodes behind a real HAProxy (Debian's), under a steady
 * client load through HAProxy: first a new build of the WAR on each node in turn (hot redeploy
 * through the deployer's {@code webapps/}), then a restart of each node in turn (SIGTERM, start
 * again on the same port). With Interlock's readiness ({@code interlock.health.enabled}, HAProxy
 * checking {@code /interlock/ready/app}) and {@code interlock.stop-delay}, every request must be
 * answered 200 by a build of the WAR; then the same run against plain jetty-home nodes (Jetty's
 * graceful module, HAProxy checking the webapp itself), whose count of failed requests is
 * printed and written to {@code target/rolling-redeploy.txt} next to Interlock's, not asserted.
 *
 * <p>HAProxy's configuration is the one in {@code docs/load-balancers.md}, read from there, with
 * this test's ports (and, for plain jetty-home, the webapp as the check). Skipped, with a message,
 * where {@code haproxy} is not on the {@code PATH} ({@code .ci/run} installs it).</p>
 */
public class RollingRedeployIT
{
    private static final Duration START = Duration.ofSeconds(90);
    /** What the load asks for: a request that takes 20 ms inside the webapp. */
    private static final String REQUEST = "/app/x?ms=20";
    private static final Pattern BUILD = Pattern.compile("v[0-9]+");
    private static final String CHECK_IN_DOCS = "/interlock/ready/app";

    @RegisterExtension
    final JettyBase interlockA = JettyBase.withInterlock();
    @RegisterExtension
    final JettyBase interlockB = JettyBase.withInterlock();
    @RegisterExtension
    final JettyBase plainA = JettyBase.plain();
    @RegisterExtension
    final JettyBase plainB = JettyBase.plain();

    /** One jetty-home process serving a base on a port, restarted on the same port. */
    private static final class Node
    {
        private final String name;
        private final JettyBase base;
        private final int port;
        private Process process;
        private Path log;
        private int starts;

        private Node(String name, JettyBase base, int port)
        {
            this.name = name;
            this.base = base;
            this.port = port;
        }

        private void start() throws Exception
        {
            starts++;
            log = base.dir().resolve("jetty-" + starts + ".log");
            process = base.start(log, "jetty.http.port=" + port, "jetty.http.host=127.0.0.1");
            base.awaitServing(process, log, "http://127.0.0.1:" + port + "/app/x?ms=0");
        }

        private void sigterm() throws Exception
        {
            process.destroy();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), name + " did not exit within 60 s of SIGTERM: " + Files.readString(log));
        }

        /** SIGTERM if it runs, and a bounded wait; JettyBase kills what is left after the test. */
        private void stopQuietly() throws InterruptedException
        {
            if (process != null && process.isAlive())
            {
                process.destroy();
                process.waitFor(60, TimeUnit.SECONDS);
            }
        }

        private String build() throws Exception
        {
            return base.client().newRequest("http://127.0.0.1:" + port + "/app/x?ms=0").timeout(10, TimeUnit.SECONDS).send().getContentAsString();
        }
    }

    @Test
    public void everyRequestIsAnsweredWithInterlocksReadinessAndStopDelay() throws Exception
    {
        Path haproxy = Haproxy.find();
        assumeTrue(haproxy != null, "haproxy is not on the PATH: this test puts Debian's haproxy in front of two jetty-home nodes " +
            "(apt-get install haproxy; .ci/run installs it)");
        String documented = documentedConfig();

        Run interlock = rollingRedeploy(haproxy, documented, true, interlockA, interlockB);
        Run plainRun = rollingRedeploy(haproxy, documented.replace(CHECK_IN_DOCS, "/app/x?ms=0"), false, plainA, plainB);
        SteadyLoad.Counts withInterlock = interlock.counts();
        SteadyLoad.Counts plain = plainRun.counts();

        String report = "Rolling redeploy of 2 jetty-home nodes behind HAProxy " + version(haproxy) + " (hot redeploy of each, then SIGTERM and restart of each), " +
            "8 clients, " + REQUEST + ":\n" +
            "  Interlock (readiness at " + CHECK_IN_DOCS + ", interlock.stop-delay=2s): " + interlock + "\n" +
            "  plain jetty-home (graceful module, HAProxy checking the webapp):        " + plainRun + "\n";
        System.out.println("HAProxy's log of the Interlock run:\n" + interlock.haproxyLog() + "\nHAProxy's log of the plain run:\n" + plainRun.haproxyLog());
        System.out.println(report);
        Path target = Path.of(System.getProperty("interlock.it.target", "target"));
        Files.createDirectories(target);
        Files.writeString(target.resolve("rolling-redeploy.txt"), report, StandardCharsets.UTF_8);

        assertEquals(withInterlock.sent(), withInterlock.ok() + withInterlock.otherwise());
        assertTrue(withInterlock.ok() > 0, withInterlock.toString());
        assertEquals(0, withInterlock.otherwise(), "requests answered otherwise with Interlock's readiness: " + withInterlock);
        assertEquals(plain.sent(), plain.ok() + plain.otherwise());
        assertTrue(plain.ok() > 0, plain.toString());
    }

    @Test
    public void theDocumentedNginxConfigurationIsAccepted() throws Exception
    {
        Path nginx = Path.of("/usr/sbin/nginx");
        assumeTrue(Files.isExecutable(nginx), "nginx is not installed (/usr/sbin/nginx): the nginx configuration of docs/load-balancers.md " +
            "is checked with nginx -t where it is (apt-get install nginx)");
        Path dir = plainA.dir();
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, "pid " + dir.resolve("nginx.pid") + ";\nerror_log " + dir.resolve("error.log") + ";\nevents {}\nhttp {\n" +
            "access_log off;\n" + documented("<!-- checked by RollingRedeployIT with nginx -t -->") + "}\n", StandardCharsets.UTF_8);
        Process check = new ProcessBuilder(nginx.toString(), "-t", "-p", dir.toString(), "-e", dir.resolve("error.log").toString(), "-c", conf.toString())
            .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(check.waitFor(30, TimeUnit.SECONDS), "nginx -t did not end");
        assertEquals(0, check.exitValue(), output);
        assertTrue(output.contains("test is successful"), output);
    }

    /**
     * @return the HAProxy configuration of {@code docs/load-balancers.md}
     */
    static String documentedConfig() throws IOException
    {
        return documented("<!-- tested by RollingRedeployIT -->");
    }

    /**
     * @return the code block of {@code docs/load-balancers.md} right after {@code marker}
     */
    private static String documented(String marker) throws IOException
    {
        Path docs = Path.of(System.getProperty("interlock.it.docs", "../../docs"), "load-balancers.md");
        String text = Files.readString(docs, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile(Pattern.quote(marker) + "\\s*```[a-z]*\\n(.*?)```", Pattern.DOTALL).matcher(text);
        assertTrue(m.find(), "no code block after " + marker + " in " + docs);
        return m.group(1);
    }

    private static String version(Path haproxy) throws IOException, InterruptedException
    {
        Process p = new ProcessBuilder(haproxy.toString(), "-v").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        Matcher m = Pattern.compile("version ([^ ]+)").matcher(out);
        return m.find() ? m.group(1) : "?";
    }

    /**
     * One run's counts, and how many of the requests answered otherwise were answered so during
     * the hot redeploys and during the restarts (the rest, before or after them).
     */
    private record Run(SteadyLoad.Counts counts, long duringRedeploys, long duringRestarts, String haproxyLog)
    {
        @Override
        public String toString()
        {
            return counts + " (during the hot redeploys " + duringRedeploys + ", during the restarts " + duringRestarts + ")";
        }
    }

    private Run rollingRedeploy(Path haproxy, String documented, boolean interlock, JettyBase baseA, JettyBase baseB) throws Exception
    {
        List<Node> nodes = List.of(new Node("node1", baseA, JettyBase.freePort()), new Node("node2", baseB, JettyBase.freePort()));
        for (Node n : nodes)
            install(n.base, interlock);
        startAll(nodes);

        int front = JettyBase.freePort();
        String config = documented.replace("127.0.0.1:8080", "127.0.0.1:" + front)
            .replace("127.0.0.1:8081", "127.0.0.1:" + nodes.get(0).port)
            .replace("127.0.0.1:8082", "127.0.0.1:" + nodes.get(1).port);
        HttpClient client = baseA.client();
        try (Haproxy lb = Haproxy.start(haproxy, baseA.dir(), config, JettyBase.freePort()))
        {
            lb.awaitUp(client, "jetty", START, "node1", "node2");
            SteadyLoad load = new SteadyLoad(client, URI.create("http://127.0.0.1:" + front + REQUEST), 8,
                body -> BUILD.matcher(body).matches(), Duration.ofMinutes(5));
            long redeploys;
            long restarts;
            SteadyLoad.Counts counts;
            try (load)
            {
                awaitProgress(load, 100);
                long before = load.otherwise();
                // (a) A new build of the WAR on each node in turn: the deployer's hot redeploy.
                for (Node n : nodes)
                {
                    DistributionWars.deploy(n.base, DistributionWars.Environment.EE10, "app", "v2", BuildServlet.class);
                    await().atMost(START).pollInterval(Duration.ofMillis(200)).until(() -> "v2".equals(buildQuietly(n)));
                    lb.awaitUp(client, "jetty", START, "node1", "node2");
                    awaitProgress(load, 100);
                }
                redeploys = load.otherwise() - before;
                before = load.otherwise();
                // (b) Each node in turn: SIGTERM, then start again on the same port.
                for (Node n : nodes)
                {
                    n.sigterm();
                    n.start();
                    lb.awaitUp(client, "jetty", START, "node1", "node2");
                    awaitProgress(load, 100);
                }
                restarts = load.otherwise() - before;
                counts = load.stop();
            }
            finally
            {
                for (Node n : nodes)
                    n.stopQuietly();
            }
            return new Run(counts, redeploys, restarts, lb.log());
        }
    }

    private static String buildQuietly(Node n)
    {
        try
        {
            return n.build();
        }
        catch (Exception x)
        {
            return null;
        }
    }

    /** Waits, at most 60 s, until {@code more} further requests have been answered correctly. */
    private static void awaitProgress(SteadyLoad load, long more)
    {
        long target = load.ok() + more;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> load.ok() >= target);
    }

    private static void startAll(List<Node> nodes) throws Exception
    {
        // Both at once: the machine's cores are the bound, not the test.
        List<Thread> starting = new ArrayList<>();
        List<Throwable> failed = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (Node n : nodes)
        {
            Thread t = new Thread(() ->
            {
                try
                {
                    n.start();
                }
                catch (Throwable x)
                {
                    failed.add(x);
                }
            }, "start-" + n.name);
            starting.add(t);
            t.start();
        }
        for (Thread t : starting)
            t.join(TimeUnit.SECONDS.toMillis(120));
        if (!failed.isEmpty())
            throw new AssertionError("a node did not start", failed.get(0));
    }

    /**
     * A node's base: jetty-home's HTTP connector, ee10 deployer scanning every second, the WAR's
     * first build; with Interlock, its module, readiness and a stop delay; without, Jetty's own
     * graceful stop.
     */
    private static void install(JettyBase base, boolean interlock) throws Exception
    {
        if (interlock)
        {
            base.addModules("http,ee10-deploy,interlock-ee10");
            // As docs/load-balancers.md says: readiness on, and a stop delay longer than HAProxy
            // needs to see it (a check every 200 ms, down at the first failure).
            Files.writeString(base.base().resolve("start.d/interlock.ini"), """
                interlock.health.enabled=true
                interlock.stop-delay=2s
                """, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }
        else
        {
            base.addModules("http,ee10-deploy,graceful");
        }
        Path scanner = base.base().resolve("start.d/deployment-scanner.ini");
        Files.createDirectories(scanner.getParent());
        Files.writeString(scanner, "jetty.deploy.scanInterval=1\n", StandardCharsets.UTF_8);
        DistributionWars.deploy(base, DistributionWars.Environment.EE10, "app", "v1", BuildServlet.class);
    }
}
