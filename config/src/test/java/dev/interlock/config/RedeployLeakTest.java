package dev.interlock.config;

import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.interlock.jetty.InterlockServer;
import dev.interlock.jetty.ee10.InterlockConfiguration;
import dev.interlock.testing.TestServer;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import io.smallrye.config.SmallRyeConfigProviderResolver;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SmallRye Config keeps one {@code Config} per classloader until it is released. A webapp that
 * uses the server's MicroProfile Config (it bundles none) registers one for its classloader;
 * Interlock releases it at undeploy, so a redeploy loop leaves no classloader behind. The twin
 * test deploys the same WAR without Interlock: its classloader stays.
 */
class RedeployLeakTest
{
    private static final int CYCLES = 20;

    @TempDir
    Path dir;

    @Test
    void redeployLoopLeavesNoClassloaderBehind() throws Exception
    {
        Path war = ConfigWars.war(dir, "leaky", "greeting=hello\ninterlock.lock=application\n");
        List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
        try (TestServer server = new TestServer())
        {
            Deployments.deploy(server, "/other", ConfigWars.war(dir, "other", null));
            server.start();
            for (int i = 0; i < CYCLES; i++)
            {
                WebAppContext webapp = Deployments.deploy(server, "/leaky", war);
                assertEquals("hello", server.get("/leaky/config").getContentAsString(), "the webapp used the server's MicroProfile Config");
                assertEquals("application", Deployments.settings(server, "/leaky").get("interlock.lock")[0]);
                loaders.add(new WeakReference<>(webapp.getClassLoader()));
                Deployments.undeploy(server, webapp);
            }
            // Jetty remembers the last context a connection served until it serves another.
            assertEquals(200, server.get("/other/settings").getStatus());
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
            {
                System.gc();
                return loaders.stream().allMatch(r -> r.get() == null);
            });
        }
    }

    @Test
    void withoutInterlockTheServersSmallRyeKeepsTheClassloader() throws Exception
    {
        Path war = ConfigWars.war(dir, "kept", "greeting=hello\n");
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ContextHandlerCollection contexts = new ContextHandlerCollection();
        server.setHandler(contexts);
        HttpClient client = new HttpClient();
        WeakReference<ClassLoader> loader;
        try
        {
            server.start();
            client.start();
            WebAppContext webapp = new WebAppContext(war.toString(), "/kept");
            // Interlock's configuration is found by ServiceLoader, like Jetty's own: load the
            // defaults, then remove it.
            webapp.getConfigurations();
            webapp.removeConfiguration(InterlockConfiguration.class);
            contexts.addHandler(webapp);
            webapp.start();
            assertNull(server.getBean(InterlockServer.class), "no Interlock in this server");
            String uri = "http://127.0.0.1:" + connector.getLocalPort();
            assertEquals("hello", client.GET(uri + "/kept/config").getContentAsString());
            loader = new WeakReference<>(webapp.getClassLoader());
            webapp.stop();
            contexts.removeHandler(webapp);
            client.GET(uri + "/elsewhere");
        }
        finally
        {
            client.stop();
            server.stop();
        }
        for (int i = 0; i < 5; i++)
        {
            System.gc();
            Thread.sleep(50);
        }
        assertTrue(loader.get() != null, "SmallRye still holds the undeployed webapp's classloader");
        // Leave no leak to the next test class.
        ((SmallRyeConfigProviderResolver)ConfigProviderResolver.instance()).releaseConfig(loader.get());
    }
}
