package dev.interlock.distribution;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.interlock.testing.JettyBase;
import it.war.HangingStopListener;
import it.war.VersionServlet;
import org.eclipse.jetty.client.HttpClient;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults in the real jetty-home: undeploying a webapp whose stopping callback hangs must not stop
 * the deployment scanner (a later redeploy of another webapp happens), and SIGTERM then still
 * ends the process.
 */
public class JettyHomeFaultsIT
{
    @RegisterExtension
    final JettyBase jetty = JettyBase.withInterlock();

    private void war(String name, String version, boolean hanging) throws Exception
    {
        String webXml = """
            <?xml version="1.0"?>
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
              %s
              <servlet><servlet-name>v</servlet-name><servlet-class>%s</servlet-class></servlet>
              <servlet-mapping><servlet-name>v</servlet-name><url-pattern>/version</url-pattern></servlet-mapping>
            </web-app>
            """.formatted(hanging ? "<listener><listener-class>" + HangingStopListener.class.getName() + "</listener-class></listener>" : "",
            VersionServlet.class.getName());
        WebArchive war = ShrinkWrap.create(WebArchive.class, name + ".war")
            .addClasses(VersionServlet.class, HangingStopListener.class)
            .addAsWebInfResource(new StringAsset(version), "version.txt")
            .setWebXML(new StringAsset(webXml));
        Path staged = jetty.dir().resolve(name + "-" + version + ".war");
        war.as(ZipExporter.class).exportTo(staged.toFile(), true);
        Files.move(staged, jetty.base().resolve("webapps").resolve(name + ".war"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private String get(HttpClient client, int port, String path)
    {
        try
        {
            var r = client.newRequest("http://127.0.0.1:" + port + path).timeout(10, TimeUnit.SECONDS).send();
            return r.getStatus() + " " + r.getContentAsString();
        }
        catch (Exception x)
        {
            return x.toString();
        }
    }

    @Test
    public void aHangingStoppingCallbackDoesNotStopTheScannerNorTheServer() throws Exception
    {
        jetty.addModules("http,ee10-deploy,interlock-ee10");
        jetty.write("start.d/deployment-scanner.ini", "jetty.deploy.scanInterval=1\n");
        Files.writeString(jetty.base().resolve("start.d/interlock.ini"), "interlock.webapps.hang.drain-timeout=2s\n",
            StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        war("hang", "v1", true);
        war("other", "v1", false);
        int port = JettyBase.freePort();
        Path log = jetty.dir().resolve("jetty.log");
        Process process = jetty.start(log, "jetty.http.port=" + port);
        jetty.awaitServing(process, log, "http://127.0.0.1:" + port + "/hang/version", "http://127.0.0.1:" + port + "/other/version");
        HttpClient client = jetty.client();

        // Undeploy the webapp whose callback hangs: interrupted at its 2 s deadline, it is gone.
        Files.delete(jetty.base().resolve("webapps/hang.war"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> get(client, port, "/hang/version").startsWith("404"));
        // The scanner goes on: the other webapp's redeploy happens.
        war("other", "v2", false);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> get(client, port, "/other/version").equals("200 v2"));
        String output = Files.readString(log);
        assertTrue(output.contains("is still running at the stopping deadline"), output);
        assertTrue(output.contains("HangingStopListener: interrupted at the stopping deadline"), output);

        process.destroy();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "Jetty did not exit within 30 s of SIGTERM: " + Files.readString(log));
        assertFalse(process.isAlive());
    }
}
