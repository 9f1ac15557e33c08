package dev.interlock.express;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import dev.interlock.options.SettingValue;
import dev.interlock.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --status} is {@code --set interlock.status.enabled=true}, {@code --metrics} is
 * {@code --set interlock.prometheus.enabled=true} and {@code --health} is
 * {@code --set interlock.health.enabled=true}; a later {@code --set} wins over them; the
 * endpoints then answer over loopback. The graceful stop's timeout makes room for
 * {@code interlock.stop-delay}.
 */
class StatusFlagTest
{
    private TestServer server;

    @AfterEach
    void stop()
    {
        if (server != null)
            server.close();
    }

    private static List<SettingValue> settings(String... args)
    {
        CommandLine cl = Express.commandLine();
        cl.parseArgs(args);
        Express express = cl.getCommand();
        return express.settings();
    }

    @Test
    void statusFlagEnablesTheEndpoint() throws Exception
    {
        List<SettingValue> settings = settings("--status", "x.war");
        assertEquals(1, settings.size());
        assertEquals(new SettingValue("interlock.status.enabled", "true", "command line --status"), settings.get(0));

        server = new TestServer();
        settings.forEach(s -> server.interlock().set(s.key(), s.value(), s.source()));
        server.context("/app", Map.of());
        server.start();
        assertEquals(200, server.get("/interlock/status").getStatus());
        assertTrue(server.get("/interlock/status.json").getContentAsString().startsWith("{\"version\":1,"));
    }

    @Test
    void metricsFlagServesTheScrape() throws Exception
    {
        List<SettingValue> settings = settings("--metrics", "x.war");
        assertEquals(List.of(new SettingValue("interlock.prometheus.enabled", "true", "command line --metrics")), settings);

        server = new TestServer();
        settings.forEach(s -> server.interlock().set(s.key(), s.value(), s.source()));
        server.context("/app", Map.of());
        server.start();
        assertTrue(server.get("/interlock/metrics").getContentAsString().contains("interlock_executor_threads_max_threads{executor_group=\"server\"}"));
        assertEquals(404, server.get("/interlock/status").getStatus());
    }

    @Test
    void healthFlagServesReadinessAndLiveness() throws Exception
    {
        List<SettingValue> settings = settings("--health", "x.war");
        assertEquals(List.of(new SettingValue("interlock.health.enabled", "true", "command line --health")), settings);

        server = new TestServer();
        settings.forEach(s -> server.interlock().set(s.key(), s.value(), s.source()));
        server.context("/app", Map.of());
        server.start();
        assertEquals("ready\n", server.get("/interlock/ready").getContentAsString());
        assertEquals("ready\n", server.get("/interlock/ready/app").getContentAsString());
        assertEquals("alive\n", server.get("/interlock/live").getContentAsString());
        assertEquals(404, server.get("/interlock/status").getStatus());
    }

    @Test
    void theStopTimeoutMakesRoomForTheStopDelay()
    {
        assertEquals(java.time.Duration.ofSeconds(20), Express.stopTimeout(settings("x.war")));
        assertEquals(java.time.Duration.ofSeconds(23), Express.stopTimeout(settings("--set", "interlock.stop-delay=3s", "x.war")));
    }

    @Test
    void aLaterSetWins()
    {
        List<SettingValue> settings = settings("--status", "--set", "interlock.status.enabled=false", "x.war");
        assertEquals("false", settings.get(settings.size() - 1).value());
        assertTrue(settings(("x.war")).stream().noneMatch(s -> s.key().startsWith("interlock.status.")));
    }

    @Test
    void theHelpKeepsNamesAndPathsWhole()
    {
        // What --help prints, as the user sees it.
        StringWriter out = new StringWriter();
        CommandLine cl = Express.commandLine();
        cl.setOut(new PrintWriter(out, true));
        assertEquals(0, cl.execute("--help"));
        String usage = out.toString();
        for (String whole : List.of("/interlock/status.json", "interlock.status.enabled=true", "interlock.health.enabled=true", "interlock.switch-interval=10ms", "DIR/NAME/target/NAME.war",
            "interlock.lock=application", "../../samples", "express/target/", "./samples"))
            assertTrue(usage.contains(whole), whole + " in: " + usage);
        // --samples resolves relative to the jar, not to where it was built.
        assertFalse(usage.contains("built in"), usage);
    }
}
