package dev.interlock.express;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;

import org.eclipse.jetty.server.handler.ContextHandler;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The Jetty servlet environment a WAR is served in: {@code ee10} (Jakarta EE 10, Servlet 6.0) or
 * {@code ee11} (Jakarta EE 11, Servlet 6.1). Interlock applies to both, through the
 * {@code ServiceLoader}-registered {@code Configuration} of {@code interlock-ee10} and
 * {@code interlock-ee11}.
 *
 * <p>Unless {@code --environment} names one for every WAR, each WAR's own {@code WEB-INF/web.xml}
 * decides: {@code version} 6.1 or later is ee11; 6.0 or older, no version, no {@code web.xml}
 * or one that cannot be read is ee10 (a broken {@code web.xml} is then Jetty's to report).</p>
 */
enum WebEnvironment
{
    EE10, EE11;

    /** The values {@code --environment} takes. */
    static final List<String> NAMES = List.of("ee10", "ee11");

    /**
     * @return {@code ee10} or {@code ee11}
     */
    String id()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @return the environment named {@code name} ({@code ee10}, {@code ee11}), or {@code null}
     */
    static WebEnvironment named(String name)
    {
        return NAMES.contains(name) ? valueOf(name.toUpperCase(Locale.ROOT)) : null;
    }

    /**
     * A new, not yet started {@code WebAppContext} of this environment serving {@code war} at
     * {@code contextPath}. A WAR that cannot start is unavailable (503) and the others serve,
     * as in a jetty-base. No call is needed for Interlock: its {@code Configuration}, found
     * through {@code ServiceLoader}, applies itself.
     */
    ContextHandler newWebApp(Path war, String contextPath)
    {
        String location = war.toAbsolutePath().toString();
        return switch (this)
        {
            case EE10 ->
            {
                var webapp = new org.eclipse.jetty.ee10.webapp.WebAppContext();
                webapp.setWar(location);
                webapp.setContextPath(contextPath);
                webapp.setThrowUnavailableOnStartupException(false);
                yield webapp;
            }
            case EE11 ->
            {
                var webapp = new org.eclipse.jetty.ee11.webapp.WebAppContext();
                webapp.setWar(location);
                webapp.setContextPath(contextPath);
                webapp.setThrowUnavailableOnStartupException(false);
                yield webapp;
            }
        };
    }

    /**
     * @return why {@code webapp}, made by {@link #newWebApp}, is unavailable, or {@code null}
     */
    static Throwable unavailableException(ContextHandler webapp)
    {
        if (webapp instanceof org.eclipse.jetty.ee10.webapp.WebAppContext ee10)
            return ee10.getUnavailableException();
        if (webapp instanceof org.eclipse.jetty.ee11.webapp.WebAppContext ee11)
            return ee11.getUnavailableException();
        return null;
    }

    /** An environment and what chose it, in words, for the launcher's "In force" lines. */
    record Choice(WebEnvironment environment, String reason)
    {
        @Override
        public String toString()
        {
            return environment.id() + " (" + reason + ")";
        }
    }

    /**
     * @param war a WAR file or an exploded WAR directory
     * @return the environment its {@code WEB-INF/web.xml} asks for, and why
     */
    static Choice of(Path war)
    {
        String version;
        try
        {
            version = webXmlVersion(war);
        }
        catch (IOException | SAXException | RuntimeException x)
        {
            return new Choice(EE10, "WEB-INF/web.xml could not be read");
        }
        if (version == null)
            return new Choice(EE10, "no WEB-INF/web.xml");
        if (version.isEmpty())
            return new Choice(EE10, "web.xml without a version");
        return new Choice(servlet61OrLater(version) ? EE11 : EE10, "web.xml version " + version);
    }

    /**
     * @return whether a {@code web.xml} version ({@code 6.1}, {@code 2.5}) is Servlet 6.1 or later
     */
    static boolean servlet61OrLater(String version)
    {
        String[] parts = version.trim().split("\\.");
        try
        {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return major > 6 || major == 6 && minor >= 1;
        }
        catch (NumberFormatException x)
        {
            return false;
        }
    }

    /**
     * @return the {@code version} attribute of the root element of the WAR's
     * {@code WEB-INF/web.xml}; empty if it has none; {@code null} if there is no {@code web.xml}
     */
    static String webXmlVersion(Path war) throws IOException, SAXException
    {
        if (Files.isDirectory(war))
        {
            Path webXml = war.resolve("WEB-INF").resolve("web.xml");
            if (!Files.isRegularFile(webXml))
                return null;
            try (InputStream in = Files.newInputStream(webXml))
            {
                return rootVersion(in);
            }
        }
        try (ZipFile zip = new ZipFile(war.toFile()))
        {
            ZipEntry entry = zip.getEntry("WEB-INF/web.xml");
            if (entry == null)
                return null;
            try (InputStream in = zip.getInputStream(entry))
            {
                return rootVersion(in);
            }
        }
    }

    /** Reads as far as the root element, no further; loads no DTD, resolves no external entity. */
    private static String rootVersion(InputStream in) throws IOException, SAXException
    {
        SAXParser parser;
        try
        {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setValidating(false);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            parser = factory.newSAXParser();
        }
        catch (javax.xml.parsers.ParserConfigurationException x)
        {
            throw new SAXException(x);
        }
        String[] version = {null};
        try
        {
            parser.parse(new InputSource(in), new DefaultHandler()
            {
                @Override
                public void startElement(String uri, String localName, String qName, Attributes attributes) throws SAXException
                {
                    String v = attributes.getValue("version");
                    version[0] = v == null ? "" : v.trim();
                    throw new RootRead();
                }
            });
        }
        catch (RootRead done)
        {
            return version[0];
        }
        return "";
    }

    /** Ends the parse at the root element. */
    private static final class RootRead extends SAXException
    {
        RootRead()
        {
            super("root element read");
        }

        @Override
        public synchronized Throwable fillInStackTrace()
        {
            return this;
        }
    }
}
