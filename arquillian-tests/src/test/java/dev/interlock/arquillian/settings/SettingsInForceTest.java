package dev.interlock.arquillian.settings;

import java.net.URL;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.interlock.arquillian.WeldWars;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The settings in force, as a webapp with Weld, the Interlock CDI extension and SmallRye Config
 * sees them: the operator sets {@code interlock.webapps.settings.lock=application} in
 * {@code arquillian.xml}, the webapp's own {@code microprofile-config.properties} says
 * {@code interlock.lock=free}; {@code @ConfigProperty(name = "interlock.lock")} and the injected
 * {@code InterlockSettings} both say {@code application}, and name the operator's key.
 *
 * <p>The same holds while Weld boots in its {@code ServletContainerInitializer}: the engine
 * resolves a webapp's settings before the initializers run, so what SmallRye Config validates
 * at deployment and what a bean reads at boot are already the values in force.</p>
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public class SettingsInForceTest
{
    private static HttpClient client;

    @ArquillianResource
    private URL base;

    @Deployment
    public static WebArchive war()
    {
        return WeldWars.create("settings.war")
            .addClasses(SettingsServlet.class, LockReport.class)
            .addAsLibrary(WeldWars.cdiExtensionJar())
            .addAsLibraries(WeldWars.smallRyeConfigJars())
            // The webapp's own claim, which the operator's per-webapp setting beats.
            .addAsResource(new StringAsset("interlock.lock=free\n"), "META-INF/microprofile-config.properties");
    }

    @BeforeAll
    public static void startClient() throws Exception
    {
        client = new HttpClient();
        client.start();
    }

    @AfterAll
    public static void stopClient() throws Exception
    {
        client.stop();
    }

    @Test
    public void configPropertyAndInjectedSettingsSayWhatIsInForce() throws Exception
    {
        Map<String, String> seen = get("settings");
        assertEquals("application", seen.get("configProperty"), "@ConfigProperty(name = \"interlock.lock\"): " + seen);
        assertEquals("application", seen.get("beanConfigProperty"), "@ConfigProperty in a bean, validated at deployment: " + seen);
        assertEquals("application", seen.get("atBoot"), "MicroProfile Config during Weld's boot: " + seen);
        assertEquals("application", seen.get("configValue"), "Config.getConfigValue: " + seen);
        assertEquals("Interlock settings in force", seen.get("configSource"), seen.toString());
        assertEquals("1000", seen.get("configSourceOrdinal"), seen.toString());
        assertEquals("free", seen.get("ownFile"), "the webapp's own file says otherwise, and loses: " + seen);

        assertEquals("application", seen.get("settingsLock"), "InterlockSettings.lock(): " + seen);
        assertEquals("interlock.webapps.settings.lock (from arquillian.xml)", seen.get("settingsSource"), seen.toString());
        assertEquals("settings", seen.get("settingsWebapp"), seen.toString());
        assertEquals("dev.interlock.options.EffectiveSettings", seen.get("settingsClass"), "the engine's own object, no client proxy: " + seen);
    }

    private Map<String, String> get(String path) throws Exception
    {
        ContentResponse response = client.GET(base.toURI().resolve(path));
        assertEquals(200, response.getStatus(), path + ": " + response.getContentAsString());
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : response.getContentAsString().split("\\R"))
        {
            int eq = line.indexOf('=');
            if (eq > 0)
                values.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return values;
    }
}
