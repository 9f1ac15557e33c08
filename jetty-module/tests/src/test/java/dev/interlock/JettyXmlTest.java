package dev.interlock;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.interlock.jetty.InterlockServer;
import dev.interlock.testing.Wars;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.xml.XmlConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loads the Jetty XML example of {@code jetty-module/README.md} with {@link XmlConfiguration},
 * deploys two real WARs with it, and checks that the settings it makes take effect.
 */
public class JettyXmlTest
{
    @TempDir
    Path dir;
    private Server server;
    private HttpClient client;

    @AfterEach
    public void tearDown()
    {
        LifeCycle.stop(client);
        LifeCycle.stop(server);
    }

    /** The {@code n}th (from 0) XML block of {@code jetty-module/README.md}, as written there. */
    static String readmeXml(int n) throws Exception
    {
        Path readme = Path.of("../README.md");
        Matcher m = Pattern.compile("```xml\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(readme));
        for (int i = 0; i <= n; i++)
            assertTrue(m.find(), "no xml block " + i + " in " + readme.toAbsolutePath());
        return m.group(1);
    }

    static String readmeXml() throws Exception
    {
        return readmeXml(0);
    }

    @Test
    public void readmeExampleLoadsAndWorks() throws Exception
    {
        Path xml = dir.resolve("jetty-interlock.xml");
        Files.writeString(xml, readmeXml());
        Path legacyWar = Wars.counterWar(dir, "legacy");
        Path reportsWar = Wars.counterWar(dir, "reports");

        try (ResourceFactory.Closeable resources = ResourceFactory.closeable())
        {
            XmlConfiguration configuration = new XmlConfiguration(resources.newResource(xml));
            configuration.getProperties().putAll(Map.of(
                "jetty.http.port", "0",
                "legacy.war", legacyWar.toString(),
                "reports.war", reportsWar.toString()));
            server = (Server)configuration.configure();
        }
        server.start();
        client = new HttpClient();
        client.start();
        int port = ((NetworkConnector)server.getConnectors()[0]).getLocalPort();
        String base = "http://127.0.0.1:" + port;

        InterlockServer interlock = server.getBean(InterlockServer.class);
        assertNotNull(interlock);

        // legacy: interlock.webapps.legacy.lock=application keeps the racy counter exact.
        int requests = 200;
        var futures = new java.util.ArrayList<java.util.concurrent.CompletableFuture<ContentResponse>>();
        for (int i = 0; i < requests; i++)
            futures.add(new org.eclipse.jetty.client.CompletableResponseListener(client.newRequest(base + "/legacy/counter/inc").method("POST")).send());
        for (var f : futures)
            assertEquals(204, f.get(30, TimeUnit.SECONDS).getStatus());
        String legacy = client.GET(base + "/legacy/counter/").getContentAsString();
        assertTrue(legacy.startsWith(requests + " "), legacy);
        // Deployed from a real WAR: the servlet class came from the webapp's classloader.
        assertTrue(legacy.endsWith(" WebAppClassLoader"), legacy);

        // reports: runs on its executor group's threads; /admin/* is routed to its own group.
        String reports = client.GET(base + "/reports/counter/").getContentAsString();
        assertTrue(reports.contains(" interlock-reports-"), reports);
        assertEquals(200, client.GET(base + "/reports/admin/x").getStatus());
        assertNotNull(interlock.getApplicationGroup("reports", "admin"));
        assertEquals(List.of("application"), List.copyOf(interlock.getApplicationGroup("server", "/legacy").getDisciplines().values()));
        assertEquals(4, interlock.getExecutorGroup("reports").getMaxThreads());
        assertEquals(32, interlock.getExecutorGroup("reports").getQueueCapacity());
    }

    @Test
    public void readmeContextXmlLoadsAsCopied() throws Exception
    {
        // The per-webapp context XML, copied as it is into webapps/legacy.xml, with the group it
        // names declared by the operator: the webapp runs under it.
        Path xml = dir.resolve("legacy.xml");
        Files.writeString(xml, readmeXml(1));
        Wars.counterWar(dir, "legacy");
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        org.eclipse.jetty.server.handler.ContextHandlerCollection contexts = new org.eclipse.jetty.server.handler.ContextHandlerCollection();
        server.setHandler(contexts);
        InterlockServer interlock = new InterlockServer(server);
        interlock.set("interlock.executor-groups.legacy.threads", "4", "start.d/interlock.ini");
        server.addBean(interlock, true);
        try (ResourceFactory.Closeable resources = ResourceFactory.closeable())
        {
            XmlConfiguration configuration = new XmlConfiguration(resources.newResource(xml));
            configuration.getProperties().put("jetty.webapps", dir.toString());
            contexts.addHandler((org.eclipse.jetty.ee10.webapp.WebAppContext)configuration.configure());
        }
        server.start();
        client = new HttpClient();
        client.start();
        String base = "http://127.0.0.1:" + connector.getLocalPort();
        String counter = client.GET(base + "/legacy/counter/").getContentAsString();
        assertTrue(counter.contains(" interlock-legacy-"), counter);
        assertEquals(Map.of("legacy", "application"), interlock.getApplicationGroup("legacy", "/legacy").getDisciplines());
        assertNotNull(interlock.getApplicationGroup("legacy", "reports"), "the route's application group");
    }
}
