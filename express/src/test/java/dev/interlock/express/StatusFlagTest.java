package dev.interlock.express;

import java.util.List;
import java.util.Map;

import dev.interlock.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --status} is {@code --set interlock.status.enabled=true}, and a later {@code --set}
 * wins over it; the endpoint then answers over loopback.
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

    private static List<String[]> settings(String... args)
    {
        CommandLine cl = Express.commandLine();
        cl.parseArgs(args);
        Express express = cl.getCommand();
        return express.settings();
    }

    @Test
    void statusFlagEnablesTheEndpoint() throws Exception
    {
        List<String[]> settings = settings("--status", "x.war");
        assertEquals(1, settings.size());
        assertEquals(List.of("interlock.status.enabled", "true", "command line --status"), List.of(settings.get(0)));

        server = new TestServer();
        settings.forEach(s -> server.interlock().set(s[0], s[1], s[2]));
        server.context("/app", Map.of());
        server.start();
        assertEquals(200, server.get("/interlock/status").getStatus());
        assertTrue(server.get("/interlock/status.json").getContentAsString().startsWith("{\"version\":1,"));
    }

    @Test
    void aLaterSetWins()
    {
        List<String[]> settings = settings("--status", "--set", "interlock.status.enabled=false", "x.war");
        assertEquals("false", settings.get(settings.size() - 1)[1]);
        assertTrue(settings(("x.war")).stream().noneMatch(s -> s[0].startsWith("interlock.status.")));
    }
}
