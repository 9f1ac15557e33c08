package dev.interlock.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;

import dev.interlock.api.InterlockSettings;
import dev.interlock.api.NotThreadSafe;
import dev.interlock.api.StopReason;
import dev.interlock.api.Stopping;
import dev.interlock.api.UnfinishedTasks;
import dev.interlock.cdi.testing.Boot;
import dev.interlock.cdi.testing.LogCapture;
import dev.interlock.cdi.testing.TestWebapps;
import dev.interlock.workers.TrackedWorkers;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.inject.Inject;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What fails a deployment, with the exact messages, and what only warns. */
@SuppressWarnings("try") // containers opened only to be running while the test acts
class DeploymentProblemTest
{
    private static List<String> problems(ClassLoader classLoader, Class<?>... beans)
    {
        DeploymentException e = assertThrows(DeploymentException.class, () -> Boot.weld(classLoader, beans).close());
        return Boot.problems(e);
    }

    @Nested
    class WithTheEngine
    {
        private TrackedWorkers webapp;
        private ClassLoader classLoader;

        @org.junit.jupiter.api.BeforeEach
        void deploy()
        {
            TestWebapps.install();
            webapp = TestWebapps.INSTANCE.deploy("/shop");
            classLoader = TestWebapps.INSTANCE.classLoader(webapp);
        }

        @org.junit.jupiter.api.AfterEach
        void undeploy()
        {
            TestWebapps.stop(webapp, StopReason.UNDEPLOY, Duration.ofSeconds(5));
            TestWebapps.uninstall();
        }

        @Test
        void threadsBelowOne()
        {
            assertEquals(List.of("Interlock: @Worker(value = \"indexer\", threads = 0) on ManagedExecutorService at field "
                + ZeroThreads.class.getName() + ".executor: threads must be at least 1, not 0"), problems(classLoader, ZeroThreads.class));
        }

        @Test
        void anEmptyName()
        {
            assertEquals(List.of("Interlock: @Worker(value = \"\", threads = 1) on ManagedScheduledExecutorService at parameter 2 of "
                + EmptyName.class.getName() + "(String, ManagedScheduledExecutorService): the worker name must not be empty"),
                problems(classLoader, EmptyName.class, Strings.class));
        }

        @Test
        void aNameWithASpace()
        {
            assertEquals(List.of("Interlock: @Worker(value = \"mail queue\", threads = 1) on ManagedThreadFactory at parameter 1 of "
                + SpacedName.class.getName() + ".init(ManagedThreadFactory): a worker name may contain only letters, digits, '.', '_' and '-', not \"mail queue\""),
                problems(classLoader, SpacedName.class));
        }

        @Test
        void aReservedName()
        {
            assertEquals(List.of("Interlock: @Worker(value = \"scheduled\", threads = 1) on ManagedExecutorService at field "
                + ReservedName.class.getName() + ".executor: \"scheduled\" is the name of the default ManagedScheduledExecutorService, inject it without @Worker"),
                problems(classLoader, ReservedName.class));
        }

        @Test
        void oneNameWithTwoThreadCounts()
        {
            assertEquals(List.of("Interlock: worker \"indexer\" is declared with threads = 2 at field " + TwoThreads.class.getName() + ".a"
                + " and threads = 4 at field " + TwoThreads.class.getName() + ".b: give every injection point of a worker the same threads"),
                problems(classLoader, TwoThreads.class));
        }

        @Test
        void oneNameForTwoTypes()
        {
            assertEquals(List.of("Interlock: worker \"ticks\" is injected as ManagedExecutorService at field " + TwoTypes.class.getName() + ".a"
                + " and as ManagedScheduledExecutorService at field " + TwoTypes.class.getName() + ".b: one name is one worker of one type"),
                problems(classLoader, TwoTypes.class));
        }

        @Test
        void everyProblemIsReported()
        {
            assertEquals(List.of(
                "Interlock: @Worker(value = \"scheduled\", threads = 1) on ManagedExecutorService at field " + ReservedName.class.getName()
                    + ".executor: \"scheduled\" is the name of the default ManagedScheduledExecutorService, inject it without @Worker",
                "Interlock: @Worker(value = \"indexer\", threads = 0) on ManagedExecutorService at field " + ZeroThreads.class.getName() + ".executor: threads must be at least 1, not 0"),
                problems(classLoader, ZeroThreads.class, ReservedName.class));
        }

        @Test
        void aThreadOfNoWebappIsNoEngine()
        {
            // the engine is there, but deployment runs on a thread whose context classloader is no webapp's
            assertEquals(List.of("Interlock: this webapp injects tracked workers, which need the Interlock engine, but the calling thread belongs to no webapp"
                + " (context classloader " + DeploymentProblemTest.class.getClassLoader() + "). Injected: ManagedExecutorService at field "
                + Defaults.class.getName() + ".executor. Deploy it on a Jetty server with the Interlock engine, or remove these injection points"),
                problems(DeploymentProblemTest.class.getClassLoader(), Defaults.class));
        }
    }

    @Nested
    class WithoutTheEngine
    {
        @Test
        void injectedWorkersFailTheDeployment()
        {
            assertEquals(List.of("Interlock: this webapp injects tracked workers, which need the Interlock engine, but Interlock is not installed in this server:"
                + " stopping callbacks, tracked workers and settings need the Interlock engine. Injected: ManagedExecutorService at field " + Defaults.class.getName()
                + ".executor; @Worker(value = \"indexer\", threads = 2) ManagedExecutorService at field " + Named.class.getName()
                + ".executor. Deploy it on a Jetty server with the Interlock engine, or remove these injection points"),
                problems(DeploymentProblemTest.class.getClassLoader(), Defaults.class, Named.class));
        }

        @Test
        void everyKindOfUseIsItsOwnProblem()
        {
            String reason = "Interlock is not installed in this server: stopping callbacks, tracked workers and settings need the Interlock engine";
            assertEquals(List.of(
                "Interlock: this webapp injects tracked workers, which need the Interlock engine, but " + reason + ". Injected: ManagedExecutorService at field "
                    + Defaults.class.getName() + ".executor. Deploy it on a Jetty server with the Interlock engine, or remove these injection points",
                "Interlock: this webapp injects InterlockSettings, which need the Interlock engine, but " + reason + ". Injected at: field "
                    + SettingsUser.class.getName() + ".settings. Deploy it on a Jetty server with the Interlock engine, or remove these injection points",
                "Interlock: this webapp declares CDI beans @NotThreadSafe, whose calls only the Interlock engine can serialise, but " + reason + ". Declared: "
                    + Marked.class.getName() + ". Deploy it on a Jetty server with the Interlock engine: without it these beans would run on several threads at once"),
                problems(DeploymentProblemTest.class.getClassLoader(), Marked.class, SettingsUser.class, Defaults.class, StoppingObserver.class));
        }

        @Test
        void observersAloneAreOneWarning()
        {
            try (LogCapture log = new LogCapture();
                 WeldContainer weld = Boot.weld(DeploymentProblemTest.class.getClassLoader(), StoppingObserver.class, UnfinishedObserver.class))
            {
                assertEquals(List.of("Interlock: Interlock is not installed in this server: stopping callbacks, tracked workers and settings need the Interlock engine:"
                    + " the 3 observers of Stopping and UnfinishedTasks in this webapp will never be called (" + StoppingObserver.class.getName()
                    + ", " + UnfinishedObserver.class.getName() + ")"), log.warnings());
            }
        }

        @Test
        void nothingToDoIsSilent()
        {
            try (LogCapture log = new LogCapture();
                 WeldContainer weld = Boot.weld(DeploymentProblemTest.class.getClassLoader(), Strings.class))
            {
                assertEquals(List.of(), log.warnings());
            }
        }

        @Test
        void aProgrammaticLookupSaysWhy()
        {
            try (WeldContainer weld = Boot.weld(DeploymentProblemTest.class.getClassLoader(), Strings.class))
            {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> weld.select(ManagedExecutorService.class).get());
                assertEquals("Interlock: cannot create ManagedExecutorService \"default\" for the default ManagedExecutorService: Interlock is not installed in this server:"
                    + " stopping callbacks, tracked workers and settings need the Interlock engine", e.getMessage());
            }
        }
    }

    @Dependent
    public static class ZeroThreads
    {
        @Inject
        @Worker(value = "indexer", threads = 0)
        ManagedExecutorService executor;
    }

    @Dependent
    public static class Strings
    {
        @jakarta.enterprise.inject.Produces
        String text()
        {
            return "text";
        }
    }

    @Dependent
    public static class EmptyName
    {
        @Inject
        public EmptyName(String text, @Worker("") ManagedScheduledExecutorService executor)
        {
        }
    }

    @Dependent
    public static class SpacedName
    {
        @Inject
        void init(@Worker("mail queue") ManagedThreadFactory threads)
        {
        }
    }

    @Dependent
    public static class ReservedName
    {
        @Inject
        @Worker("scheduled")
        ManagedExecutorService executor;
    }

    @Dependent
    public static class TwoThreads
    {
        @Inject
        @Worker(value = "indexer", threads = 2)
        ManagedExecutorService a;
        @Inject
        @Worker(value = "indexer", threads = 4)
        ManagedExecutorService b;
    }

    @Dependent
    public static class TwoTypes
    {
        @Inject
        @Worker("ticks")
        ManagedExecutorService a;
        @Inject
        @Worker("ticks")
        ManagedScheduledExecutorService b;
    }

    @Dependent
    public static class Defaults
    {
        @Inject
        ManagedExecutorService executor;
    }

    @Dependent
    public static class SettingsUser
    {
        @Inject
        InterlockSettings settings;
    }

    @NotThreadSafe
    @ApplicationScoped
    public static class Marked
    {
        public void work()
        {
        }
    }

    @Dependent
    public static class Named
    {
        @Inject
        @Worker(value = "indexer", threads = 2)
        ManagedExecutorService executor;
    }

    @ApplicationScoped
    public static class StoppingObserver
    {
        void first(@Observes Stopping stopping)
        {
        }

        void second(@Observes Stopping stopping)
        {
        }
    }

    @ApplicationScoped
    public static class UnfinishedObserver
    {
        void on(@Observes UnfinishedTasks tasks)
        {
        }
    }
}
