package dev.interlock.express;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.interlock.testing.Servlets;
import dev.interlock.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --access-log FILE} writes Jetty's extended NCSA format followed by Interlock's figures.
 */
class AccessLogFlagTest
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
    void accessLogWritesInterlocksFigures() throws Exception
    {
        Path file = dir.resolve("access.log");
        CommandLine cl = Express.commandLine();
        cl.parseArgs("--access-log", file.toString(), "x.war");
        Express express = cl.getCommand();
        assertEquals(file, express.accessLog);

        server = new TestServer();
        server.set("interlock.webapps.app.lock", "application");
        server.context("/app", Map.of("/*", Servlets.servlet((req, resp) -> resp.getWriter().print("ok"))));
        server.server().setRequestLog(Express.requestLog(express.accessLog));
        server.start();
        assertEquals(200, server.get("/app/x").getStatus());

        await().atMost(10, TimeUnit.SECONDS).until(() -> line(file).isPresent());
        String line = line(file).orElseThrow();
        // ... "GET /app/x HTTP/1.1" 200 2 "-" "Jetty/..." server /app QUEUE WAIT HOLD -
        assertTrue(line.matches(".*\"GET /app/x HTTP/1.1\" 200 2 \"[^\"]*\" \"[^\"]*\" server /app - \\d+ \\d+ -"), line);
    }

    private static Optional<String> line(Path file) throws Exception
    {
        return Files.exists(file) ? Files.readAllLines(file).stream().filter(l -> l.contains("/app/x")).findFirst() : Optional.empty();
    }
}
