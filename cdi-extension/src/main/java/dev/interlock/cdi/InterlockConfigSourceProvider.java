package dev.interlock.cdi;

import java.util.List;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSourceProvider;

/**
 * Gives a webapp's MicroProfile Config the Interlock settings in force for it: one
 * {@link InterlockConfigSource}, so that
 * {@code @ConfigProperty(name = "interlock.lock") String lock} is the discipline the engine
 * applies, which is not always what the webapp's own {@code microprofile-config.properties}
 * says (the operator's {@code interlock.webapps.NAME.*} beat it).
 *
 * <p>Registered in {@code META-INF/services/org.eclipse.microprofile.config.spi.ConfigSourceProvider}
 * of the extension's jar, so a MicroProfile Config implementation in the WAR (SmallRye Config)
 * finds it when it builds the webapp's configuration. Nothing else loads this class: where the
 * WAR has no MicroProfile Config, it is never loaded, and CDI never sees it (a jar with a
 * portable extension and no {@code beans.xml} is not a bean archive).</p>
 *
 * <p>Harmless everywhere: on a server without Interlock, or for a classloader of no webapp,
 * the source is empty and nothing is thrown. See {@link InterlockConfigSource} for when it
 * starts answering.</p>
 */
public final class InterlockConfigSourceProvider implements ConfigSourceProvider
{
    /**
     * @param forClassLoader the classloader the configuration is built for: the webapp's, or one
     * of its descendants
     * @return one source: the settings in force for the webapp of that classloader, empty where
     * there is none
     */
    @Override
    public Iterable<ConfigSource> getConfigSources(ClassLoader forClassLoader)
    {
        return List.of(InterlockConfigSource.of(forClassLoader));
    }
}
