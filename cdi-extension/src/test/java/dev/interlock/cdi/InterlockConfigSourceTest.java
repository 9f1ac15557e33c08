package dev.interlock.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import dev.interlock.api.InterlockSettings;
import dev.interlock.api.StopReason;
import dev.interlock.cdi.testing.TestWebapps;
import dev.interlock.workers.TrackedWorkers;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSourceProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The MicroProfile Config source of the settings in force. */
class InterlockConfigSourceTest
{
    /** System properties' ordinal in MicroProfile Config. */
    private static final int SYSTEM_PROPERTIES = 400;

    private static ConfigSource only(ClassLoader loader)
    {
        List<ConfigSource> sources = new ArrayList<>();
        new InterlockConfigSourceProvider().getConfigSources(loader).forEach(sources::add);
        assertEquals(1, sources.size(), sources.toString());
        return sources.get(0);
    }

    private static void assertEmpty(ConfigSource source)
    {
        assertEquals(InterlockConfigSource.NAME, source.getName());
        assertEquals(Map.of(), source.getProperties());
        assertEquals(0, source.getPropertyNames().size());
        assertNull(source.getValue("interlock.lock"));
    }

    @Test
    void theProviderIsAService()
    {
        assertTrue(ServiceLoader.load(ConfigSourceProvider.class).stream().anyMatch(p -> p.type() == InterlockConfigSourceProvider.class));
    }

    @Test
    void theExtensionJarIsNoBeanArchive() throws Exception
    {
        // So CDI never discovers the config source (which needs MicroProfile Config) or the
        // interceptor (added by the extension): a jar with an extension and no beans.xml is none.
        Path classes = Path.of(InterlockConfigSource.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.exists(classes.resolve("META-INF/services/jakarta.enterprise.inject.spi.Extension")), classes.toString());
        assertFalse(Files.exists(classes.resolve("META-INF/beans.xml")), classes.toString());
    }

    @Nested
    class WithTheEngine
    {
        private TrackedWorkers webapp;
        private ClassLoader classLoader;

        @BeforeEach
        void deploy()
        {
            TestWebapps.install();
            webapp = TestWebapps.INSTANCE.deploy("/shop", Map.of("interlock.webapps.shop.lock", "application"));
            classLoader = TestWebapps.INSTANCE.classLoader(webapp);
        }

        @AfterEach
        void undeploy()
        {
            TestWebapps.stop(webapp, StopReason.UNDEPLOY, Duration.ofSeconds(5));
            TestWebapps.uninstall();
        }

        @Test
        void itAnswersTheInterlockNamesInForceAboveSystemProperties()
        {
            ConfigSource source = only(classLoader);
            InterlockSettings settings = webapp.settings();
            assertEquals("Interlock settings in force", source.getName());
            assertTrue(source.getOrdinal() > SYSTEM_PROPERTIES, "ordinal " + source.getOrdinal());
            assertEquals("application", source.getValue("interlock.lock"));
            assertEquals(settings.names(), source.getPropertyNames());
            assertTrue(source.getPropertyNames().stream().allMatch(n -> n.startsWith("interlock.")), source.getPropertyNames().toString());
            for (String name : settings.names())
                assertEquals(settings.value(name).orElseThrow(), source.getValue(name), name);
            assertEquals("15s", source.getValue("interlock.drain-timeout"), "defaults are in force too");
        }

        @Test
        void itAnswersNothingElse()
        {
            ConfigSource source = only(classLoader);
            assertNull(source.getValue("interlock.executor-groups.reports.threads"));
            assertNull(source.getValue("interlock.webapps.shop.lock"));
            assertNull(source.getValue("java.version"));
        }

        @Test
        void aDescendantOfTheWebappsClassLoaderFindsIt() throws Exception
        {
            try (URLClassLoader child = new URLClassLoader(new URL[0], classLoader))
            {
                assertEquals("application", only(child).getValue("interlock.lock"));
            }
        }

        @Test
        void aClassLoaderOfNoWebappGetsAnEmptySource()
        {
            assertEmpty(only(InterlockConfigSourceTest.class.getClassLoader()));
        }

        @Test
        void aSourceBuiltBeforeItsWebappStartedAnswersOnceItHas() throws Exception
        {
            // As in Jetty: the webapp's classloader, and a configuration built for it (by Weld
            // booting in a ServletContainerInitializer), exist before the engine knows the webapp.
            try (URLClassLoader loader = new URLClassLoader("webapp/late", new URL[0], InterlockConfigSourceTest.class.getClassLoader()))
            {
                ConfigSource source = only(loader);
                assertNull(source.getValue("interlock.lock"), "not yet known: lower sources answer");
                assertEquals(Map.of(), source.getProperties());

                TrackedWorkers late = TestWebapps.INSTANCE.deploy("/late", Map.of("interlock.webapps.late.lock", "shared"), loader);
                try
                {
                    assertEquals("shared", source.getValue("interlock.lock"));
                    assertEquals(late.settings().names(), source.getPropertyNames());
                }
                finally
                {
                    TestWebapps.stop(late, StopReason.UNDEPLOY, Duration.ofSeconds(5));
                }
            }
        }
    }

    @Nested
    class WithoutTheEngine
    {
        @Test
        void theSourceIsEmptyAndNothingThrows()
        {
            assertEmpty(only(InterlockConfigSourceTest.class.getClassLoader()));
            assertEmpty(only(null));
            assertNull(only(InterlockConfigSourceTest.class.getClassLoader()).getValue(null));
        }
    }
}
