package dev.interlock.shutdown;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In forked JVMs: a webapp that stops its non-daemon worker from a shutdown hook keeps the JVM
 * alive after {@code server.stop()} without Interlock, and lets it exit with Interlock (whose
 * leak policy interrupts the worker once the webapp has stopped).
 */
public class ShutdownHookTest
{
    private static Process fork(String mode, List<String> output) throws Exception
    {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ShutdownHookApp.class.getName(), mode)
            .redirectErrorStream(true).start();
        CompletableFuture.runAsync(() ->
        {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
            {
                for (String line = in.readLine(); line != null; line = in.readLine())
                    output.add(line);
            }
            catch (Exception ignored)
            {
                // the process was killed
            }
        });
        return process;
    }

    @Test
    public void withoutInterlockTheJvmDoesNotExit() throws Exception
    {
        List<String> output = new CopyOnWriteArrayList<>();
        Process process = fork("plain", output);
        try
        {
            await().atMost(60, TimeUnit.SECONDS).until(() -> output.contains("stopped") || !process.isAlive());
            assertTrue(output.contains("stopped"), output.toString());
            // The JVM would exit within moments if nothing kept it: 5 s is far more than enough.
            assertFalse(process.waitFor(5, TimeUnit.SECONDS), "the JVM exited: " + output);
        }
        finally
        {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    public void withInterlockTheJvmExits() throws Exception
    {
        List<String> output = new CopyOnWriteArrayList<>();
        Process process = fork("interlock", output);
        try
        {
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the JVM did not exit: " + output);
            assertEquals(0, process.exitValue(), output.toString());
            // The process has exited; what it printed last may still be on its way through the reader.
            await().atMost(10, TimeUnit.SECONDS).until(() -> output.contains("worker interrupted") && output.contains("stopped")
                && output.stream().anyMatch(l -> l.contains("thread webapp-worker it started is still running with its classloader; interrupting it")));
        }
        finally
        {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
