package dev.interlock.express;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

import dev.interlock.express.compare.ComparisonChart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code java -jar interlock-express.jar compare}, as a user runs it: the fat jar holds the
 * client, HdrHistogram and JFreeChart, and draws its chart headless.
 */
class CompareIT
{
    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException
    {
        for (Process p : processes)
        {
            if (p.isAlive())
            {
                p.destroyForcibly();
                p.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    /** Runs the jar to its end (bounded) and returns its exit status; its output is in out-N.txt and err-N.txt. */
    private int run(String... args) throws IOException, InterruptedException
    {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
            System.getProperty("interlock.it.express-jar"), "compare"));
        command.addAll(List.of(args));
        int n = processes.size();
        Process process = new ProcessBuilder(command).directory(dir.toFile())
            .redirectOutput(dir.resolve("out-" + n + ".txt").toFile())
            .redirectError(dir.resolve("err-" + n + ".txt").toFile())
            .start();
        processes.add(process);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "interlock-express compare ends within 120 s");
        return process.exitValue();
    }

    private String file(String name) throws IOException
    {
        return Files.readString(dir.resolve(name));
    }

    @Test
    void theJarComparesAndDrawsItsChart() throws Exception
    {
        assertEquals(0, run("--help"));
        assertTrue(file("out-0.txt").contains("--expect-per"), file("out-0.txt"));

        int status = run(System.getProperty("interlock.it.legacy-counter-war"), "--url", "POST /increment", "--check", "/count",
            "--expect-per", "/increment", "--clients", "4", "--warmup", "0", "--duration", "500ms");
        assertEquals(0, status, file("err-1.txt"));
        assertTrue(file("out-1.txt").contains("lost updates"), file("out-1.txt"));
        // --output's default, relative to where the command runs.
        Path results = dir.resolve("compare-results");
        assertTrue(Files.readString(results.resolve("compare.json")).contains("\"disciplines\":["));
        BufferedImage png = ImageIO.read(results.resolve("compare.png").toFile());
        assertNotNull(png, "compare.png is a PNG");
        assertEquals(ComparisonChart.WIDTH, png.getWidth());
        assertEquals(ComparisonChart.HEIGHT, png.getHeight());

        assertEquals(2, run("missing.war", "--url", "/count"));
        assertTrue(file("err-2.txt").contains("interlock-express compare: No such WAR: missing.war"), file("err-2.txt"));
    }
}
