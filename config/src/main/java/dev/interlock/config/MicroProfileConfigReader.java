package dev.interlock.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.interlock.options.ConfigException;
import dev.interlock.options.SettingValue;
import dev.interlock.options.Settings;
import dev.interlock.options.WebappConfigReader;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SmallRyeConfigProviderResolver;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Reads the {@code interlock.*} settings of a webapp's own
 * {@code META-INF/microprofile-config.properties} with SmallRye Config, through the webapp's
 * classloader, at deploy time.
 *
 * <p>Only the webapp's own files count (in {@code WEB-INF/classes} or a jar of
 * {@code WEB-INF/lib}), not those its classloader finds in the server's classpath. Several files
 * are ordered by their {@code config_ordinal}, as MicroProfile Config orders sources; property
 * expressions ({@code ${...}}) and profiles ({@code %dev.interlock.lock}, selected by
 * {@code mp.config.profile} in the same files) work as in any SmallRye Config. System properties
 * and environment variables are not read here: they are the operator's, and the engine ranks
 * them above the webapp's file.</p>
 *
 * <p>When the webapp has stopped, the {@code Config} SmallRye's {@link ConfigProviderResolver}
 * holds for its classloader is released. The server's SmallRye keeps one per classloader until
 * released, and a webapp that does not bundle MicroProfile Config gets its
 * {@code ConfigProvider.getConfig()} from the server's: without the release every deployment
 * of such a webapp would stay in memory.</p>
 */
public final class MicroProfileConfigReader implements WebappConfigReader
{
    static final String FILE = "META-INF/microprofile-config.properties";
    private static final Pattern SOURCE_NAME = Pattern.compile(".*\\[source=(.*)]");

    private final ConfigProviderResolver resolver;

    public MicroProfileConfigReader()
    {
        // ConfigProviderResolver.instance() is chosen once per JVM with the calling thread's
        // context classloader: a webapp thread could make it a class of that webapp's own
        // SmallRye copy, which would then pin the webapp forever. Choose it with ours.
        Thread thread = Thread.currentThread();
        ClassLoader saved = thread.getContextClassLoader();
        thread.setContextClassLoader(MicroProfileConfigReader.class.getClassLoader());
        try
        {
            resolver = ConfigProviderResolver.instance();
        }
        finally
        {
            thread.setContextClassLoader(saved);
        }
    }

    @Override
    public Reading read(String contextPath, ClassLoader webappLoader, String origin)
    {
        List<URL> files = ownFiles(webappLoader);
        if (files.isEmpty())
            return new MicroProfileReading(List.of(), webappLoader);
        List<ConfigSource> sources = new ArrayList<>();
        for (URL file : files)
        {
            PropertiesConfigSource source;
            try
            {
                source = new PropertiesConfigSource(file, PropertiesConfigSource.ORDINAL);
            }
            catch (IOException | RuntimeException x)
            {
                String ordinal = ordinalOf(file);
                if (ordinal != null)
                    throw new ConfigException(ConfigSource.CONFIG_ORDINAL, ordinal, named(file.toString(), origin), "expected an integer: the file's ordinal among the webapp's MicroProfile Config sources");
                throw new ConfigException(FILE, "", named(file.toString(), origin), "the file could not be read: " + x);
            }
            sources.add(source);
        }
        SmallRyeConfig config;
        try
        {
            config = new SmallRyeConfigBuilder()
                .forClassLoader(webappLoader)
                .addDefaultInterceptors()
                .withSources(sources)
                .build();
        }
        catch (RuntimeException x)
        {
            // A config_ordinal that is not a number, say: SmallRye names the key, not the file.
            throw new ConfigException(FILE, "", "webapp " + contextPath + ", " + named(files.toString(), origin), "the webapp's MicroProfile Config could not be built: " + x.getMessage());
        }
        List<SettingValue> values = new ArrayList<>();
        for (String name : config.getPropertyNames())
        {
            if (!name.startsWith(Settings.PREFIX))
                continue;
            String written = written(sources, name);
            ConfigValue value;
            try
            {
                value = config.getConfigValue(name);
            }
            catch (RuntimeException x)
            {
                // An expression that cannot be expanded, say.
                throw new ConfigException(name, written, "microprofile-config.properties of webapp " + webappName(contextPath), "the value could not be read: " + x.getMessage());
            }
            if (value.getValue() == null)
            {
                // Written, yet nothing: SmallRye leaves an expression it cannot expand empty.
                if (written != null)
                    throw new ConfigException(name, written, source(contextPath, value, sources, name, origin), "its expression does not resolve: no property, system property or environment variable of that name is visible to the webapp's MicroProfile Config");
                continue;
            }
            values.add(new SettingValue(name, value.getValue(), source(contextPath, value, sources, name, origin)));
        }
        return new MicroProfileReading(values, webappLoader);
    }

    /** The file's {@code config_ordinal} if it is written and not an integer, else {@code null}. */
    private static String ordinalOf(URL file)
    {
        Properties p = new Properties();
        try (InputStream in = file.openStream())
        {
            p.load(in);
        }
        catch (IOException | IllegalArgumentException x)
        {
            return null;
        }
        String ordinal = p.getProperty(ConfigSource.CONFIG_ORDINAL);
        if (ordinal == null)
            return null;
        try
        {
            Integer.parseInt(ordinal.trim());
            return null;
        }
        catch (NumberFormatException x)
        {
            return ordinal;
        }
    }

    /** The text written for {@code name} in the highest-ordinal file that has it, before any expansion. */
    private static String written(List<ConfigSource> sources, String name)
    {
        String found = null;
        int ordinal = Integer.MIN_VALUE;
        for (ConfigSource source : sources)
        {
            String raw = source.getValue(name);
            if (raw != null && source.getOrdinal() >= ordinal)
            {
                found = raw;
                ordinal = source.getOrdinal();
            }
        }
        return found;
    }

    /**
     * A file of the webapp as the operator knows it: inside its WAR, not inside the directory
     * Jetty unpacked it to ({@code shop.war!/WEB-INF/classes/META-INF/...}).
     */
    static String named(String location, String origin)
    {
        if (location == null || origin == null)
            return location;
        int inside = location.indexOf("/WEB-INF/");
        if (inside < 0)
            return location;
        String tail = location.substring(inside);
        return origin + (origin.endsWith(".war") ? "!" : "") + tail;
    }

    private static String webappName(String contextPath)
    {
        return contextPath.isEmpty() ? "/" : contextPath;
    }

    private static String source(String contextPath, ConfigValue value, List<ConfigSource> sources, String name, String origin)
    {
        // SmallRye names a properties source PropertiesConfigSource[source=URL]; the URL and line say it all.
        String location = value.getConfigSourceName();
        if (location == null)
        {
            for (ConfigSource s : sources)
            {
                if (s.getValue(name) != null)
                    location = s.getName();
            }
        }
        Matcher m = SOURCE_NAME.matcher(location == null ? "" : location);
        if (m.matches())
            location = m.group(1);
        location = named(location, origin);
        if (value.getLineNumber() > 0)
            location += " line " + value.getLineNumber();
        return "microprofile-config.properties of webapp " + webappName(contextPath) + ", " + location;
    }

    /** The webapp's own files: those its classloader finds and its parent does not. */
    private static List<URL> ownFiles(ClassLoader webappLoader)
    {
        try
        {
            Set<String> inherited = new HashSet<>();
            ClassLoader parent = webappLoader.getParent();
            if (parent != null)
            {
                for (URL url : Collections.list(parent.getResources(FILE)))
                    inherited.add(url.toExternalForm());
            }
            List<URL> own = new ArrayList<>();
            for (URL url : Collections.list(webappLoader.getResources(FILE)))
            {
                if (!inherited.contains(url.toExternalForm()))
                    own.add(url);
            }
            return own;
        }
        catch (IOException x)
        {
            throw new ConfigException(FILE, "", String.valueOf(webappLoader), "the webapp's files could not be listed: " + x);
        }
    }

    private final class MicroProfileReading implements Reading
    {
        private final List<SettingValue> settings;
        private ClassLoader loader;

        private MicroProfileReading(List<SettingValue> settings, ClassLoader loader)
        {
            this.settings = List.copyOf(settings);
            this.loader = loader;
        }

        @Override
        public List<SettingValue> settings()
        {
            return settings;
        }

        @Override
        public void close()
        {
            ClassLoader l = loader;
            loader = null;
            if (l != null && resolver instanceof SmallRyeConfigProviderResolver smallRye)
                smallRye.releaseConfig(l);
        }
    }
}
