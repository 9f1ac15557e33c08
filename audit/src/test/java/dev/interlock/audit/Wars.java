package dev.interlock.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** Builds the tests' WARs with ShrinkWrap and reads findings back in a form easy to compare. */
final class Wars
{
    private Wars()
    {
    }

    /** @return a WAR named {@code name.war} holding these classes in WEB-INF/classes */
    static WebArchive of(String name, Class<?>... classes)
    {
        return ShrinkWrap.create(WebArchive.class, name + ".war").addClasses(classes);
    }

    /** @return a jar holding these classes */
    static JavaArchive jar(String name, Class<?>... classes)
    {
        return ShrinkWrap.create(JavaArchive.class, name + ".jar").addClasses(classes);
    }

    /** @return the WAR written into dir */
    static Path export(WebArchive war, Path dir)
    {
        Path file = dir.resolve(war.getName());
        war.as(ZipExporter.class).exportTo(file.toFile(), true);
        return file;
    }

    /**
     * Unpacks a WAR file into a directory, as {@code maven-war-plugin}'s exploded WAR is: the
     * jars of {@code WEB-INF/lib} stay jars (ShrinkWrap's own exploded export unpacks them too,
     * which no container reads).
     *
     * @return the directory
     */
    static Path explode(Path warFile, Path dir) throws IOException
    {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(warFile)))
        {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry())
            {
                Path target = dir.resolve(e.getName()).normalize();
                if (!target.startsWith(dir))
                    throw new IOException("entry outside the directory: " + e.getName());
                if (e.isDirectory())
                {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                Files.copy(in, target);
            }
        }
        return dir;
    }

    /** @return each finding as {@code kind SimpleClass.field}, sorted */
    static Set<String> found(AuditReport report)
    {
        Set<String> found = new TreeSet<>();
        for (Finding f : report.findings())
            found.add(f.kind().id() + " " + f.className().substring(f.className().lastIndexOf('.') + 1) + "." + f.field());
        return found;
    }

    /** @return the finding on that field, of that kind */
    static Finding finding(AuditReport report, Finding.Kind kind, String simpleClass, String field)
    {
        for (Finding f : report.findings())
        {
            if (f.kind() == kind && f.className().endsWith("." + simpleClass) && f.field().equals(field))
                return f;
        }
        throw new AssertionError("no " + kind.id() + " " + simpleClass + "." + field + " in " + report.findings());
    }

    /** @return the verdict on an entry point, by simple class name */
    static ComponentAdvice component(AuditReport report, String simpleClass)
    {
        for (ComponentAdvice c : report.components())
        {
            if (c.entryPoint().simpleName().equals(simpleClass))
                return c;
        }
        throw new AssertionError("no entry point " + simpleClass + " in " + report.components());
    }
}
