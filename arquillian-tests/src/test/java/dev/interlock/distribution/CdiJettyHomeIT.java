package dev.interlock.distribution;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.interlock.testing.JettyBase;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code cdi-workers} sample (Weld in the WAR, Interlock's CDI extension) on the real
 * jetty-home with Jetty's own CDI integration of each environment ({@code ee10-cdi},
 * {@code ee11-cdi}) and Interlock's module for it ({@code interlock-ee10}, {@code interlock-ee11}):
 * jobs run on injected tracked workers, and when the WAR is removed the webapp drains, its
 * {@code Stopping} observer finishes the queue, and Interlock reports the stop — in a separate
 * Jetty process. The same WAR serves both: with one environment's deployer only, it is deployed
 * to that environment (its {@code web.xml}, version 6.0, does not choose one).
 */
public class CdiJettyHomeIT
{
    @RegisterExtension
    final JettyBase jetty = JettyBase.withInterlock();
    private HttpClient client;

    @BeforeEach
    public void client() throws Exception
    {
        client = jetty.client();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ee10", "ee11"})
    public void cdiWorkersDrainOnUndeployWithJettysCdiModule(String environment) throws Exception
    {
        jetty.addModules("http,%1$s-deploy,%1$s-annotations,%1$s-cdi,interlock-%1$s".formatted(environment));
        Files.writeString(jetty.base().resolve("start.d/deployment-scanner.ini"), "jetty.deploy.scanInterval=1\n", StandardCharsets.UTF_8);
        Path war = jetty.base().resolve("webapps/cdi-workers.war");
        Files.copy(Path.of(System.getProperty("interlock.it.cdi-workers-war")), war);

        int port = JettyBase.freePort();
        Path log = jetty.dir().resolve("jetty.log");
        Process process = jetty.start(log, "jetty.http.port=" + port);
        String base = "http://127.0.0.1:" + port + "/cdi-workers/jobs";
        jetty.awaitServing(process, log, base);
        // Deployed to the environment asked for: Jetty logs the context's class, abbreviated
        // (oeje11w.WebAppContext for org.eclipse.jetty.ee11.webapp.WebAppContext), as it starts it.
        String started = "Started oeje" + environment.substring(2) + "w.WebAppContext@";
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> Files.readString(log).contains(started));

        ContentResponse posted = client.newRequest(base + "?count=20").method("POST").timeout(10, TimeUnit.SECONDS).send();
        assertEquals(202, posted.getStatus(), posted.getContentAsString());
        // Undeploy while jobs are queued: the observer finishes them within the deadline.
        Files.delete(war);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
            Files.readString(log).contains("Interlock: webapp /cdi-workers stopping (UNDEPLOY): drained"));
        String output = Files.readString(log);
        assertTrue(output.contains("cdi-workers stopping (UNDEPLOY): took no new jobs, finished the"), output);
        assertTrue(output.contains("nothing lost"), output);
        assertTrue(output.contains("0 worker(s) did not stop, 0 executor(s) left unstarted tasks"), output);

        process.destroy();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "Jetty did not exit within 30 s of SIGTERM");
    }
}
