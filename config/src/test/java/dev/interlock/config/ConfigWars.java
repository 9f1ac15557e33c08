package dev.interlock.config;

import java.nio.file.Path;

import it.config.ConfigUsingServlet;
import it.config.SettingsServlet;
import it.war.CounterServlet;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Real WAR files with their own {@code microprofile-config.properties}, built with ShrinkWrap.
 * Each has {@code /settings} (the settings in force), {@code /counter} (a racy counter) and
 * {@code /config} (a servlet using the server's MicroProfile Config), declared in
 * {@code web.xml}.
 */
final class ConfigWars
{
    private static final String WEB_XML = """
        <?xml version="1.0" encoding="UTF-8"?>
        <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
          <servlet><servlet-name>settings</servlet-name><servlet-class>%s</servlet-class></servlet>
          <servlet-mapping><servlet-name>settings</servlet-name><url-pattern>/settings</url-pattern></servlet-mapping>
          <servlet><servlet-name>counter</servlet-name><servlet-class>%s</servlet-class></servlet>
          <servlet-mapping><servlet-name>counter</servlet-name><url-pattern>/counter</url-pattern><url-pattern>/admin/*</url-pattern></servlet-mapping>
          <servlet><servlet-name>config</servlet-name><servlet-class>%s</servlet-class></servlet>
          <servlet-mapping><servlet-name>config</servlet-name><url-pattern>/config</url-pattern></servlet-mapping>
        </web-app>
        """.formatted(SettingsServlet.class.getName(), CounterServlet.class.getName(), ConfigUsingServlet.class.getName());

    private ConfigWars()
    {
    }

    /**
     * @param dir where to write it
     * @param name the file's base name
     * @param properties the content of {@code WEB-INF/classes/META-INF/microprofile-config.properties},
     * or {@code null} for none
     * @return the WAR file
     */
    static Path war(Path dir, String name, String properties)
    {
        return war(dir, name, properties, null);
    }

    /**
     * @param libProperties the content of a {@code microprofile-config.properties} in a jar of
     * {@code WEB-INF/lib}, or {@code null}
     */
    static Path war(Path dir, String name, String properties, String libProperties)
    {
        WebArchive war = ShrinkWrap.create(WebArchive.class, name + ".war")
            .addClasses(SettingsServlet.class, CounterServlet.class, ConfigUsingServlet.class)
            .setWebXML(new StringAsset(WEB_XML));
        if (properties != null)
            war.addAsResource(new StringAsset(properties), MicroProfileConfigReader.FILE);
        if (libProperties != null)
            war.addAsLibrary(ShrinkWrap.create(JavaArchive.class, "settings.jar").addAsResource(new StringAsset(libProperties), MicroProfileConfigReader.FILE));
        Path file = dir.resolve(name + ".war");
        war.as(ZipExporter.class).exportTo(file.toFile(), true);
        return file;
    }
}
