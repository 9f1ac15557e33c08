package dev.interlock.distribution;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.interlock.testing.JettyBase;
import it.war.CounterServlet;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.security.authentication.BasicAuthenticator;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The status endpoint in the real jetty-home: one line in {@code start.d/interlock.ini} turns it
 * on, the {@code json} module the {@code interlock} module depends on puts Jetty's JSON on the
 * server's classpath, and a role with no {@code LoginService} stops startup with the message.
 */
public class JettyHomeStatusIT
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

    @Test
    public void oneLineOfStartIniServesTheStatus() throws Exception
    {
        jetty.addModules("http,ee10-deploy,interlock-ee10");
        Files.writeString(jetty.base().resolve("start.d/interlock.ini"), "interlock.status.enabled=true\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        WebArchive war = ShrinkWrap.create(WebArchive.class, "counter.war").addClass(CounterServlet.class).setWebXML(new StringAsset("""
            <?xml version="1.0"?>
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
            <servlet><servlet-name>c</servlet-name><servlet-class>it.war.CounterServlet</servlet-class></servlet>
            <servlet-mapping><servlet-name>c</servlet-name><url-pattern>/*</url-pattern></servlet-mapping>
            </web-app>
            """));
        war.as(ZipExporter.class).exportTo(jetty.base().resolve("webapps/counter.war").toFile(), true);

        JettyBase.Result listed = jetty.run(START, "--list-config");
        assertEquals(0, listed.exitCode(), listed.output());
        assertTrue(listed.output().contains("lib/jetty-util-ajax-"), listed.output());
        assertTrue(listed.output().contains("interlock.status.enabled = true"), listed.output());

        // A role and no LoginService: Jetty does not start, and says why.
        JettyBase.Result refused = jetty.run(START, "jetty.http.port=" + JettyBase.freePort(), "interlock.status.role=admin");
        assertTrue(refused.exited(), "Jetty with a role and no LoginService did not exit: " + refused.output());
        assertTrue(refused.exitCode() != 0, refused.output());
        assertTrue(refused.output().contains("interlock.status.role=admin (from command line) is not valid: a role is checked through " +
            "Jetty's security, and the server has no LoginService bean"), refused.output());

        int port = JettyBase.freePort();
        Path log = jetty.dir().resolve("jetty.log");
        Process process = jetty.start(log, "jetty.http.port=" + port, "jetty.http.host=127.0.0.1");
        jetty.awaitServing(process, log, "http://127.0.0.1:" + port + "/counter/x");
        ContentResponse json = get(port, "/interlock/status.json");
        assertEquals(200, json.getStatus(), json.getContentAsString());
        assertEquals("application/json;charset=utf-8", json.getHeaders().get(HttpHeader.CONTENT_TYPE));
        String body = json.getContentAsString();
        assertTrue(body.contains("\"name\":\"/counter\"") && body.contains("\"executorGroups\":[{\"name\":\"server\""), body);
        ContentResponse page = get(port, "/interlock/status");
        assertEquals(200, page.getStatus());
        assertTrue(page.getHeaders().get("Content-Security-Policy").startsWith("default-src 'none'"));
        assertTrue(Files.readString(log).contains("Interlock status on /interlock/status (loopback clients only)"), Files.readString(log));

        process.destroy();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "Jetty did not exit within 30 s of SIGTERM");
    }

    @Test
    public void aRoleWithARealmOfTheServer() throws Exception
    {
        jetty.addModules("http,ee10-deploy,interlock-ee10");
        // The realm as jetty-module/README.md shows it.
        jetty.write("etc/interlock-realm.xml", REALM_XML);
        jetty.write("etc/interlock-realm.properties", "ops: ops-secret,admin\ndev: dev-secret,user\n");
        Files.writeString(jetty.base().resolve("start.d/interlock.ini"), "interlock.status.enabled=true\ninterlock.status.role=admin\n",
            StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        int port = JettyBase.freePort();
        Path log = jetty.dir().resolve("jetty.log");
        Process process = jetty.start(log, "etc/interlock-realm.xml", "jetty.http.port=" + port, "jetty.http.host=127.0.0.1");
        // Up when the status asks for credentials (JettyBase.awaitServing waits for a 200).
        await().atMost(START).pollInterval(Duration.ofMillis(250)).until(() ->
        {
            if (!process.isAlive())
                throw new AssertionError("Jetty exited: " + Files.readString(log));
            try
            {
                return get(port, "/interlock/status.json").getStatus() == 401;
            }
            catch (Exception x)
            {
                return false;
            }
        });
        assertEquals(403, client.newRequest("http://127.0.0.1:" + port + "/interlock/status.json").timeout(30, TimeUnit.SECONDS)
            .headers(h -> h.put(HttpHeader.AUTHORIZATION, BasicAuthenticator.authorization("dev", "dev-secret"))).send().getStatus());
        ContentResponse admin = client.newRequest("http://127.0.0.1:" + port + "/interlock/status.json").timeout(30, TimeUnit.SECONDS)
            .headers(h -> h.put(HttpHeader.AUTHORIZATION, BasicAuthenticator.authorization("ops", "ops-secret"))).send();
        assertEquals(200, admin.getStatus(), admin.getContentAsString());
        assertTrue(admin.getContentAsString().startsWith("{\"version\":1,"), admin.getContentAsString());

        process.destroy();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "Jetty did not exit within 30 s of SIGTERM");
    }

    private static final String REALM_XML = """
        <?xml version="1.0"?>
        <!DOCTYPE Configure PUBLIC "-//Jetty//Configure//EN" "https://jetty.org/configure_10_0.dtd">
        <Configure id="Server" class="org.eclipse.jetty.server.Server">
          <Call id="ResourceFactory" class="org.eclipse.jetty.util.resource.ResourceFactory" name="of">
            <Arg><Ref refid="Server"/></Arg>
            <Call id="interlockRealm" name="newResource">
              <Arg><Property name="jetty.base"/>/etc/interlock-realm.properties</Arg>
            </Call>
          </Call>
          <Call name="addBean">
            <Arg>
              <New class="org.eclipse.jetty.security.HashLoginService">
                <Set name="name">Interlock</Set>
                <Set name="config"><Ref refid="interlockRealm"/></Set>
              </New>
            </Arg>
          </Call>
        </Configure>
        """;

    private ContentResponse get(int port, String path) throws Exception
    {
        return client.newRequest("http://127.0.0.1:" + port + path).timeout(30, TimeUnit.SECONDS).send();
    }
}
