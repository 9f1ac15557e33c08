package dev.interlock.arquillian;

import java.io.File;
import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.util.Arrays;

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
    /** The system property with the path of the Interlock CDI extension's jar (set by the pom). */
    public static final String CDI_EXTENSION_JAR = "interlock.test.cdi-extension-jar";
    /**
     * The system property with the directory of SmallRye Config's jars and what they need, the
     * MicroProfile Config API among them (set by the pom, which copies them there).
     */
    public static final String SMALLRYE_CONFIG_LIBS = "interlock.test.smallrye-config-libs";

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
     * @return the Interlock CDI extension's jar, for {@code WEB-INF/lib}
     */
    public static File cdiExtensionJar()
    {
        return file(CDI_EXTENSION_JAR);
    }

    /**
     * @return SmallRye Config's CDI-enabled jar ({@code @ConfigProperty}) and the jars it needs,
     * the MicroProfile Config API among them, for {@code WEB-INF/lib}: a webapp brings its own
     * MicroProfile Config (the test JVM, the server, has none)
     */
    public static File[] smallRyeConfigJars()
    {
        File directory = file(SMALLRYE_CONFIG_LIBS);
        File[] jars = directory.listFiles((dir, name) -> name.endsWith(".jar"));
        if (jars == null || Arrays.stream(jars).noneMatch(j -> j.getName().startsWith("smallrye-config-3")))
            throw new IllegalStateException(SMALLRYE_CONFIG_LIBS + " has no smallrye-config jar: " + directory);
        Arrays.sort(jars);
        return jars;
    }

    private static File file(String property)
    {
        String path = System.getProperty(property);
        if (path == null || path.isBlank() || path.startsWith("${"))
            throw new IllegalStateException("-D" + property + " is not set (the pom sets it)");
        File file = new File(path);
        if (!file.exists())
            throw new IllegalStateException(property + " names nothing: " + path);
        return file;
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
