package dev.interlock.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import dev.interlock.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every step of the order in config/README.md, with a WAR whose own file says
 * {@code interlock.lock=application} at {@code config_ordinal=1000}: which setting wins, and
 * the source the webapp is told.
 */
class PrecedenceTest
{
    private static final String FILE = """
        config_ordinal=1000
        interlock.lock=application
        """;

    @TempDir
    Path dir;
    private TestServer server;

    @AfterEach
    void stop()
    {
        if (server != null)
            server.close();
    }

    static Stream<Arguments> steps()
    {
        return Stream.of(
            // name, operator settings, environment, context init-params, expected lock, expected source
            Arguments.of("the file alone", Map.of(), Map.of(), Map.of(), "application", "microprofile-config.properties of webapp /shop"),
            Arguments.of("file beats the operator's server default", Map.of("interlock.lock", "shared"), Map.of(), Map.of(), "application", "microprofile-config.properties"),
            Arguments.of("file beats the operator's executor-group block", Map.of("interlock.executor-groups.server.lock", "shared"), Map.of(), Map.of(), "application", "microprofile-config.properties"),
            Arguments.of("file beats a server default from the environment", Map.of(), Map.of("INTERLOCK_LOCK", "shared"), Map.of(), "application", "microprofile-config.properties"),
            Arguments.of("operator's application-group block beats the file", Map.of("interlock.application-groups./shop.lock", "shared"), Map.of(), Map.of(), "shared", "interlock.application-groups./shop.lock"),
            Arguments.of("operator's webapp block beats the file", Map.of("interlock.webapps.shop.lock", "free"), Map.of(), Map.of(), "free", "interlock.webapps.shop.lock"),
            Arguments.of("operator's executor+application group block beats the file", Map.of("interlock.executor-groups.server.application-groups./shop.lock", "shared"), Map.of(), Map.of(), "shared", "interlock.executor-groups.server.application-groups./shop.lock"),
            Arguments.of("operator's context XML init-param beats the file", Map.of(), Map.of(), Map.of("interlock.lock", "free"), "free", "init-param"),
            Arguments.of("a webapp block in the environment beats the file", Map.of(), Map.of("INTERLOCK_WEBAPPS_SHOP_LOCK", "shared"), Map.of(), "shared", "environment variable INTERLOCK_WEBAPPS_SHOP_LOCK"),
            Arguments.of("an application-group block in the environment beats the file", Map.of(), Map.of("INTERLOCK_APPLICATION_GROUPS__SHOP_LOCK", "free"), Map.of(), "free", "environment variable INTERLOCK_APPLICATION_GROUPS__SHOP_LOCK"),
            Arguments.of("a written webapp block beats the same block in the environment", Map.of("interlock.webapps.shop.lock", "free"), Map.of("INTERLOCK_WEBAPPS_SHOP_LOCK", "shared"), Map.of(), "free", "interlock.webapps.shop.lock"),
            Arguments.of("the exact name is a MicroProfile environment name too", Map.of(), Map.of("interlock.webapps.shop.lock", "shared"), Map.of(), "shared", "environment variable interlock.webapps.shop.lock"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("steps")
    void step(String name, Map<String, String> operator, Map<String, String> environment, Map<String, String> initParams, String lock, String source) throws Exception
    {
        server = new TestServer().setAll(operator);
        server.interlock().setEnvironment(environment);
        Deployments.deploy(server, "/shop", ConfigWars.war(dir, "shop", FILE), initParams);
        server.start();
        String[] inForce = Deployments.settings(server, "/shop").get("interlock.lock");
        assertEquals(lock, inForce[0]);
        assertThat(inForce[1], containsString(source));
        assertEquals(lock, server.interlock().getApplicationGroup("server", "/shop").getDisciplines().get("shop"));
    }

    @Test
    void writtenServerDefaultBeatsTheEnvironmentsForWebappsWithoutAFile() throws Exception
    {
        server = new TestServer().set("interlock.lock", "application");
        server.interlock().setEnvironment(Map.of("INTERLOCK_LOCK", "shared", "INTERLOCK_DRAIN_TIMEOUT", "7s"));
        Deployments.deploy(server, "/plain", ConfigWars.war(dir, "plain", null));
        server.start();
        Map<String, String[]> settings = Deployments.settings(server, "/plain");
        assertEquals("application", settings.get("interlock.lock")[0]);
        assertEquals("7s", settings.get("interlock.drain-timeout")[0]);
        assertThat(settings.get("interlock.drain-timeout")[1], containsString("environment variable INTERLOCK_DRAIN_TIMEOUT"));
    }

    @Test
    void executorGroupsAreDeclaredAndSizedFromTheEnvironment() throws Exception
    {
        server = new TestServer();
        server.interlock().setEnvironment(Map.of("INTERLOCK_EXECUTOR_GROUPS", "reports", "INTERLOCK_EXECUTOR_GROUPS_REPORTS_THREADS", "3"));
        Deployments.deploy(server, "/shop", ConfigWars.war(dir, "shop", "interlock.executor-group=reports\n"));
        server.start();
        assertEquals(3, server.interlock().getExecutorGroup("reports").getMaxThreads());
        assertThat(Deployments.settings(server, "/shop").get("thread")[0], containsString("interlock-reports"));
    }

    @Test
    void aWebappMayLowerALimitTheOperatorSetButNotRaiseIt() throws Exception
    {
        server = new TestServer()
            .set("interlock.max-lock-waiters", "8")
            .set("interlock.drain-timeout", "10s");
        Deployments.deploy(server, "/raise", ConfigWars.war(dir, "raise", "interlock.max-lock-waiters=100\ninterlock.drain-timeout=60s\n"));
        Deployments.deploy(server, "/lower", ConfigWars.war(dir, "lower", "interlock.max-lock-waiters=4\ninterlock.drain-timeout=2s\n"));
        server.start();
        Map<String, String[]> raise = Deployments.settings(server, "/raise");
        assertEquals("8", raise.get("interlock.max-lock-waiters")[0]);
        assertEquals("10s", raise.get("interlock.drain-timeout")[0]);
        assertThat(server.interlock().getWarnings(), hasItem(containsString(
            "interlock.max-lock-waiters=100 (from microprofile-config.properties of webapp /raise")));
        assertTrue(server.interlock().getWarnings().stream().anyMatch(w -> w.contains("is above the operator's limit interlock.drain-timeout=10s")));
        Map<String, String[]> lower = Deployments.settings(server, "/lower");
        assertEquals("4", lower.get("interlock.max-lock-waiters")[0]);
        assertEquals("2s", lower.get("interlock.drain-timeout")[0]);
    }

    @Test
    void aWebappCannotDeclareOrSizeExecutorGroups() throws Exception
    {
        server = new TestServer();
        Deployments.deploy(server, "/shop", ConfigWars.war(dir, "shop", """
            interlock.executor-groups=mine
            interlock.executor-groups.mine.threads=64
            interlock.webapps.other.lock=shared
            """));
        server.start();
        assertEquals(200, server.get("/shop/settings").getStatus());
        assertTrue(server.interlock().getExecutorGroups().isEmpty(), "no executor group was created");
        assertThat(server.interlock().getWarnings(), hasItem(containsString(
            "interlock.executor-groups.mine.threads (from microprofile-config.properties of webapp /shop")));
        assertThat(server.interlock().getWarnings(), hasItem(containsString("a webapp cannot declare or configure executor groups")));
        assertThat(server.interlock().getWarnings(), hasItem(containsString("interlock.webapps.other.lock (from microprofile-config.properties of webapp /shop")));
    }
}
