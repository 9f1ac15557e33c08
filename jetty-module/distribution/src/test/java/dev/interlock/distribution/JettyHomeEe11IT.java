package dev.interlock.distribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.interlock.distribution.DistributionWars.Environment;
import dev.interlock.testing.JettyBase;
import it.shared.Occupancy;
import it.war.CounterServlet;
import it.war.OccupancyServlet;
import it.war.SlowServlet;
import it.war.SpecServlet;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.interlock.distribution.Traffic.get;
import static dev.interlock.distribution.Traffic.postMany;
import static dev.interlock.distribution.Traffic.visitPairs;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code interlock-ee11} Jetty module in the real jetty-home: ee11 (Servlet 6.1) webapps
 * deployed by {@code ee11-deploy} get Interlock's disciplines and its draining stop; and one
 * server running {@code ee10-deploy} and {@code ee11-deploy} side by side, whose ee10 and ee11
 * webapps share one executor group and its {@code shared} lock.
 */
public class JettyHomeEe11IT
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

    private void appendToInterlockIni(String lines) throws IOException
    {
        Files.writeString(jetty.base().resolve("start.d/interlock.ini"), lines, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    @Test
    public void ee11WebappsGetTheirDisciplinesAndADrainingStop() throws Exception
    {
        String added = jetty.addModules("http,ee11-deploy,interlock-ee11");
        assertTrue(Files.isRegularFile(jetty.base().resolve("start.d/interlock.ini")), added);
        // Servlet 6.1 WARs; the only deployer is ee11's, so they are ee11 webapps.
        DistributionWars.deploy(jetty, Environment.EE11, "locked", "v1", CounterServlet.class, SpecServlet.class);
        jetty.write("webapps/locked.xml", DistributionWars.contextXml(Environment.EE11, "/locked", "locked.war", "interlock.lock", "application"));
        DistributionWars.deploy(jetty, Environment.EE11, "free", "v1", CounterServlet.class, SpecServlet.class);
        DistributionWars.deploy(jetty, Environment.EE11, "slow", "v1", SlowServlet.class);

        JettyBase.Result listed = jetty.run(START, "--list-config");
        assertEquals(0, listed.exitCode(), listed.output());
        String config = listed.output();
        assertTrue(config.contains("interlock-ee11"), config);
        assertTrue(config.contains("lib/interlock/ee11/interlock-servlet.jar"), config);
        assertTrue(config.contains("lib/interlock/ee11/interlock-ee11.jar"), config);
        assertTrue(config.contains("lib/interlock/interlock-core.jar"), config);

        int port = JettyBase.freePort();
        Path log = jetty.dir().resolve("jetty.log");
        Process process = jetty.start(log, "jetty.http.port=" + port);
        jetty.awaitServing(process, log, "http://127.0.0.1:" + port + "/free/spec", "http://127.0.0.1:" + port + "/locked/spec",
            "http://127.0.0.1:" + port + "/slow/x?ms=0");
        String spec = get(client, port, "/locked/spec").getContentAsString();
        assertTrue(spec.startsWith("6.1 org.eclipse.jetty.ee11."), "an ee11 webapp: " + spec);

        // The racy counter: exact under application, updates lost under free.
        assertEquals(200, postMany(client, port, "/locked/inc", 200));
        assertTrue(postMany(client, port, "/free/inc", 200) < 200);

        // SIGTERM while a request is inside: it is answered, and Interlock drained the webapp.
        CompletableFuture<ContentResponse> inFlight = new CompletableResponseListener(
            client.newRequest("http://127.0.0.1:" + port + "/slow/x?ms=4000").timeout(60, TimeUnit.SECONDS)).send();
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(log).contains("SlowServlet: request entered /slow/x"));
        process.destroy();
        ContentResponse answered = inFlight.get(60, TimeUnit.SECONDS);
        assertEquals(200, answered.getStatus(), Files.readString(log));
        assertEquals("slept", answered.getContentAsString());
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "Jetty did not exit within 30 s of SIGTERM");
        String output = Files.readString(log);
        assertTrue(output.contains("Interlock: webapp /slow stopping (SERVER_STOP): drained"), output);
    }

    @Test
    public void anEe10AndAnEe11WebappShareOneExecutorGroupAndItsSharedLock() throws Exception
    {
        jetty.addModules("http,ee10-deploy,interlock-ee10,ee11-deploy,interlock-ee11,ext");
        // The occupancy counters, on the server's classpath: one class for the webapps of both environments.
        JavaArchive shared = ShrinkWrap.create(JavaArchive.class, "occupancy.jar").addClass(Occupancy.class);
        shared.as(ZipExporter.class).exportTo(jetty.base().resolve("lib/ext/occupancy.jar").toFile(), true);
        // Group "mixed" holds one ee10 and one ee11 webapp under shared; group "apart" the same
        // pair under application, where they may run at once (so that 1 in "mixed" is the lock's doing).
        appendToInterlockIni("""
            interlock.executor-groups.mixed.threads=8
            interlock.executor-groups.mixed.lock=shared
            interlock.executor-groups.apart.threads=8
            interlock.executor-groups.apart.lock=application
            interlock.webapps.s10.executor-group=mixed
            interlock.webapps.s11.executor-group=mixed
            interlock.webapps.a10.executor-group=apart
            interlock.webapps.a11.executor-group=apart
            """);
        for (String name : new String[]{"s10", "s11", "a10", "a11"})
        {
            Environment environment = name.endsWith("10") ? Environment.EE10 : Environment.EE11;
            DistributionWars.deploy(jetty, environment, name, "v1", OccupancyServlet.class, SpecServlet.class);
            jetty.write("webapps/" + name + ".xml", DistributionWars.contextXml(environment, "/" + name, name + ".war", "pair", name.substring(0, 1)));
            // With two deployers, a webapp without an environment goes to the first (ee11): say which.
            jetty.write("webapps/" + name + ".properties", "environment=" + environment.id() + "\n");
        }

        int port = JettyBase.freePort();
        Path log = jetty.dir().resolve("jetty.log");
        Process process = jetty.start(log, "jetty.http.port=" + port);
        jetty.awaitServing(process, log, "http://127.0.0.1:" + port + "/s10/spec", "http://127.0.0.1:" + port + "/s11/spec",
            "http://127.0.0.1:" + port + "/a10/spec", "http://127.0.0.1:" + port + "/a11/spec");
        for (String name : new String[]{"s10", "a10"})
        {
            String spec = get(client, port, "/" + name + "/spec").getContentAsString();
            assertTrue(spec.startsWith("6.0 org.eclipse.jetty.ee10."), name + " is an ee10 webapp: " + spec);
        }
        for (String name : new String[]{"s11", "a11"})
        {
            String spec = get(client, port, "/" + name + "/spec").getContentAsString();
            assertTrue(spec.startsWith("6.1 org.eclipse.jetty.ee11."), name + " is an ee11 webapp: " + spec);
        }

        // Under shared every request waits its whole window, one at a time: keep it short there.
        visitPairs(client, port, "/s10", "/s11", 1000);
        visitPairs(client, port, "/a10", "/a11", 10_000);
        assertEquals("1", get(client, port, "/s10/x?max").getContentAsString(), "one lock for both environments' webapps");
        assertEquals("2", get(client, port, "/a10/x?max").getContentAsString(), "the pair apart does run at once");
        assertTrue(get(client, port, "/s10/x?meet=0").getContentAsString().contains(" interlock-mixed-"));
        assertTrue(get(client, port, "/s11/x?meet=0").getContentAsString().contains(" interlock-mixed-"));

        process.destroy();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "Jetty did not exit within 30 s of SIGTERM");
    }
}
