package dev.interlock.arquillian.jetty;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jboss.arquillian.container.spi.ConfigurationException;
import org.jboss.arquillian.container.spi.client.container.ContainerConfiguration;

/**
 * The container's properties in {@code arquillian.xml}:
 *
 * <pre>{@code
 * <container qualifier="interlock-jetty" default="true">
 *   <configuration>
 *     <property name="bindAddress">127.0.0.1</property>
 *     <property name="bindHttpPort">0</property>
 *     <property name="environment">ee10</property>
 *     <property name="interlockSettings">
 *       interlock.webapps.smoke.lock=application
 *       interlock.lock-timeout=10s
 *     </property>
 *   </configuration>
 * </container>
 * }</pre>
 *
 * <p>{@code interlockSettings} holds one {@code name=value} a line (Arquillian may fold the
 * lines into one; a new setting starts at each {@code interlock.} after white space; blank lines and lines
 * starting with {@code #} are skipped); each is given to {@code InterlockServer.set(name,
 * value, "arquillian.xml")} before the server starts.</p>
 *
 * <p>{@code environment} is Jetty's servlet environment of every deployed webapp: {@code ee10}
 * (the default) or {@code ee11}. Like every property, it can be set for one run without editing
 * the file: {@code -Darq.container.interlock-jetty.configuration.environment=ee11}.</p>
 */
public class InterlockJettyConfiguration implements ContainerConfiguration
{
    /** Packages of the CDI API hidden from webapps by default: see {@link #setHiddenClasses}. */
    public static final String DEFAULT_HIDDEN_CLASSES =
        "jakarta.enterprise.,jakarta.inject.,jakarta.interceptor.,jakarta.decorator.,jakarta.el.";

    private String bindAddress = "127.0.0.1";
    private int bindHttpPort = 0;
    private String interlockSettings = "";
    private boolean cdiDecoration = true;
    private String hiddenClasses = DEFAULT_HIDDEN_CLASSES;
    private String deployDirectory = "target/arquillian-deployments";
    private String environment = "ee10";

    @Override
    public void validate() throws ConfigurationException
    {
        if (bindHttpPort < 0 || bindHttpPort > 65535)
            throw new ConfigurationException("bindHttpPort must be 0 (any free port) to 65535: " + bindHttpPort);
        try
        {
            parsedInterlockSettings();
            WebappEnvironment.named(environment);
        }
        catch (IllegalArgumentException e)
        {
            throw new ConfigurationException(e.getMessage());
        }
    }

    /**
     * @return the {@code interlockSettings} lines as names to values, in order
     * @throws IllegalArgumentException naming a line that is not {@code name=value}
     */
    public Map<String, String> parsedInterlockSettings()
    {
        Map<String, String> settings = new LinkedHashMap<>();
        if (interlockSettings == null)
            return settings;
        for (String raw : interlockSettings.split("\\R|\\s+(?=interlock\\.)"))
        {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#"))
                continue;
            int eq = line.indexOf('=');
            if (eq <= 0)
                throw new IllegalArgumentException("interlockSettings: not a name=value line: '" + line + "'");
            settings.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        return settings;
    }

    public String getBindAddress()
    {
        return bindAddress;
    }

    /** @param bindAddress the connector's host; {@code 127.0.0.1} by default */
    public void setBindAddress(String bindAddress)
    {
        this.bindAddress = bindAddress;
    }

    public int getBindHttpPort()
    {
        return bindHttpPort;
    }

    /** @param bindHttpPort the connector's port; {@code 0} (a free port) by default */
    public void setBindHttpPort(int bindHttpPort)
    {
        this.bindHttpPort = bindHttpPort;
    }

    public String getInterlockSettings()
    {
        return interlockSettings;
    }

    /** @param interlockSettings Interlock settings, one {@code name=value} a line */
    public void setInterlockSettings(String interlockSettings)
    {
        this.interlockSettings = interlockSettings;
    }

    public boolean isCdiDecoration()
    {
        return cdiDecoration;
    }

    /**
     * @param cdiDecoration whether each webapp gets what Jetty's {@code ee10-cdi} module (in its
     * {@code CdiDecoratingListener} mode) would give it, so that Weld's servlet integration
     * injects into servlets, filters and listeners; {@code true} by default
     */
    public void setCdiDecoration(boolean cdiDecoration)
    {
        this.cdiDecoration = cdiDecoration;
    }

    public String getHiddenClasses()
    {
        return hiddenClasses;
    }

    /**
     * @param hiddenClasses comma-separated Jetty class patterns hidden from webapps on top of
     * Jetty's own. By default the CDI API: the test JVM (the server's classpath) has it for
     * compiling the test WARs, a real Jetty without the {@code ee10-cdi} module does not, and a
     * webapp must use the copy in its own {@code weld-servlet-shaded} jar (otherwise
     * {@code jakarta.} being a protected package, the server's copy would win and
     * {@code CDI.current()} would look for its provider in the wrong classloader)
     */
    public void setHiddenClasses(String hiddenClasses)
    {
        this.hiddenClasses = hiddenClasses;
    }

    public String getEnvironment()
    {
        return environment;
    }

    /** @param environment {@code ee10} (the default) or {@code ee11}: the webapps' Jetty environment */
    public void setEnvironment(String environment)
    {
        this.environment = environment;
    }

    public String getDeployDirectory()
    {
        return deployDirectory;
    }

    /** @param deployDirectory where archives are exploded; {@code target/arquillian-deployments} by default */
    public void setDeployDirectory(String deployDirectory)
    {
        this.deployDirectory = deployDirectory;
    }
}
