package dev.interlock.distribution;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.interlock.testing.JettyBase;
import dev.interlock.testing.Wars;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code interlock-prometheus} module in the real jetty-home, in a separate Jetty process:
 * adding the module is all it takes to scrape a webapp's counts, and a base with
 * {@code interlock.prometheus.enabled=true} but without the module stops with the message.
 */
public class PrometheusJettyHomeIT
{
    private static final Duration START = Duration.ofSeconds(60);

    @RegisterExtension
    final JettyBase jetty = JettyBase.withInterlock("interlock.it.prometheus-archive");

    @Test
    public void addingTheModuleServesTheScrape() throws Exception
    {
        String added = jetty.addModules("http,ee10-deploy,interlock-ee10,interlock-prometheus");
        assertTrue(added.contains("interlock-prometheus"), added);
        assertTrue(Files.readString(jetty.base().resolve("start.d/interlock-prometheus.ini")).contains("\ninterlock.prometheus.enabled=true\n"));
        Files.writeString(jetty.base().resolve("start.d/interlock.ini"), "interlock.webapps.counter.lock=application\n",
            StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Wars.counterWar(jetty.base().resolve("webapps"), "counter");

        int port = JettyBase.freePort();
        Path log = jetty.dir().resolve("jetty.log");
        Process process = jetty.start(log, "jetty.http.port=" + port, "jetty.http.host=127.0.0.1");
        String base = "http://127.0.0.1:" + port;
        jetty.awaitServing(process, log, base + "/counter/counter/x", base + "/interlock/metrics");

        HttpClient client = jetty.client();
        for (int i = 0; i < 10; i++)
            assertEquals(204, client.newRequest(base + "/counter/counter/x").method("POST").timeout(30, TimeUnit.SECONDS).send().getStatus());
        await().atMost(START).until(() -> scrape(client, base),
            containsString("interlock_lock_acquisitions_total{application_group=\"/counter\",executor_group=\"server\"}"));
        ContentResponse scrape = client.newRequest(base + "/interlock/metrics").timeout(30, TimeUnit.SECONDS).send();
        assertEquals("text/plain; version=0.0.4; charset=utf-8", scrape.getHeaders().get(HttpHeader.CONTENT_TYPE));
        assertTrue(Files.readString(log).contains("Interlock prometheus on /interlock/metrics (loopback clients only)"), Files.readString(log));

        process.destroy();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "Jetty did not exit within 30 s of SIGTERM");
    }

    @Test
    public void theSettingWithoutTheModuleStopsStartup() throws Exception
    {
        jetty.addModules("http,ee10-deploy,interlock-ee10");
        JettyBase.Result refused = jetty.run(START, "jetty.http.port=" + JettyBase.freePort(), "interlock.prometheus.enabled=true");
        assertTrue(refused.exited(), "Jetty did not exit: " + refused.output());
        assertTrue(refused.exitCode() != 0, refused.output());
        assertTrue(refused.output().contains("interlock.prometheus.enabled=true (from command line) is not valid: the Prometheus endpoint is in " +
            "interlock-prometheus, which is not on the server's classpath (in a jetty-base, add the interlock-prometheus module"), refused.output());
    }

    private static String scrape(HttpClient client, String base) throws Exception
    {
        ContentResponse response = client.newRequest(base + "/interlock/metrics").timeout(30, TimeUnit.SECONDS).send();
        assertEquals(200, response.getStatus(), response.getContentAsString());
        return response.getContentAsString();
    }
}
