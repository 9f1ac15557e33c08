package dev.interlock.express;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

import dev.interlock.express.compare.ClosedLoop;
import dev.interlock.express.compare.ComparisonChart;
import org.eclipse.jetty.util.ajax.JSON;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code interlock-express compare}, run in this JVM as the command line runs it, against the
 * real {@code legacy-counter} WAR on a real embedded server with real HTTP: the racy counter
 * loses updates under {@code free} and none under {@code application} and {@code shared}; the
 * JSON, Markdown and PNG outputs; the server and the client gone afterwards, whatever happened.
 */
class CompareCommandTest
{
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private static String legacyCounter()
    {
        String war = System.getProperty("express.test.legacy-counter-war");
        assertNotNull(war, "the surefire configuration names the legacy-counter WAR");
        return war;
    }

    private int compare(String... args)
    {
        picocli.CommandLine cl = Express.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("compare"));
        all.addAll(List.of(args));
        return cl.execute(all.toArray(String[]::new));
    }

    @AfterEach
    void nothingLeftRunning()
    {
        // The command stops its client in every case: no thread of it outlives the command.
        await().atMost(10, TimeUnit.SECONDS).until(() -> Thread.getAllStackTraces().keySet().stream()
            .noneMatch(t -> t.isAlive() && t.getName().startsWith(ClosedLoop.THREAD_POOL_NAME)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRacyCounterLosesUpdatesUnderFreeAndNoneUnderEitherLock() throws Exception
    {
        Path output = dir.resolve("results");
        // Robust, not lucky: under free, 8 clients keep 8 increments inside the servlet at once,
        // each holding its read of the counter across a 1 ms sleep before writing it back. Over a
        // second that is thousands of increments, nearly all overlapping another's window, and
        // any two overlapping increments lose one. For none to be lost, the 8 threads of the
        // executor group would have to take turns for the whole second, which nothing in free
        // makes them do. Under either lock they must take turns, so none may be lost.
        int status = compare(legacyCounter(), "--url", "POST /increment", "--check", "/count", "--expect-per", "/increment",
            "--reset", "/reset", "--clients", "8", "--warmup", "500ms", "--duration", "1s", "--output", output.toString());
        assertEquals(0, status, err.toString());

        Map<String, Object> json = (Map<String, Object>)new JSON().fromJSON(Files.readString(output.resolve("compare.json")));
        assertEquals(1L, json.get("version"));
        assertEquals(8L, json.get("clients"));
        assertEquals(8L, json.get("threads"));
        Object[] disciplines = (Object[])json.get("disciplines");
        assertEquals(3, disciplines.length);
        List<String> order = new ArrayList<>();
        for (Object d : disciplines)
        {
            Map<String, Object> run = (Map<String, Object>)d;
            String name = (String)run.get("discipline");
            order.add(name);
            assertEquals("/" + name, run.get("mount"));
            assertEquals("compare-" + name, run.get("executorGroup"));
            for (String field : List.of("throughput", "ok", "non2xx", "failures", "errors", "latencyMs", "lock", "check", "calls", "elapsedSeconds", "cpuCores"))
                assertTrue(run.containsKey(field), name + " has " + field + ": " + run);
            assertEquals(0L, run.get("errors"), name + ": " + run);
            assertTrue(((Number)run.get("throughput")).doubleValue() > 0, name);
            Map<String, Object> latency = (Map<String, Object>)run.get("latencyMs");
            for (String p : List.of("p50", "p99", "max"))
                assertTrue(((Number)latency.get(p)).doubleValue() > 0, name + " " + p);
            Map<String, Object> check = (Map<String, Object>)run.get("check");
            long expected = (Long)check.get("expected");
            long actual = (Long)check.get("actual");
            long lost = (Long)check.get("lostUpdates");
            // Every 2xx answer is an increment the servlet ran: expected is the run's 2xx count.
            assertEquals(run.get("ok"), expected, name);
            assertEquals(expected - actual, lost, name);
            Map<String, Object> lock = (Map<String, Object>)run.get("lock");
            long acquisitions = (Long)lock.get("acquisitions");
            if (name.equals("free"))
            {
                assertTrue(lost > 0, "free loses updates: " + check);
                assertEquals(false, check.get("correct"));
                // No lock is in force under free: the servlet is not marked not thread-safe.
                assertEquals(0L, acquisitions, "no lock taken under free: " + lock);
                assertNull(lock.get("contention"));
            }
            else
            {
                assertEquals(0L, lost, name + " loses no update: " + check);
                assertEquals(true, check.get("correct"));
                // One acquisition per increment at least; with 8 clients and the lock held over a
                // 1 ms sleep, some of them had to wait.
                assertTrue(acquisitions >= expected, name + ": " + lock);
                assertTrue((Long)lock.get("contended") > 0, name + ": " + lock);
            }
        }
        assertEquals(List.of("free", "application", "shared"), order);

        String table = out.toString();
        assertTrue(table.contains("interlock-express compare: legacy-counter.war, 8 clients, 500 ms warm-up + 1 s per discipline"), table);
        assertTrue(table.matches("(?s).*\\n\\s+free\\s+application\\s+shared\\n.*"), table);
        assertTrue(table.contains("check: GET /count grows by 1 per 2xx answer to POST /increment"), table);
        assertTrue(table.matches("(?s).*\\nlost updates\\s+[1-9]\\d*\\s+0\\s+0\\n.*"), table);
        assertTrue(table.matches("(?s).*\\ncheck\\s+WRONG\\s+correct\\s+correct\\n.*"), table);
        String markdown = Files.readString(output.resolve("compare.md"));
        assertTrue(markdown.contains("| | `free` | `application` | `shared` |"), markdown);
        assertTrue(markdown.contains("`interlock.webapps.application.lock=application` (interlock-express compare)"), markdown);
        assertTrue(markdown.contains("![throughput and latency per discipline](compare.png)"), markdown);

        BufferedImage png = ImageIO.read(output.resolve("compare.png").toFile());
        assertNotNull(png, "compare.png is a PNG ImageIO can read");
        assertEquals(ComparisonChart.WIDTH, png.getWidth());
        assertEquals(ComparisonChart.HEIGHT, png.getHeight());
        assertEquals(1200, png.getWidth());
        assertEquals(600, png.getHeight());

        // What the mounts ran under, as the engine resolved it.
        assertTrue(err.toString().contains("/application: lock application, executor group compare-application"), err.toString());
        assertTrue(err.toString().contains("/shared: lock shared, executor group compare-shared"), err.toString());
    }

    @Test
    void aCheckUrlThatAnswersNoNumberFailsTheRunAndStopsTheServer() throws Exception
    {
        int port = freePort();
        // GET /increment answers 404 with an error page: no number to check.
        int status = compare(legacyCounter(), "--url", "POST /increment", "--check", "/increment", "--expect-per", "/increment",
            "--warmup", "0", "--duration", "200ms", "--port", Integer.toString(port), "--output", dir.resolve("out").toString());
        assertEquals(1, status, err.toString());
        assertTrue(err.toString().contains("interlock-express compare: --check GET /increment on http://127.0.0.1:" + port +
            "/free answered 404, not 2xx and a number: "), err.toString());
        // The server was stopped: nothing listens on its port any more.
        assertThrows(ConnectException.class, () ->
        {
            try (Socket s = new Socket())
            {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            }
        });
        assertFalse(Files.exists(dir.resolve("out").resolve("compare.json")));
    }

    @Test
    void badInputIsAUsageErrorNamingTheOptionAndWhatIsAllowed() throws Exception
    {
        String war = legacyCounter();
        Path requests = dir.resolve("requests.txt");
        Files.writeString(requests, "# the racy counter\nPOST /increment 9\nGET\n", StandardCharsets.UTF_8);
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        Object[][] cases = {
            {new String[]{"missing.war", "--url", "/count"}, "No such WAR: missing.war"},
            {new String[]{}, "Missing required parameter: 'WAR'"},
            {new String[]{war}, "the request mix is empty: give --url PATH or --requests FILE"},
            {new String[]{war, "--requests", dir.resolve("nope.txt").toString()}, "--requests " + dir.resolve("nope.txt") + ": cannot be read: no such file"},
            {new String[]{war, "--requests", requests.toString()}, "--requests " + requests + " line 3: 'GET' must be METHOD PATH [WEIGHT], such as 'POST /increment 3'"},
            {new String[]{war, "--url", "increment"}, "--url 'increment' is not a path from the WAR's root: it must start with /, such as /count"},
            {new String[]{war, "--url", "/count", "--duration", "soon"}, "--duration must be a duration more than 0 and at most 10m, such as 500ms, 10s or 2m, not 'soon'"},
            {new String[]{war, "--url", "/count", "--duration", "0"}, "--duration must be a duration more than 0 and at most 10m, such as 500ms, 10s or 2m, not '0'"},
            {new String[]{war, "--url", "/count", "--duration", "11m"}, "--duration must be a duration more than 0 and at most 10m, such as 500ms, 10s or 2m, not '11m'"},
            {new String[]{war, "--url", "/count", "--warmup", "-1s"}, "--warmup must be a duration from 0 to 10m, such as 500ms, 10s or 2m, not '-1s'"},
            {new String[]{war, "--url", "/count", "--clients", "0"}, "--clients must be from 1 to 256, not 0"},
            {new String[]{war, "--url", "/count", "--clients", "many"}, "Invalid value for option '--clients': 'many' is not an int"},
            {new String[]{war, "--url", "/count", "--threads", "0"}, "--threads must be from 1 to 1024, not 0"},
            {new String[]{war, "--url", "POST /increment", "--check", "/count"}, "--check /count needs --expect-per PATH"},
            {new String[]{war, "--url", "POST /increment", "--check", "/count", "--expect-per", "/incr"}, "--expect-per /incr matches no call of the request mix (POST /increment)"},
            {new String[]{war, "--url", "POST /increment", "--check", "/count", "--expect-per", "GET /increment"}, "--expect-per GET /increment matches no call"},
            {new String[]{war, "--url", "POST /increment", "--expect-per", "/increment"}, "--expect-per needs --check PATH"},
            {new String[]{war, "--url", "/count", "--output", notADirectory.toString()}, "--output " + notADirectory + " is a file; give a directory"},
            {new String[]{war, "--url", "/count", "--environment", "ee9"}, "--environment must be one of ee10, ee11, not 'ee9'"},
            {new String[]{war, "--url", "/count", "--set", "interlock.switch-interval=fast"}, "interlock.switch-interval"},
            {new String[]{war, "--url", "/count", "--port", "70000"}, "--port must be from 0 to 65535, not 70000"},
        };
        for (Object[] c : cases)
        {
            String[] args = (String[])c[0];
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
            assertEquals(2, compare(args), String.join(" ", args) + ": " + err);
            assertTrue(err.toString().contains((String)c[1]), String.join(" ", args) + ": " + err);
            assertFalse(err.toString().contains("\tat "), "no stack trace: " + err);
        }
        // The hint names the subcommand's own help.
        compare(war);
        assertTrue(err.toString().contains("(interlock-express compare --help lists the options"), err.toString());
    }

    @Test
    void helpListsTheOptionsAndTheTopLevelHelpTheCommand()
    {
        assertEquals(0, compare("--help"));
        String usage = out.toString();
        for (String option : List.of("--url", "--requests", "--clients", "--threads", "--duration", "--warmup", "--check", "--expect-per",
            "--reset", "--output", "--port", "--set", "METHOD PATH [WEIGHT]"))
            assertTrue(usage.contains(option), option + " in: " + usage);

        StringWriter top = new StringWriter();
        picocli.CommandLine cl = Express.commandLine();
        cl.setOut(new PrintWriter(top, true));
        assertEquals(0, cl.execute("--help"));
        assertTrue(top.toString().contains("compare"), top.toString());
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket s = new ServerSocket(0))
        {
            return s.getLocalPort();
        }
    }
}
