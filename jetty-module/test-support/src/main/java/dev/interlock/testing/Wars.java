package dev.interlock.testing;

import java.nio.file.Path;

import dev.interlock.testwar.MarkedCounterServlet;
import it.war.CounterServlet;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** Real WAR files, built with ShrinkWrap, for deployment tests. */
public final class Wars
{
    private Wars()
    {
    }

    /**
     * A WAR with {@code /counter/*} and {@code /admin/*} (a racy counter) and {@code /marked/*} (the same, declared
     * not thread-safe), declared in {@code web.xml}.
     */
    public static Path counterWar(Path dir, String name)
    {
        String webXml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
              <servlet><servlet-name>counter</servlet-name><servlet-class>%s</servlet-class></servlet>
              <servlet-mapping><servlet-name>counter</servlet-name><url-pattern>/counter/*</url-pattern><url-pattern>/admin/*</url-pattern></servlet-mapping>
              <servlet><servlet-name>marked</servlet-name><servlet-class>%s</servlet-class></servlet>
              <servlet-mapping><servlet-name>marked</servlet-name><url-pattern>/marked/*</url-pattern></servlet-mapping>
            </web-app>
            """.formatted(CounterServlet.class.getName(), MarkedCounterServlet.class.getName());
        WebArchive war = ShrinkWrap.create(WebArchive.class, name + ".war")
            .addClasses(CounterServlet.class, MarkedCounterServlet.class)
            .setWebXML(new StringAsset(webXml));
        Path file = dir.resolve(name + ".war");
        war.as(ZipExporter.class).exportTo(file.toFile(), true);
        return file;
    }
}
