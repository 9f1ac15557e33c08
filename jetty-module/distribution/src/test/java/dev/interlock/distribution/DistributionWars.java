package dev.interlock.distribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import dev.interlock.testing.JettyBase;
import it.war.SpecServlet;
import it.war.VersionServlet;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The distribution tests' WARs and context XML, for either servlet environment: the same
 * servlets, a {@code web.xml} of the environment's Servlet version, a context XML configuring
 * the environment's {@code WebAppContext}.
 */
final class DistributionWars
{
    /** A servlet environment of Jetty 12.1 that Interlock covers. */
    enum Environment
    {
        EE10("6.0"),
        EE11("6.1");

        private final String servletVersion;

        Environment(String servletVersion)
        {
            this.servletVersion = servletVersion;
        }

        /**
         * @return its name in jetty-home: {@code ee10}, {@code ee11} (of {@code ee11-deploy},
         * {@code interlock-ee11}, {@code environment=ee11})
         */
        String id()
        {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /**
         * @return the {@code version} of its {@code web.xml}: {@code 6.0}, {@code 6.1}
         */
        String servletVersion()
        {
            return servletVersion;
        }

        /**
         * @return its {@code WebAppContext} class, as a context XML names it
         */
        String webAppContextClass()
        {
            return "org.eclipse.jetty." + id() + ".webapp.WebAppContext";
        }
    }

    private DistributionWars()
    {
    }

    /**
     * @return a {@code web.xml} of {@code environment}'s Servlet version mapping each of
     * {@code servlets} ({@link VersionServlet} at {@code /version}, {@link SpecServlet} at
     * {@code /spec}, any other at {@code /*})
     */
    static String webXml(Environment environment, Class<?>... servlets)
    {
        StringBuilder webXml = new StringBuilder("<?xml version=\"1.0\"?>\n<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"")
            .append(environment.servletVersion()).append("\">\n");
        for (Class<?> servlet : servlets)
        {
            String n = servlet.getSimpleName();
            String path = servlet == VersionServlet.class ? "/version" : servlet == SpecServlet.class ? "/spec" : "/*";
            webXml.append("<servlet><servlet-name>").append(n).append("</servlet-name><servlet-class>").append(servlet.getName()).append("</servlet-class></servlet>\n")
                .append("<servlet-mapping><servlet-name>").append(n).append("</servlet-name><url-pattern>").append(path).append("</url-pattern></servlet-mapping>\n");
        }
        return webXml.append("</web-app>\n").toString();
    }

    /**
     * Builds {@code webapps/NAME.war} of the base: {@code servlets} in a {@code web.xml} of
     * {@code environment}'s version, {@code build} in {@code WEB-INF/version.txt}. It is moved
     * into place in one step, so that a scanning deployer never sees half a WAR.
     */
    static void deploy(JettyBase jetty, Environment environment, String name, String build, Class<?>... servlets) throws IOException
    {
        WebArchive war = ShrinkWrap.create(WebArchive.class, name + ".war")
            .addClasses(servlets)
            .addAsWebInfResource(new StringAsset(build), "version.txt")
            .setWebXML(new StringAsset(webXml(environment, servlets)));
        Path staged = jetty.dir().resolve(name + "-" + build + ".war");
        war.as(ZipExporter.class).exportTo(staged.toFile(), true);
        Files.move(staged, jetty.base().resolve("webapps").resolve(name + ".war"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * @param initParams names and values, alternately
     * @return a context XML for {@code webapps/}: {@code environment}'s {@code WebAppContext} at
     * {@code contextPath} serving {@code war}, with those init parameters
     */
    static String contextXml(Environment environment, String contextPath, String war, String... initParams)
    {
        StringBuilder params = new StringBuilder();
        for (int i = 0; i < initParams.length; i += 2)
            params.append("  <Call name=\"setInitParameter\"><Arg>").append(initParams[i]).append("</Arg><Arg>").append(initParams[i + 1]).append("</Arg></Call>\n");
        return """
            <?xml version="1.0"?>
            <!DOCTYPE Configure PUBLIC "-//Jetty//Configure//EN" "https://jetty.org/configure_10_0.dtd">
            <Configure class="%s">
              <Set name="contextPath">%s</Set>
              <Set name="war"><Property name="jetty.webapps"/>/%s</Set>
            %s</Configure>
            """.formatted(environment.webAppContextClass(), contextPath, war, params);
    }
}
