package dev.interlock.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.interlock.testing.TestServer;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A WAR configures itself with its own {@code microprofile-config.properties}: each webapp
 * setting it may write takes effect in a real Jetty.
 */
class WebappConfigTest
{
    @TempDir
    Path dir;
    private TestServer server;

    @AfterEach
    void stop()
    {
        if (server != null)
            server.close();
    }

    @Test
    void eachSettingOfTheWebappsOwnFileTakesEffect() throws Exception
    {
        server = new TestServer().set("interlock.executor-groups.reports.threads", "4");
        Deployments.deploy(server, "/shop", ConfigWars.war(dir, "shop", """
            interlock.executor-group=reports
            interlock.application-group=shopping
            interlock.lock=application
            interlock.routes=/admin/*=shop-admin
            interlock.not-thread-safe=it.config.ConfigUsingServlet
            interlock.drain-timeout=3s
            interlock.switch-interval=2ms
            """));
        Deployments.deploy(server, "/plain", ConfigWars.war(dir, "plain", null));
        server.start();

        Map<String, String[]> settings = Deployments.settings(server, "/shop");
        String file = "microprofile-config.properties of webapp /shop";
        for (String[] expected : List.of(
            new String[]{"interlock.executor-group", "reports"},
            new String[]{"interlock.application-group", "shopping"},
            new String[]{"interlock.lock", "application"},
            new String[]{"interlock.routes", "/admin/*=shop-admin"},
            new String[]{"interlock.not-thread-safe", "it.config.ConfigUsingServlet"},
            new String[]{"interlock.drain-timeout", "3s"},
            new String[]{"interlock.switch-interval", "2ms"}))
        {
            assertEquals(expected[1], settings.get(expected[0])[0], expected[0]);
            assertThat(expected[0], settings.get(expected[0])[1], containsString(file));
        }
        // The executor group: requests run on its threads.
        assertThat(settings.get("thread")[0], startsWith("interlock-reports"));
        // The application groups, the default one and the routed one, exist in that executor group.
        assertTrue(server.interlock().getApplicationGroup("reports", "shopping").getDisciplines().containsKey("shop"));
        assertTrue(server.interlock().getApplicationGroup("reports", "shop-admin").getDisciplines().containsKey("shop"));
        // The not-thread-safe class is recorded as running under a lock.
        assertFalse(server.interlock().getApplicationGroup("reports", "shopping").getFallbacks().isEmpty());
        // The lock: a racy counter loses no update in /shop, and loses some in the same WAR without the file.
        server.load("POST", "/shop/counter", 400, 32);
        server.load("POST", "/plain/counter", 400, 32);
        assertEquals(400, server.count("/shop/counter"));
        assertThat(server.count("/plain/counter"), lessThan(400));
        Map<String, String[]> plain = Deployments.settings(server, "/plain");
        assertEquals("free", plain.get("interlock.lock")[0]);
        assertEquals("default", plain.get("interlock.lock")[1]);
    }

    @Test
    void filesInWebInfLibCountAndConfigOrdinalOrdersThem() throws Exception
    {
        server = new TestServer();
        Deployments.deploy(server, "/shop", ConfigWars.war(dir, "shop", """
            config_ordinal=200
            interlock.lock=shared
            """, """
            interlock.lock=application
            interlock.drain-timeout=4s
            """));
        server.start();
        Map<String, String[]> settings = Deployments.settings(server, "/shop");
        assertEquals("shared", settings.get("interlock.lock")[0]);
        assertEquals("4s", settings.get("interlock.drain-timeout")[0]);
        assertThat(settings.get("interlock.drain-timeout")[1], containsString("settings.jar"));
    }

    @Test
    void expressionsAndProfilesAreMicroProfileConfigs() throws Exception
    {
        server = new TestServer();
        Deployments.deploy(server, "/shop", ConfigWars.war(dir, "shop", """
            mp.config.profile=prod
            shop.discipline=application
            interlock.lock=${shop.discipline}
            interlock.drain-timeout=9s
            %prod.interlock.drain-timeout=2s
            """));
        server.start();
        Map<String, String[]> settings = Deployments.settings(server, "/shop");
        assertEquals("application", settings.get("interlock.lock")[0]);
        assertEquals("2s", settings.get("interlock.drain-timeout")[0]);
    }

    @Test
    void theServersMicroProfileConfigFilesAreNotTheWebapps() throws Exception
    {
        // The test classpath (the server's) has no interlock.* file; a WAR without one gets defaults.
        server = new TestServer();
        Deployments.deploy(server, "/plain", ConfigWars.war(dir, "plain", null));
        server.start();
        ContentResponse response = server.get("/plain/settings");
        assertEquals(200, response.getStatus());
        assertThat(response.getContentAsString(), containsString("interlock.lock=free|default"));
    }
}
