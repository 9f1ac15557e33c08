package dev.interlock.cdi;

import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.interlock.api.InterlockSettings;
import dev.interlock.api.spi.Webapps;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The Interlock settings in force for one webapp, as a MicroProfile Config source: the
 * {@code interlock.*} names of {@link InterlockSettings#names()} with their
 * {@linkplain InterlockSettings#value(String) values}, nothing else.
 *
 * <p><b>Ordinal {@value #ORDINAL}</b>, above every source MicroProfile Config defines (system
 * properties 400, environment variables 300, {@code microprofile-config.properties} 100): these
 * are the values the engine applies, resolved from the operator's settings, the environment
 * and the webapp's own file by Interlock's own rules (the most specific scope wins; a
 * webapp's {@code config_ordinal} does not lift its file over the operator). A lower source
 * would let the webapp read a discipline, timeout or group that is not the one its requests
 * run under. It is not {@link Integer#MAX_VALUE}, so a test can still shadow it on purpose.</p>
 *
 * <p><b>When it answers.</b> The webapp is looked up by the classloader the configuration was
 * built for, on the first {@code interlock.*} lookup and again on each one until it is found;
 * from then on the settings are kept (they are immutable: a webapp's settings change only when
 * it is redeployed, with a new classloader and so a new configuration). The engine resolves a
 * webapp's settings before its {@code ServletContainerInitializer}s run, so a CDI container
 * booting in one finds them; a configuration built for a classloader no webapp owns (yet)
 * answers nothing, so lower sources do. Where there is no engine, no API, or no webapp for the
 * classloader, the source stays empty; nothing here ever throws.</p>
 *
 * <p>Any thread may call it; lookups of names outside {@code interlock.*} never touch the
 * engine.</p>
 */
final class InterlockConfigSource implements ConfigSource
{
    /** The source's name, as MicroProfile Config reports it (e.g. in {@code ConfigValue.getSourceName()}). */
    static final String NAME = "Interlock settings in force";
    /** Its ordinal: see the class comment. */
    static final int ORDINAL = 1000;

    private static final System.Logger LOG = System.getLogger(InterlockExtension.LOGGER);
    private static final String PREFIX = "interlock.";

    private final ClassLoader loader;
    /** Whether looking up can ever succeed: false without the API or an engine. */
    private final boolean engine;
    /** The settings in force, once found; null until then. */
    private volatile Found found;

    private record Found(String webapp, Map<String, String> values)
    {
    }

    private InterlockConfigSource(ClassLoader loader, boolean engine)
    {
        this.loader = loader;
        this.engine = engine;
    }

    /**
     * @param loader the classloader the configuration is built for
     * @return the source of the settings in force for its webapp
     */
    static InterlockConfigSource of(ClassLoader loader)
    {
        return new InterlockConfigSource(loader, loader != null && Api.visible() && Engine.installed());
    }

    private Map<String, String> values()
    {
        Found f = found;
        if (f != null)
            return f.values();
        if (!engine)
            return Map.of();
        try
        {
            f = Engine.inForce(loader);
        }
        catch (IllegalStateException e)
        {
            // Not a webapp's classloader, or not one whose context has started.
            LOG.log(Level.DEBUG, () -> "Interlock: no settings in force yet for MicroProfile Config of " + loader + ": " + e.getMessage());
            return Map.of();
        }
        // Two threads may both look up: they find the same immutable settings.
        found = f;
        return f.values();
    }

    @Override
    public Set<String> getPropertyNames()
    {
        return values().keySet();
    }

    @Override
    public Map<String, String> getProperties()
    {
        return values();
    }

    /**
     * @return the value in force of an {@code interlock.*} setting; null for any other name, and
     * while the webapp's settings are not known
     */
    @Override
    public String getValue(String propertyName)
    {
        if (propertyName == null || !propertyName.startsWith(PREFIX))
            return null;
        return values().get(propertyName);
    }

    @Override
    public String getName()
    {
        return NAME;
    }

    @Override
    public int getOrdinal()
    {
        return ORDINAL;
    }

    @Override
    public String toString()
    {
        Found f = found;
        return NAME + (f == null ? " (not found yet: " + loader + ")" : " (webapp " + f.webapp() + ")" + f.values());
    }

    /** What touches the API, loaded only once it is known to be visible. */
    private static final class Engine
    {
        static boolean installed()
        {
            return Webapps.installed() != Webapps.NONE;
        }

        /**
         * @throws IllegalStateException if {@code loader} is no webapp's, or its settings are
         * not resolved yet
         */
        static Found inForce(ClassLoader loader)
        {
            InterlockSettings settings = Webapps.installed().of(loader).settings();
            Map<String, String> values = new TreeMap<>();
            for (String name : settings.names())
            {
                if (name.startsWith(PREFIX))
                    settings.value(name).ifPresent(value -> values.put(name, value));
            }
            return new Found(settings.webapp(), Collections.unmodifiableMap(values));
        }
    }
}
