package dev.interlock.arquillian;

import java.io.File;
import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * ShrinkWrap WARs with Weld: {@code WEB-INF/lib/weld-servlet-shaded-*.jar} (Weld 6, CDI 4.1,
 * booted by its {@code EnhancedListener} servlet container initializer) and a
 * {@code WEB-INF/beans.xml}. Add the webapp's own classes; never add {@code interlock-api}
 * (the server's copy is the one used).
 */
public final class WeldWars
{
    /** The system property with the path of {@code weld-servlet-shaded} (set by the pom). */
    public static final String WELD_SERVLET_JAR = "interlock.test.weld-servlet-jar";

    /** A CDI 4.1 {@code beans.xml} discovering annotated beans. */
    public static final String BEANS_XML_ANNOTATED = """
        <?xml version="1.0" encoding="UTF-8"?>
        <beans xmlns="https://jakarta.ee/xml/ns/jakartaee"
               xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
               xsi:schemaLocation="https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/beans_4_1.xsd"
               version="4.1" bean-discovery-mode="annotated">
        </beans>
        """;

    private WeldWars()
    {
    }

    /**
     * @param name the archive's name; {@code shop.war} deploys at {@code /shop}, {@code ROOT.war}
     * at {@code /}
     * @return a WAR with Weld and a {@code beans.xml} (annotated discovery)
     */
    public static WebArchive create(String name)
    {
        return ShrinkWrap.create(WebArchive.class, name)
            .addAsLibrary(weldServletJar())
            .addAsWebInfResource(new StringAsset(BEANS_XML_ANNOTATED), "beans.xml");
    }

    /**
     * @return the {@code weld-servlet-shaded} jar: from {@value #WELD_SERVLET_JAR} (Maven), else
     * found on the test classpath (an IDE that ignores surefire's classpath exclusion)
     */
    public static File weldServletJar()
    {
        String path = System.getProperty(WELD_SERVLET_JAR);
        if (path != null && !path.isBlank() && !path.startsWith("${"))
        {
            File jar = new File(path);
            if (Files.isRegularFile(jar.toPath()))
                return jar;
            throw new IllegalStateException(WELD_SERVLET_JAR + " names no file: " + path);
        }
        URL url = WeldWars.class.getClassLoader().getResource("org/jboss/weld/environment/servlet/EnhancedListener.class");
        if (url == null)
            throw new IllegalStateException("weld-servlet-shaded is neither named by -D" + WELD_SERVLET_JAR + " nor on the classpath");
        try
        {
            return new File(((JarURLConnection)url.openConnection()).getJarFileURL().toURI());
        }
        catch (IOException | URISyntaxException | ClassCastException e)
        {
            throw new IllegalStateException("Cannot locate the jar of " + url, e);
        }
    }
}
