package dev.interlock.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.interlock.api.InterlockSettings;
import dev.interlock.api.StopReason;
import dev.interlock.cdi.testing.Boot;
import dev.interlock.cdi.testing.TestWebapps;
import dev.interlock.workers.TrackedWorkers;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.inject.Inject;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code @Inject InterlockSettings}: the engine's settings in force for the webapp. */
@SuppressWarnings("try") // containers opened only to be running while the test acts
class SettingsInjectionTest
{
    @Nested
    class WithTheEngine
    {
        private TrackedWorkers webapp;
        private ClassLoader classLoader;

        @BeforeEach
        void deploy()
        {
            TestWebapps.install();
            Map<String, String> operator = new LinkedHashMap<>();
            operator.put("interlock.drain-timeout", "7s");
            operator.put("interlock.webapps.shop.lock", "application");
            webapp = TestWebapps.INSTANCE.deploy("/shop", operator);
            classLoader = TestWebapps.INSTANCE.classLoader(webapp);
        }

        @AfterEach
        void undeploy()
        {
            TestWebapps.stop(webapp, StopReason.UNDEPLOY, Duration.ofSeconds(5));
            TestWebapps.uninstall();
        }

        @Test
        void theSettingsInForceAreInjected()
        {
            try (WeldContainer weld = Boot.weld(classLoader, Reader.class))
            {
                InterlockSettings settings = weld.select(Reader.class).get().settings;
                assertSame(webapp.settings(), settings, "the engine's own view, not a proxy");
                assertEquals("application", settings.lock());
                assertEquals(Optional.of("interlock.webapps.shop.lock (from " + TestWebapps.SOURCE + ")"), settings.source("interlock.lock"));
                assertEquals(Duration.ofSeconds(7), settings.drainTimeout());
                assertEquals(Optional.of("default"), settings.source("interlock.switch-interval"));
                assertEquals("/shop", settings.applicationGroup());
                assertEquals("server", settings.executorGroup());
            }
        }

        @Test
        void aProgrammaticLookupAndAConstructorGetTheSame()
        {
            try (WeldContainer weld = Boot.weld(classLoader, Reader.class, ConstructorReader.class))
            {
                assertSame(webapp.settings(), weld.select(InterlockSettings.class).get());
                assertSame(webapp.settings(), weld.select(ConstructorReader.class).get().settings);
                assertSame(webapp.settings(), weld.select(Reader.class).get().lookup.get());
            }
        }

        @Test
        void aThreadOfNoWebappIsNoEngine()
        {
            // the engine is there, but deployment runs on a thread whose context classloader is no webapp's
            DeploymentException e = assertThrows(DeploymentException.class, () -> Boot.weld(SettingsInjectionTest.class.getClassLoader(), Reader.class).close());
            assertEquals(List.of("Interlock: this webapp injects InterlockSettings, which need the Interlock engine, but the calling thread belongs to no webapp"
                + " (context classloader " + SettingsInjectionTest.class.getClassLoader() + "). Injected at: field " + Reader.class.getName()
                + ".settings. Deploy it on a Jetty server with the Interlock engine, or remove these injection points"), Boot.problems(e));
        }
    }

    @Nested
    class WithoutTheEngine
    {
        @Test
        void injectedSettingsFailTheDeployment()
        {
            DeploymentException e = assertThrows(DeploymentException.class,
                () -> Boot.weld(SettingsInjectionTest.class.getClassLoader(), Reader.class, ConstructorReader.class).close());
            assertEquals(List.of("Interlock: this webapp injects InterlockSettings, which need the Interlock engine, but Interlock is not installed in this server:"
                + " stopping callbacks, tracked workers and settings need the Interlock engine. Injected at: field " + Reader.class.getName() + ".settings; parameter 1 of "
                + ConstructorReader.class.getName() + "(InterlockSettings). Deploy it on a Jetty server with the Interlock engine, or remove these injection points"),
                Boot.problems(e));
        }

        @Test
        void aLookupSaysWhyWhenItHappens()
        {
            try (WeldContainer weld = Boot.weld(SettingsInjectionTest.class.getClassLoader(), LazyReader.class))
            {
                LazyReader reader = weld.select(LazyReader.class).get();
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> reader.settings.get());
                assertEquals("Interlock: cannot inject InterlockSettings at field " + LazyReader.class.getName() + ".settings: Interlock is not installed in this server:"
                    + " stopping callbacks, tracked workers and settings need the Interlock engine", e.getMessage());
            }
        }
    }

    @Dependent
    public static class Reader
    {
        @Inject
        InterlockSettings settings;
        @Inject
        Instance<InterlockSettings> lookup;
    }

    @Dependent
    public static class ConstructorReader
    {
        final InterlockSettings settings;

        @Inject
        public ConstructorReader(InterlockSettings settings)
        {
            this.settings = settings;
        }
    }

    @Dependent
    public static class LazyReader
    {
        @Inject
        Instance<InterlockSettings> settings;
    }
}
