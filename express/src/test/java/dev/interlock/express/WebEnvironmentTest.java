package dev.interlock.express;

import java.nio.file.Files;
import java.nio.file.Path;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The launcher's rule for a WAR's environment: its {@code web.xml} version, 6.1 or later for ee11. */
class WebEnvironmentTest
{
    @TempDir
    Path dir;

    private Path war(String name, String webXml)
    {
        WebArchive war = ShrinkWrap.create(WebArchive.class, name + ".war").addAsWebResource(new StringAsset("hello"), "index.html");
        if (webXml != null)
            war.setWebXML(new StringAsset(webXml));
        Path file = dir.resolve(name + ".war");
        war.as(ZipExporter.class).exportTo(file.toFile(), true);
        return file;
    }

    private static String webXml(String version)
    {
        return "<?xml version=\"1.0\"?>\n<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\"" + (version == null ? "" : " version=\"" + version + "\"") + "/>";
    }

    @Test
    void theWebXmlVersionChooses() throws Exception
    {
        assertEquals("ee11 (web.xml version 6.1)", WebEnvironment.of(war("a", webXml("6.1"))).toString());
        assertEquals("ee10 (web.xml version 6.0)", WebEnvironment.of(war("b", webXml("6.0"))).toString());
        assertEquals("ee10 (web.xml version 5.0)", WebEnvironment.of(war("c", webXml("5.0"))).toString());
        assertEquals("ee10 (web.xml without a version)", WebEnvironment.of(war("d", webXml(null))).toString());
        assertEquals("ee10 (no WEB-INF/web.xml)", WebEnvironment.of(war("e", null)).toString());
        assertEquals("ee10 (WEB-INF/web.xml could not be read)", WebEnvironment.of(war("f", "<web-app version=")).toString());
        // A Servlet 2.3 web.xml with its DOCTYPE: no DTD is fetched (there is no network here).
        assertEquals("ee10 (web.xml without a version)", WebEnvironment.of(war("g", """
            <?xml version="1.0"?>
            <!DOCTYPE web-app PUBLIC "-//Sun Microsystems, Inc.//DTD Web Application 2.3//EN" "http://java.sun.com/dtd/web-app_2_3.dtd">
            <web-app/>
            """)).toString());
    }

    @Test
    void anExplodedWarIsReadToo() throws Exception
    {
        Path exploded = Files.createDirectories(dir.resolve("x/WEB-INF"));
        Files.writeString(exploded.resolve("web.xml"), webXml("6.1"));
        assertEquals(WebEnvironment.EE11, WebEnvironment.of(dir.resolve("x")).environment());
        assertEquals(WebEnvironment.EE10, WebEnvironment.of(Files.createDirectories(dir.resolve("y"))).environment());
    }

    @Test
    void versionsFrom61OnAreEe11() throws Exception
    {
        assertEquals(true, WebEnvironment.servlet61OrLater("6.1"));
        assertEquals(true, WebEnvironment.servlet61OrLater("7.0"));
        assertEquals(false, WebEnvironment.servlet61OrLater("6.0"));
        assertEquals(false, WebEnvironment.servlet61OrLater("2.5"));
        assertEquals(false, WebEnvironment.servlet61OrLater("six"));
        assertEquals(WebEnvironment.EE11, WebEnvironment.named("ee11"));
        assertEquals(null, WebEnvironment.named("ee9"));
    }
}
