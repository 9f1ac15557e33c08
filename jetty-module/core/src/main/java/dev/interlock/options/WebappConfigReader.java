package dev.interlock.options;

import java.util.List;

/**
 * Reads the settings a webapp gives itself, in its own configuration files. Found with
 * {@link java.util.ServiceLoader} on the server's classpath: the config module reads a webapp's
 * {@code microprofile-config.properties} with SmallRye Config, so that the engine does not
 * depend on it.
 *
 * <p>Called once per deployment, on the deploying thread, before the webapp's servlets are
 * initialized; the reading is closed when the webapp has stopped, so that nothing held for
 * the webapp's classloader outlives it.</p>
 */
public interface WebappConfigReader
{
    /**
     * @param contextPath the webapp's context path
     * @param webappLoader the webapp's classloader
     * @param origin what the webapp was deployed from, as an operator knows it (its WAR file or
     * directory), to name its files by in messages rather than by where Jetty unpacked it; or
     * {@code null}
     * @return what was read, to close when the webapp has stopped
     * @throws ConfigException if a file cannot be read or holds a value that is not allowed
     */
    Reading read(String contextPath, ClassLoader webappLoader, String origin);

    /** The settings read for one deployment of one webapp. */
    interface Reading extends AutoCloseable
    {
        /**
         * @return the webapp's {@code interlock.*} settings; each source names the file
         */
        List<SettingValue> settings();

        /** Releases what was held for the webapp's classloader. */
        @Override
        void close();
    }
}
