package dev.interlock.distribution;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.interlock.testing.JettyBase;
import it.config.SettingsServlet;
import it.war.CounterServlet;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code interlock-config} module in the real jetty-home, in a separate Jetty process:
 * WARs configure themselves with their own {@code microprofile-config.properties}, an
 * environment variable of the Jetty process overrides one of them, and a bad value fails that
 * WAR only; in Jetty's ee10 environment (Servlet 6.0 WARs) and in its ee11 one (Servlet 6.1).
 */
public class ConfigJettyHomeIT
{
    @RegisterExtension
    final JettyBase jetty = JettyBase.withInterlock("interlock.it.config-archive");
    private HttpClient client;

    @BeforeEach
    public void client() throws Exception
    {
        client = jetty.client();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ee10, 6.0", "ee11, 6.1"})
    public void webappsConfigureThemselvesInJettyHome(String environment, String servletVersion) throws Exception
    {
        String added = jetty.addModules("http," + environment + "-deploy,interlock-" + environment + ",interlock-config");
        assertTrue(added.contains("interlock-config") && added.contains("interlock-" + environment), added);
        war("locked", servletVersion, "interlock.lock=application\n");
        war("overridden", servletVersion, "interlock.lock=application\n");
        war("bad", servletVersion, "interlock.lock=exclusive\n");

        int port = JettyBase.freePort();
        Path log = jetty.dir().resolve("jetty.log");
        Process process = jetty.start(log, Map.of("INTERLOCK_WEBAPPS_OVERRIDDEN_LOCK", "free"), "jetty.http.port=" + port);
        String base = "http://127.0.0.1:" + port;
        jetty.awaitServing(process, log, base + "/locked/settings", base + "/overridden/settings");

        String locked = client.newRequest(base + "/locked/settings").timeout(10, TimeUnit.SECONDS).send().getContentAsString();
        assertTrue(locked.contains("interlock.lock=application|interlock.lock (from microprofile-config.properties of webapp /locked"), locked);
        String overridden = client.newRequest(base + "/overridden/settings").timeout(10, TimeUnit.SECONDS).send().getContentAsString();
        assertTrue(overridden.contains("interlock.lock=free|interlock.webapps.overridden.lock (from environment variable INTERLOCK_WEBAPPS_OVERRIDDEN_LOCK)"), overridden);

        post(base + "/locked/counter", 200, 20);
        assertEquals("200", count(base + "/locked/counter"));

        assertEquals(503, client.newRequest(base + "/bad/settings").timeout(10, TimeUnit.SECONDS).send().getStatus());
        String output = Files.readString(log);
        assertTrue(output.contains("interlock.lock=exclusive (from microprofile-config.properties of webapp /bad, "), output);
        assertTrue(output.contains("is not valid: allowed values are free, application, shared"), output);

        process.destroy();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "Jetty did not exit within 30 s of SIGTERM");
    }

    private void war(String name, String servletVersion, String properties)
    {
        String webXml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="%s">
              <servlet><servlet-name>settings</servlet-name><servlet-class>%s</servlet-class></servlet>
              <servlet-mapping><servlet-name>settings</servlet-name><url-pattern>/settings</url-pattern></servlet-mapping>
              <servlet><servlet-name>counter</servlet-name><servlet-class>%s</servlet-class></servlet>
              <servlet-mapping><servlet-name>counter</servlet-name><url-pattern>/counter</url-pattern></servlet-mapping>
            </web-app>
            """.formatted(servletVersion, SettingsServlet.class.getName(), CounterServlet.class.getName());
        WebArchive war = ShrinkWrap.create(WebArchive.class, name + ".war")
            .addClasses(SettingsServlet.class, CounterServlet.class)
            .setWebXML(new StringAsset(webXml))
            .addAsResource(new StringAsset(properties), "META-INF/microprofile-config.properties");
        war.as(ZipExporter.class).exportTo(jetty.base().resolve("webapps/" + name + ".war").toFile(), true);
    }

    private void post(String uri, int count, int concurrency) throws Exception
    {
        for (int sent = 0; sent < count; sent += concurrency)
        {
            List<CompletableFuture<ContentResponse>> batch = new ArrayList<>();
            for (int i = 0; i < concurrency && sent + i < count; i++)
                batch.add(new CompletableResponseListener(client.newRequest(uri).method("POST").timeout(30, TimeUnit.SECONDS)).send());
            for (CompletableFuture<ContentResponse> f : batch)
                assertEquals(204, f.get(60, TimeUnit.SECONDS).getStatus());
        }
    }

    private String count(String uri) throws Exception
    {
        return client.newRequest(uri).timeout(10, TimeUnit.SECONDS).send().getContentAsString().split(" ")[0];
    }
}
