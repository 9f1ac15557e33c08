package dev.interlock.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;

import dev.interlock.api.StopReason;
import dev.interlock.cdi.testing.Boot;
import dev.interlock.cdi.testing.Journal;
import dev.interlock.cdi.testing.LogCapture;
import dev.interlock.cdi.testing.TestWebapps;
import dev.interlock.workers.TrackedWorkers;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.inject.Inject;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Injection of tracked workers, with a real Weld and the engine's real tracked workers. */
@SuppressWarnings("try") // containers opened only to be running while the test acts
class WorkerInjectionTest
{
    private TrackedWorkers webapp;
    private ClassLoader classLoader;

    @BeforeEach
    void deploy()
    {
        Journal.clear();
        TestWebapps.install();
        webapp = TestWebapps.INSTANCE.deploy("/shop");
        classLoader = TestWebapps.INSTANCE.classLoader(webapp);
    }

    @AfterEach
    void undeploy()
    {
        TestWebapps.stop(webapp, StopReason.UNDEPLOY, Duration.ofSeconds(5));  // stops the workers
        TestWebapps.uninstall();
    }

    @Test
    void theExtensionIsRegisteredAsAService()
    {
        assertTrue(ServiceLoader.load(Extension.class).stream().anyMatch(p -> p.type() == InterlockExtension.class));
    }

    @Test
    void defaultsAreCreatedLazilyOncePerWebapp() throws Exception
    {
        try (WeldContainer weld = Boot.weld(classLoader, Defaults.class, MoreDefaults.class))
        {
            assertEquals(List.of(), webapp.getWorkerDescriptions(), "nothing before first use");

            Defaults one = weld.select(Defaults.class).get();
            MoreDefaults two = weld.select(MoreDefaults.class).get();
            assertSame(one.executor, two.executor);
            assertSame(one.scheduled, two.scheduled);
            assertSame(one.threads, two.threads);
            assertSame(one.executor, weld.select(ManagedExecutorService.class).get(), "programmatic lookup too");
            assertEquals(List.of("executor 'default' (4 threads)", "scheduled executor 'scheduled' (1 thread)", "thread factory 'threads'"),
                webapp.getWorkerDescriptions().stream().sorted().toList());

            assertEquals("interlock-worker-shop-default-1", one.executor.submit(() -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS));
            assertEquals("interlock-worker-shop-scheduled-1",
                one.scheduled.schedule(() -> Thread.currentThread().getName(), 1, TimeUnit.MILLISECONDS).get(10, TimeUnit.SECONDS));
            assertEquals("interlock-worker-shop-threads-1", one.threads.newThread(() -> { }).getName());
        }
    }

    @Test
    void theSameNameGivesTheSameInstance() throws Exception
    {
        try (WeldContainer weld = Boot.weld(classLoader, Indexer.class, IndexerAgain.class, Mailer.class))
        {
            Indexer indexer = weld.select(Indexer.class).get();
            IndexerAgain again = weld.select(IndexerAgain.class).get();
            Mailer mailer = weld.select(Mailer.class).get();

            assertSame(indexer.executor(), again.executor, "field and constructor injection");
            assertSame(indexer.executor(), again.lookup.get(), "Instance<> with the qualifier");
            assertSame(indexer.executor(), weld.select(ManagedExecutorService.class, Worker.Literal.of("indexer", 2)).get(), "programmatic lookup");
            assertNotSame(indexer.executor(), mailer.executor, "another name, another executor");
            assertSame(mailer.ticks, weld.select(ManagedScheduledExecutorService.class, Worker.Literal.of("ticks", 3)).get());
            assertSame(mailer.pollers, weld.select(ManagedThreadFactory.class, Worker.Literal.of("pollers")).get());
            assertEquals(List.of("executor 'indexer' (2 threads)", "executor 'mailer' (1 thread)", "scheduled executor 'ticks' (3 threads)", "thread factory 'pollers'"),
                webapp.getWorkerDescriptions().stream().sorted().toList());

            assertEquals("interlock-worker-shop-indexer-1", indexer.executor().submit(() -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aProgrammaticLookupIsCheckedWhenItHappens()
    {
        try (WeldContainer weld = Boot.weld(classLoader, Indexer.class))
        {
            weld.select(Indexer.class).get().executor().toString();
            IllegalStateException otherThreads = assertThrows(IllegalStateException.class,
                () -> weld.select(ManagedExecutorService.class, Worker.Literal.of("indexer", 3)).get());
            assertTrue(otherThreads.getMessage().startsWith("Interlock: worker \"indexer\" has threads = 2 (first used at field " + Indexer.class.getName() + ".executor), not threads = 3 as asked at "),
                otherThreads.getMessage());
            IllegalStateException otherType = assertThrows(IllegalStateException.class,
                () -> weld.select(ManagedScheduledExecutorService.class, Worker.Literal.of("indexer", 2)).get());
            assertTrue(otherType.getMessage().startsWith("Interlock: worker \"indexer\" is a ManagedExecutorService (first used at field " + Indexer.class.getName() + ".executor); it cannot also be a ManagedScheduledExecutorService at "),
                otherType.getMessage());
            IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> weld.select(ManagedExecutorService.class, Worker.Literal.of("other", 0)).get());
            assertTrue(zero.getMessage().startsWith("Interlock: @Worker(value = \"other\", threads = 0) on ManagedExecutorService at "), zero.getMessage());
            assertTrue(zero.getMessage().endsWith(": threads must be at least 1, not 0"), zero.getMessage());
        }
    }

    @Test
    void anApplicationThatProducesItsOwnDefaultKeepsIt()
    {
        try (LogCapture log = new LogCapture();
             WeldContainer weld = Boot.weld(classLoader, OwnExecutor.class, Defaults.class))
        {
            Defaults defaults = weld.select(Defaults.class).get();
            assertSame(OwnExecutor.OWN, defaults.executor);
            assertEquals(List.of("scheduled executor 'scheduled' (1 thread)", "thread factory 'threads'"), webapp.getWorkerDescriptions().stream().sorted().toList());
            assertEquals(List.of(), log.warnings());
        }
    }

    @Test
    void threadsOnAThreadFactoryIsAWarning()
    {
        try (LogCapture log = new LogCapture();
             WeldContainer weld = Boot.weld(classLoader, ThreadsOnFactory.class))
        {
            assertEquals(List.of("Interlock: @Worker(value = \"pollers\", threads = 4) on ManagedThreadFactory at field " + ThreadsOnFactory.class.getName()
                + ".pollers: threads has no effect on a ManagedThreadFactory (it makes one thread per newThread call)"), log.warnings());
        }
    }

    @Dependent
    public static class Defaults
    {
        @Inject
        ManagedExecutorService executor;
        @Inject
        ManagedScheduledExecutorService scheduled;
        @Inject
        ManagedThreadFactory threads;
    }

    @Dependent
    public static class MoreDefaults
    {
        @Inject
        ManagedExecutorService executor;
        @Inject
        ManagedScheduledExecutorService scheduled;
        @Inject
        ManagedThreadFactory threads;
    }

    @ApplicationScoped
    public static class Indexer
    {
        @Inject
        @Worker(value = "indexer", threads = 2)
        ManagedExecutorService executor;

        ManagedExecutorService executor()
        {
            return executor;
        }
    }

    @Dependent
    public static class IndexerAgain
    {
        final ManagedExecutorService executor;
        @Inject
        @Worker(value = "indexer", threads = 2)
        Instance<ManagedExecutorService> lookup;

        @Inject
        public IndexerAgain(@Worker(value = "indexer", threads = 2) ManagedExecutorService executor)
        {
            this.executor = executor;
        }
    }

    @Dependent
    public static class Mailer
    {
        @Inject
        @Worker("mailer")
        ManagedExecutorService executor;
        @Inject
        @Worker(value = "ticks", threads = 3)
        ManagedScheduledExecutorService ticks;
        @Inject
        @Worker("pollers")
        ManagedThreadFactory pollers;
    }

    @Dependent
    public static class OwnExecutor
    {
        static final ManagedExecutorService OWN = TestWebapps.INSTANCE.deploy("/own").executor("own", 1);

        @Produces
        ManagedExecutorService own()
        {
            return OWN;
        }
    }

    @Dependent
    public static class ThreadsOnFactory
    {
        @Inject
        @Worker(value = "pollers", threads = 4)
        ManagedThreadFactory pollers;
    }
}
