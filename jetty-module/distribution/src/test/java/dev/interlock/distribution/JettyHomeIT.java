package dev.interlock.distribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import dev.interlock.testing.JettyBase;
import it.shared.Occupancy;
import it.war.CounterServlet;
import it.war.OccupancyServlet;
import it.war.SlowServlet;
import it.war.VersionServlet;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code interlock} Jetty module in the real jetty-home of the project's Jetty version:
 * unpack Interlock's jetty-base archive, add {@code http,ee10-deploy,interlock}, deploy WARs
 * with context XML choosing executor groups and disciplines, run Jetty as a separate process
 * and check over HTTP; then a bad setting, a hot redeploy and SIGTERM.
 */
public class JettyHomeIT
{
    private static final Duration START = Duration.ofSeconds(60);

    @RegisterExtension
    final JettyBase jetty = JettyBase.withInterlock();
    private HttpClient client;

    @BeforeEach
    public void client() throws Exception
    {
        client = jetty.client();
    }

    private static String contextXml(String contextPath, String war, String... initParams)
    {
        return DistributionWars.contextXml(DistributionWars.Environment.EE10, contextPath, war, initParams);
    }

    private void war(String name, String version, Class<?>... servlets) throws IOException
    {
        DistributionWars.deploy(jetty, DistributionWars.Environment.EE10, name, version, servlets);
    }

    private void addModules() throws Exception
    {
        String added = jetty.addModules("http,ee10-deploy,interlock-ee10,ext");
        assertTrue(Files.isRegularFile(jetty.base().resolve("start.d/interlock.ini")), added);
        // The shared occupancy counters: one class for every webapp of the process.
        JavaArchive shared = ShrinkWrap.create(JavaArchive.class, "occupancy.jar").addClass(Occupancy.class);
        shared.as(ZipExporter.class).exportTo(jetty.base().resolve("lib/ext/occupancy.jar").toFile(), true);
    }

    private void configureWebapps() throws IOException
    {
        // Two executor groups declared in start.d with scoped keys; spair's lock is shared there,
        // apair's webapps ask for application in their context XML.
        Files.writeString(jetty.base().resolve("start.d/interlock.ini"), """
            interlock.executor-groups.spair.threads=8
            interlock.executor-groups.spair.lock=shared
            interlock.executor-groups.apair.threads=8
            """, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        for (String n : List.of("s1", "s2", "a1", "a2"))
            war(n, "v1", OccupancyServlet.class);
        jetty.write("webapps/s1.xml", contextXml("/s1", "s1.war", "pair", "s", "interlock.executor-group", "spair"));
        jetty.write("webapps/s2.xml", contextXml("/s2", "s2.war", "pair", "s", "interlock.executor-group", "spair"));
        jetty.write("webapps/a1.xml", contextXml("/a1", "a1.war", "pair", "a", "interlock.executor-group", "apair", "interlock.lock", "application"));
        jetty.write("webapps/a2.xml", contextXml("/a2", "a2.war", "pair", "a", "interlock.executor-group", "apair", "interlock.lock", "application"));
        war("locked", "v1", CounterServlet.class);
        jetty.write("webapps/locked.xml", contextXml("/locked", "locked.war", "interlock.lock", "application"));
        war("free", "v1", CounterServlet.class, VersionServlet.class);
        // A deploy properties file: in Jetty 12.1 its keys become context attributes as they are
        // (the old jetty.deploy.attribute. prefix is deprecated and logs a warning).
        war("props", "v1", CounterServlet.class);
        jetty.write("webapps/props.properties", "interlock.lock=application\n");
        // Hot redeploy needs the scanner to scan (jetty-home's default is not to).
        jetty.write("start.d/deployment-scanner.ini", "jetty.deploy.scanInterval=1\n");
    }

    private ContentResponse get(int port, String path) throws Exception
    {
        return Traffic.get(client, port, path);
    }

    private int postMany(int port, String path, int count) throws Exception
    {
        return Traffic.postMany(client, port, path, count);
    }

    private void visitPairs(int port, String first, String second, int meetMillis) throws Exception
    {
        Traffic.visitPairs(client, port, first, second, meetMillis);
    }

    @Test
    public void moduleInstallsConfiguresDeploysRedeploysAndStops() throws Exception
    {
        addModules();
        configureWebapps();

        JettyBase.Result listed = jetty.run(START, "--list-config");
        assertEquals(0, listed.exitCode(), listed.output());
        assertTrue(listed.output().contains("interlock.executor-groups.spair.threads = 8"), listed.output());
        assertTrue(listed.output().contains("interlock-ee10"), listed.output());
        assertTrue(listed.output().contains("lib/interlock/interlock-core.jar"), listed.output());

        // A bad value stops startup, naming the setting, the value and what is allowed.
        JettyBase.Result bad = jetty.run(START, "jetty.http.port=" + JettyBase.freePort(), "interlock.lock=exclusive");
        assertTrue(bad.exited(), "Jetty with a bad setting did not exit: " + bad.output());
        assertTrue(bad.exitCode() != 0, bad.output());
        assertTrue(bad.output().contains("interlock.lock=exclusive (from command line) is not valid: allowed values are free, application, shared"), bad.output());
        // The message, not a stack: Interlock's error carries no stack frames. start.jar still
        // prints the InvocationTargetException its reflective call of Jetty's main wraps it in,
        // with the frames of that call (start.jar's own, which Interlock cannot change): no
        // frame of anything else, Interlock's or the server's, may appear.
        assertTrue(bad.output().lines().filter(line -> line.startsWith("\tat "))
            .allMatch(line -> line.startsWith("\tat java.base/jdk.internal.reflect.") || line.startsWith("\tat java.base/java.lang.reflect.Method.invoke(")
                || line.startsWith("\tat org.eclipse.jetty.start.Main.")), "no stack but start.jar's own call: " + bad.output());

        int port = JettyBase.freePort();
        Path log = jetty.dir().resolve("jetty.log");
        Process process = jetty.start(log, "jetty.http.port=" + port);
        jetty.awaitServing(process, log, "http://127.0.0.1:" + port + "/free/version");

        // Disciplines hold: the racy counter is exact under application and loses updates free.
        assertEquals(200, postMany(port, "/locked/inc", 200));
        assertEquals(200, postMany(port, "/props/inc", 200));
        assertTrue(postMany(port, "/free/inc", 200) < 200);
        // Two webapps of one executor group: never at once under shared, in parallel under application.
        // Under shared every request waits its whole window, one at a time: keep it short there.
        visitPairs(port, "/s1", "/s2", 1000);
        visitPairs(port, "/a1", "/a2", 10_000);
        assertEquals("1", get(port, "/s1/x?max").getContentAsString());
        assertEquals("2", get(port, "/a1/x?max").getContentAsString());
        assertTrue(get(port, "/s1/x?meet=0").getContentAsString().contains(" interlock-spair-"));

        // Hot redeploy of /free while /locked keeps serving.
        AtomicBoolean redeploying = new AtomicBoolean(true);
        AtomicInteger served = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        CompletableFuture<Void> traffic = CompletableFuture.runAsync(() ->
        {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (redeploying.get() && System.nanoTime() < end)
            {
                try
                {
                    if (get(port, "/locked/x").getStatus() == 200)
                        served.incrementAndGet();
                    else
                        failed.incrementAndGet();
                }
                catch (Exception x)
                {
                    failed.incrementAndGet();
                }
            }
        });
        assertEquals("v1", get(port, "/free/version").getContentAsString());
        war("free", "v2", CounterServlet.class, VersionServlet.class);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
        {
            try
            {
                return "v2".equals(get(port, "/free/version").getContentAsString());
            }
            catch (Exception x)
            {
                return false;
            }
        });
        redeploying.set(false);
        traffic.get(70, TimeUnit.SECONDS);
        assertTrue(served.get() > 0);
        assertEquals(0, failed.get(), "requests to /locked failed during the redeploy of /free");

        // SIGTERM: the process exits within a bound.
        process.destroy();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "Jetty did not exit within 30 s of SIGTERM");
        assertFalse(process.isAlive());
    }

    @Test
    public void sigtermAnswersTheRequestInFlight() throws Exception
    {
        // The interlock module alone gives a graceful stop: no graceful module named here.
        jetty.addModules("http,ee10-deploy,interlock-ee10");
        war("slow", "v1", SlowServlet.class);
        int port = JettyBase.freePort();
        Path log = jetty.dir().resolve("jetty.log");
        Process process = jetty.start(log, "jetty.http.port=" + port);
        jetty.awaitServing(process, log, "http://127.0.0.1:" + port + "/slow/x?ms=0");

        CompletableFuture<ContentResponse> inFlight = new CompletableResponseListener(
            client.newRequest("http://127.0.0.1:" + port + "/slow/x?ms=4000").timeout(60, TimeUnit.SECONDS)).send();
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(log).contains("SlowServlet: request entered /slow/x"));
        process.destroy();
        ContentResponse answered = inFlight.get(60, TimeUnit.SECONDS);
        assertEquals(200, answered.getStatus(), Files.readString(log));
        assertEquals("slept", answered.getContentAsString());
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "Jetty did not exit within 30 s of SIGTERM");
        String output = Files.readString(log);
        assertFalse(output.contains("sto=0"), "a graceful stop, with a stop timeout: " + output);
    }

    @Test
    public void jmxShowsOneMBeanPerGroupWithJettysJmxModule() throws Exception
    {
        jetty.addModules("http,ee10-deploy,interlock-ee10,jmx,jmx-remote");
        Files.writeString(jetty.base().resolve("start.d/interlock.ini"), "interlock.executor-groups.reports.threads=4\n",
            StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        war("locked", "v1", CounterServlet.class);
        jetty.write("webapps/locked.xml", contextXml("/locked", "locked.war", "interlock.lock", "application", "interlock.executor-group", "reports"));

        int port = JettyBase.freePort();
        int rmi = JettyBase.freePort();
        Path log = jetty.dir().resolve("jetty-jmx.log");
        Process process = jetty.start(log, "jetty.http.port=" + port,
            "jetty.jmxremote.rmiregistryport=" + rmi, "jetty.jmxremote.rmiserverport=" + rmi);
        jetty.awaitServing(process, log, "http://127.0.0.1:" + port + "/locked/inc");
        assertEquals(50, postMany(port, "/locked/inc", 50));

        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi://localhost:" + rmi + "/jndi/rmi://localhost:" + rmi + "/jmxrmi");
        try (JMXConnector connector = JMXConnectorFactory.connect(url))
        {
            MBeanServerConnection mbeans = connector.getMBeanServerConnection();
            Set<ObjectName> executors = mbeans.queryNames(new ObjectName("dev.interlock.executor:type=executorgroup,*"), null);
            assertEquals(1, executors.size(), executors.toString());
            ObjectName reports = executors.iterator().next();
            assertEquals("reports", mbeans.getAttribute(reports, "name"));
            // A task counts as completed once its completion listener ran, which may be after
            // the response reached the client: awaited, within a bound.
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> (Long)mbeans.getAttribute(reports, "completedTasks") >= 51);
            Set<ObjectName> groups = mbeans.queryNames(new ObjectName("dev.interlock.group:type=lockdomain,*"), null);
            assertEquals(1, groups.size(), groups.toString());
            ObjectName locked = groups.iterator().next();
            assertEquals(Map.of("locked", "application"), mbeans.getAttribute(locked, "disciplines"));
            assertTrue((Long)mbeans.getAttribute(locked, "lockAcquisitions") >= 51);
        }
        process.destroy();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "Jetty did not exit within 30 s of SIGTERM");
    }
}
