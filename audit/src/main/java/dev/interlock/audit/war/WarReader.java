package dev.interlock.audit.war;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import dev.interlock.audit.AuditException;

/**
 * Reads a WAR file, or an exploded WAR directory, into {@link WarContents}. A jar of
 * {@code WEB-INF/lib} that cannot be read is listed as unreadable and the rest is read; only a
 * path that is not a WAR at all is an {@link AuditException}.
 *
 * <p>Everything the audit needs is held in memory, class files included: about the size of
 * the WAR's classes. Nested jars are read from the WAR as streams, never extracted.</p>
 */
public final class WarReader
{
    static final String CLASSES = "WEB-INF/classes/";
    static final String LIB = "WEB-INF/lib/";
    private static final String WEB_XML = "WEB-INF/web.xml";
    private static final String FRAGMENT = "META-INF/web-fragment.xml";
    private static final String CONFIG = "META-INF/microprofile-config.properties";
    private static final List<String> INITIALIZERS = List.of(
        "META-INF/services/jakarta.servlet.ServletContainerInitializer",
        "META-INF/services/javax.servlet.ServletContainerInitializer");

    private final List<ClassFile> classes = new ArrayList<>();
    private final List<Resource> fragments = new ArrayList<>();
    private final List<Resource> configFiles = new ArrayList<>();
    private final List<Resource> initializers = new ArrayList<>();
    private final List<Unread> unreadable = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> multiRelease = new ArrayList<>();
    private Resource webXml;

    private WarReader()
    {
    }

    /**
     * @param war a WAR file or an exploded WAR directory
     * @return what it holds
     * @throws AuditException if it does not exist, cannot be read, or is not a WAR (no {@code WEB-INF})
     */
    public static WarContents read(Path war)
    {
        WarReader reader = new WarReader();
        if (!Files.exists(war))
            throw new AuditException(war + ": no such file or directory (give a WAR file or an exploded WAR directory)");
        if (Files.isDirectory(war))
            reader.readDirectory(war);
        else
            reader.readArchive(war);
        if (!reader.multiRelease.isEmpty())
            reader.notes.add("Multi-release jars read at their base version (classes under META-INF/versions left out): " + String.join(", ", reader.multiRelease));
        return new WarContents(List.copyOf(reader.classes), reader.webXml, List.copyOf(reader.fragments), List.copyOf(reader.configFiles),
            List.copyOf(reader.initializers), List.copyOf(reader.unreadable), List.copyOf(reader.notes));
    }

    private void readArchive(Path war)
    {
        ZipFile zip;
        try
        {
            zip = new ZipFile(war.toFile());
        }
        catch (ZipException x)
        {
            throw new AuditException(war + " is not a WAR: it is not a zip archive (give a WAR file or an exploded WAR directory)");
        }
        catch (IOException x)
        {
            throw new AuditException(war + " cannot be read: " + describe(x), x);
        }
        try (zip)
        {
            // Sorted, so that WEB-INF/classes comes before WEB-INF/lib and the jars go by name.
            Map<String, ZipEntry> entries = new TreeMap<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); )
            {
                ZipEntry entry = e.nextElement();
                if (!entry.isDirectory())
                    entries.put(entry.getName(), entry);
            }
            if (entries.keySet().stream().noneMatch(n -> n.startsWith("WEB-INF/")))
                throw new AuditException(war + " is not a WAR: it has no WEB-INF/ (a jar? give a WAR file or an exploded WAR directory)");
            for (Map.Entry<String, ZipEntry> e : entries.entrySet())
            {
                String name = e.getKey();
                if (!wanted(name))
                    continue;
                try (InputStream in = zip.getInputStream(e.getValue()))
                {
                    accept(name, in);
                }
                catch (IOException x)
                {
                    unreadable.add(new Unread(name, "cannot be read: " + describe(x)));
                }
            }
        }
        catch (IOException x)
        {
            throw new AuditException(war + " cannot be read: " + describe(x), x);
        }
    }

    private void readDirectory(Path dir)
    {
        Path webInf = dir.resolve("WEB-INF");
        if (!Files.isDirectory(webInf))
            throw new AuditException(dir + " is not an exploded WAR: it has no WEB-INF directory (give a WAR file or an exploded WAR directory)");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(webInf))
        {
            files = walk.filter(Files::isRegularFile).toList();
        }
        catch (IOException | UncheckedIOException x)
        {
            throw new AuditException(dir + " cannot be read: " + describe(x instanceof UncheckedIOException u ? u.getCause() : x), x);
        }
        Map<String, Path> byName = new TreeMap<>();
        for (Path f : files)
            byName.put(dir.relativize(f).toString().replace('\\', '/'), f);
        for (Map.Entry<String, Path> e : byName.entrySet())
        {
            if (!wanted(e.getKey()))
                continue;
            try (InputStream in = Files.newInputStream(e.getValue()))
            {
                accept(e.getKey(), in);
            }
            catch (IOException x)
            {
                unreadable.add(new Unread(e.getKey(), "cannot be read: " + describe(x)));
            }
        }
    }

    private static boolean wanted(String name)
    {
        if (name.equals(WEB_XML))
            return true;
        if (name.startsWith(CLASSES))
            return true;
        return name.startsWith(LIB) && name.endsWith(".jar") && name.indexOf('/', LIB.length()) < 0;
    }

    private void accept(String name, InputStream in) throws IOException
    {
        if (name.equals(WEB_XML))
        {
            webXml = new Resource(name, "WEB-INF", in.readAllBytes());
            return;
        }
        if (name.startsWith(CLASSES))
        {
            String inClasses = name.substring(CLASSES.length());
            if (isClass(inClasses))
                classes.add(new ClassFile(name, "WEB-INF/classes", in.readAllBytes()));
            else if (inClasses.equals(CONFIG))
                configFiles.add(new Resource(name, "WEB-INF/classes", in.readAllBytes()));
            else if (INITIALIZERS.contains(inClasses))
                initializers.add(new Resource(name, "WEB-INF/classes", in.readAllBytes()));
            else if (inClasses.startsWith("META-INF/versions/") && inClasses.endsWith(".class") && !multiRelease.contains("WEB-INF/classes"))
                multiRelease.add("WEB-INF/classes");
            return;
        }
        readJar(name, in);
    }

    private void readJar(String jar, InputStream in)
    {
        // A nested jar is read as a stream: the WAR's own ZipFile cannot open it in place.
        try (ZipInputStream zip = new ZipInputStream(in))
        {
            boolean any = false;
            boolean versioned = false;
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry())
            {
                any = true;
                if (e.isDirectory())
                    continue;
                String name = e.getName();
                String path = jar + "!/" + name;
                if (name.startsWith("META-INF/versions/"))
                    versioned |= name.endsWith(".class");
                else if (isClass(name))
                    classes.add(new ClassFile(path, jar, zip.readAllBytes()));
                else if (name.equals(FRAGMENT))
                    fragments.add(new Resource(path, jar, zip.readAllBytes()));
                else if (name.equals(CONFIG))
                    configFiles.add(new Resource(path, jar, zip.readAllBytes()));
                else if (INITIALIZERS.contains(name))
                    initializers.add(new Resource(path, jar, zip.readAllBytes()));
            }
            if (!any)
                unreadable.add(new Unread(jar, "not a jar (no zip entries): its classes are not audited"));
            if (versioned)
                multiRelease.add(jar);
        }
        catch (IOException | RuntimeException x)
        {
            unreadable.add(new Unread(jar, "not a readable jar (" + describe(x) + "): its classes are not audited (those read before the error are)"));
        }
    }

    private static boolean isClass(String name)
    {
        return name.endsWith(".class") && !name.endsWith("module-info.class") && !name.startsWith("META-INF/");
    }

    static String describe(Throwable x)
    {
        if (x instanceof NoSuchFileException)
            return "no such file";
        if (x instanceof AccessDeniedException)
            return "permission denied";
        String m = x.getMessage();
        return m == null || m.isBlank() ? x.getClass().getSimpleName() : m;
    }
}
