package dev.interlock;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import dev.interlock.api.Interlock;
import dev.interlock.executor.ExecutorGroup;
import dev.interlock.lock.GroupLock;
import dev.interlock.servlet.LockedEntry;
import dev.interlock.testing.TestServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A virtual thread that waits for, holds or gives up an Interlock lock never pins its carrier.
 *
 * <p>On Java 21 to 23 a virtual thread that parks while it holds a monitor pins its carrier, so
 * the first test reads the bytecode of the lock path (the lock, the executor groups, the Servlet
 * layer that takes and gives up the lock around a dispatch and its I/O) and finds no
 * {@code synchronized} method and no {@code monitorenter}: nothing there can hold a monitor
 * while parking. The second runs a contended {@code application} webapp on a virtual executor
 * group under JFR ({@code jdk.VirtualThreadPinned}, every duration) and finds no pinned event in
 * the lock path; a request that parks inside a class initializer, which pins on every Java
 * version, shows that the recording does see pinning.</p>
 */
public class NoPinningTest
{
    /** The packages a request runs through while it waits for, holds or gives up its lock. */
    private static final List<String> LOCK_PATH = List.of("dev/interlock/lock/", "dev/interlock/executor/", "dev/interlock/servlet/");

    private TestServer server;

    @AfterEach
    public void tearDown()
    {
        if (server != null)
            server.close();
    }

    @Test
    public void theLockPathHoldsNoMonitor() throws Exception
    {
        List<String> found = new ArrayList<>();
        int classes = 0;
        Set<Path> locations = new LinkedHashSet<>();
        for (Class<?> anchor : List.of(GroupLock.class, ExecutorGroup.class, LockedEntry.class))
            locations.add(Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI()));
        for (Path location : locations)
        {
            if (Files.isDirectory(location))
            {
                classes += scan(location, found);
                continue;
            }
            try (FileSystem jar = FileSystems.newFileSystem(location))
            {
                classes += scan(jar.getPath("/"), found);
            }
        }
        assertTrue(classes >= 20, "read only " + classes + " classes of the lock path");
        assertEquals(List.of(), found, "monitors in the lock path (a virtual thread parking under one pins its carrier on Java 21-23)");
    }

    /** Reads the class files of the lock path's packages below {@code root}; returns how many. */
    private static int scan(Path root, List<String> found) throws IOException
    {
        List<Path> files;
        try (Stream<Path> all = Files.walk(root))
        {
            files = all.filter(p -> p.toString().endsWith(".class"))
                .filter(p -> LOCK_PATH.stream().anyMatch(pkg -> root.relativize(p).toString().replace('\\', '/').startsWith(pkg)))
                .toList();
        }
        for (Path file : files)
        {
            try (InputStream in = Files.newInputStream(file))
            {
                new ClassReader(in).accept(new MonitorFinder(found), ClassReader.SKIP_DEBUG);
            }
        }
        return files.size();
    }

    private static final class MonitorFinder extends ClassVisitor
    {
        private final List<String> found;
        private String owner;

        MonitorFinder(List<String> found)
        {
            super(Opcodes.ASM9);
            this.found = found;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces)
        {
            owner = name.replace('/', '.');
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions)
        {
            String method = owner + "." + name + descriptor;
            if ((access & Opcodes.ACC_SYNCHRONIZED) != 0)
                found.add("synchronized " + method);
            return new MethodVisitor(Opcodes.ASM9)
            {
                @Override
                public void visitInsn(int opcode)
                {
                    if (opcode == Opcodes.MONITORENTER)
                        found.add("monitorenter in " + method);
                }
            };
        }
    }

    /** Work under the lock with its waits given up inside {@code blocking}, as an I/O-bound webapp does. */
    public static class Work extends HttpServlet
    {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
        {
            if (req.getPathInfo() != null && req.getPathInfo().startsWith("/pin"))
            {
                resp.getWriter().print(PinsInItsInitializer.VALUE);
                return;
            }
            long spin = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(200);
            while (System.nanoTime() < spin)
                Interlock.checkpoint();
            Interlock.blocking(() -> LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2)));
            resp.getWriter().print("done");
        }
    }

    /** Parks in its static initializer: a virtual thread that does pins its carrier on every Java version. */
    static final class PinsInItsInitializer
    {
        static final String VALUE;

        static
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(30));
            VALUE = "pinned";
        }
    }

    @Test
    @Tag("virtual-threads")
    @EnabledForJreRange(min = JRE.JAVA_21)
    public void aContendedLockOnVirtualThreadsPinsNoCarrier() throws Exception
    {
        Path file = Files.createTempFile("interlock-pinning-", ".jfr");
        try (Recording recording = new Recording())
        {
            recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
            recording.start();

            server = new TestServer();
            server.set("interlock.executor-groups.v.virtual", "true");
            server.set("interlock.executor-groups.v.threads", "16");
            server.set("interlock.webapps.app.executor-group", "v");
            server.set("interlock.webapps.app.lock", "application");
            server.set("interlock.switch-interval", "1ms");
            server.context("/app", Map.of("/*", new Work()));
            server.start();

            for (ContentResponse r : server.load("GET", "/app/work", 400, 32))
                assertEquals(200, r.getStatus(), r.getContentAsString());
            assertEquals("pinned", server.get("/app/pin").getContentAsString());
            assertTrue(server.interlock().getApplicationGroups().stream().anyMatch(g -> g.getLockInForce().getContendedAcquisitions() > 0),
                "the lock was never contended: nothing was shown");

            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> pinned = RecordingFile.readAllEvents(file);
        Files.deleteIfExists(file);
        List<String> inTheLockPath = new ArrayList<>();
        boolean controlSeen = false;
        for (RecordedEvent event : pinned)
        {
            if (!event.getEventType().getName().equals("jdk.VirtualThreadPinned") || event.getStackTrace() == null)
                continue;
            List<String> frames = event.getStackTrace().getFrames().stream().map(NoPinningTest::frame).toList();
            if (frames.stream().anyMatch(f -> f.contains("PinsInItsInitializer")))
                controlSeen = true;
            // Where it pinned: the first frame outside the JDK, which called the park (or the
            // class loading: loading a class pins once per class, in anyone's code, and says
            // nothing about the lock).
            if (frames.contains("java.lang.ClassLoader.loadClass"))
                continue;
            String where = frames.stream().filter(f -> !f.startsWith("java.") && !f.startsWith("jdk.") && !f.startsWith("sun."))
                .findFirst().orElse("");
            if (LOCK_PATH.stream().anyMatch(pkg -> where.startsWith(pkg.replace('/', '.'))))
                inTheLockPath.add(String.join(" < ", frames.subList(0, Math.min(8, frames.size()))));
        }
        assertTrue(controlSeen, "the recording saw no pinning at all, not even the class initializer's: " + pinned.size() + " events");
        assertEquals(List.of(), inTheLockPath, "pinned in the lock path");
    }

    private static String frame(RecordedFrame f)
    {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }
}
