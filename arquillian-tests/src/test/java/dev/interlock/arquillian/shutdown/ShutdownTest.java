package dev.interlock.arquillian.shutdown;

import java.lang.ref.WeakReference;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import dev.interlock.arquillian.WeldWars;
import journal.Journal;
import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clean shutdown of CDI webapps (Weld, the Interlock CDI extension): in-flight requests finish
 * before the {@code Stopping} event, which comes while beans are usable and before
 * {@code @BeforeDestroyed} and {@code @PreDestroy}; tracked workers are joined, interrupted and
 * their unstarted tasks handed back; 50 redeploys leave no thread and no classloader behind.
 * The build runs it twice: on the container's default ee10 environment, and on ee11.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public class ShutdownTest
{
    private HttpClient client;

    @ArquillianResource
    private Deployer deployer;

    @ArquillianResource
    private Server server;

    private static WebArchive war(String name)
    {
        return WeldWars.create(name + ".war")
            .addClasses(JobsBean.class, JobsBean.Job.class, JobsServlet.class)
            .addAsLibrary(WeldWars.cdiExtensionJar());
    }

    @Deployment(name = "drain", managed = false)
    public static WebArchive drain()
    {
        return war("drain");
    }

    @Deployment(name = "workers", managed = false)
    public static WebArchive workers()
    {
        return war("workers");
    }

    @Deployment(name = "cycle", managed = false)
    public static WebArchive cycle()
    {
        return war("cycle");
    }

    @BeforeEach
    public void setUp() throws Exception
    {
        client = new HttpClient();
        client.start();
    }

    @AfterEach
    public void tearDown() throws Exception
    {
        client.stop();
    }

    private String base()
    {
        return "http://127.0.0.1:" + ((NetworkConnector)server.getConnectors()[0]).getLocalPort();
    }

    private ContentResponse get(String path) throws Exception
    {
        return client.newRequest(URI.create(base() + path)).timeout(30, TimeUnit.SECONDS).send();
    }

    @Test
    public void inFlightRequestsFinishBeforeStoppingWhichComesBeforePreDestroy() throws Exception
    {
        Journal.clear("/drain");
        deployer.deploy("drain");
        CompletableFuture<ContentResponse> inFlight = new CompletableResponseListener(client.newRequest(URI.create(base() + "/drain/slow")).timeout(30, TimeUnit.SECONDS)).send();
        await().atMost(Duration.ofSeconds(10)).until(() -> Journal.read("/drain").contains("request started"));
        // Arquillian's deployer works on the test thread only: the checks made while the webapp
        // drains run beside it, and open the gate when done.
        CompletableFuture<List<Integer>> whileDraining = CompletableFuture.supplyAsync(() ->
        {
            try
            {
                await().atMost(Duration.ofSeconds(10)).until(() -> get("/drain/x").getStatus() == 503);
                ContentResponse refused = get("/drain/x");
                List<Integer> seen = List.of(refused.getStatus(), Integer.parseInt(refused.getHeaders().get("Retry-After")), Journal.read("/drain").size());
                return seen;
            }
            catch (Exception x)
            {
                throw new IllegalStateException(x);
            }
            finally
            {
                Journal.open("/drain");
            }
        });
        deployer.undeploy("drain");
        // 503, Retry-After: 1, and only "request started" in the journal while it drained.
        assertEquals(List.of(503, 1, 1), whileDraining.get(30, TimeUnit.SECONDS));
        assertEquals(200, inFlight.get(30, TimeUnit.SECONDS).getStatus());
        assertEquals(List.of("request started", "request done", "stopping UNDEPLOY with usable beans true", "before destroyed", "pre destroy"),
            Journal.read("/drain"));
    }

    @Test
    public void workersAreJoinedInterruptedAndUnstartedJobsHandedBack() throws Exception
    {
        Journal.clear("/workers");
        deployer.deploy("workers");
        assertEquals("ok", get("/workers/jobs?submit=3").getContentAsString());
        await().atMost(Duration.ofSeconds(10)).until(() -> Journal.read("/workers").contains("job 1 started"));
        deployer.undeploy("workers");
        // Written by the job's own thread once interrupted, which the stop does not wait on forever.
        await().atMost(Duration.ofSeconds(10)).until(() -> Journal.read("/workers").contains("job 1 interrupted"));
        List<String> journal = Journal.read("/workers");
        assertTrue(journal.contains("handed back jobs [job 2, job 3]"), journal.toString());
        assertTrue(journal.indexOf("stopping UNDEPLOY with usable beans true") < journal.indexOf("job 1 interrupted"), journal.toString());
        assertTrue(journal.indexOf("handed back jobs [job 2, job 3]") < journal.indexOf("pre destroy"), journal.toString());
    }

    private static Set<String> threadNames()
    {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).collect(Collectors.toSet());
    }

    @Test
    public void fiftyRedeploysLeaveNoThreadsAndNoClassloaders() throws Exception
    {
        List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
        deployer.deploy("cycle");
        get("/cycle/jobs?submit=0");
        deployer.undeploy("cycle");
        int baseline = threadNames().size();
        for (int i = 0; i < 50; i++)
        {
            Journal.clear("/cycle");
            deployer.deploy("cycle");
            Journal.open("/cycle");
            assertEquals("ok", get("/cycle/jobs?submit=1").getContentAsString());
            await().atMost(Duration.ofSeconds(10)).until(() -> Journal.read("/cycle").contains("job 1 done"));
            for (ContextHandler context : server.getDescendants(ContextHandler.class))
            {
                if (context.getContextPath().equals("/cycle"))
                    loaders.add(new WeakReference<>(context.getClassLoader()));
            }
            deployer.undeploy("cycle");
        }
        assertEquals(50, loaders.size());
        // Jetty keeps the last context a connection or thread served reachable until it serves
        // something else: close the connections and serve a few other requests, as a live
        // server would.
        client.stop();
        client.start();
        for (int i = 0; i < 8; i++)
            get("/nowhere");
        // Bounded: a collection every 200 ms for up to 30 s, until none of them is reachable.
        AtomicReference<List<Integer>> left = new AtomicReference<>(List.of());
        try
        {
            await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200)).until(() ->
            {
                System.gc();
                List<Integer> reachable = new ArrayList<>();
                for (int i = 0; i < loaders.size(); i++)
                {
                    if (loaders.get(i).get() != null)
                        reachable.add(i);
                }
                left.set(reachable);
                return reachable.isEmpty();
            });
        }
        catch (ConditionTimeoutException stillReachable)
        {
            // Reported just below, with the threads that may keep them reachable.
        }
        assertEquals(List.of(), left.get(), () -> "webapp classloaders of these redeploys are still reachable; threads with a webapp context classloader: " +
            Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getContextClassLoader() instanceof org.eclipse.jetty.ee.webapp.WebAppClassLoader)
                .map(t -> t.getName() + " " + t.getState())
                .collect(Collectors.toList()));
        await().atMost(Duration.ofSeconds(30)).until(() -> threadNames().stream().noneMatch(n -> n.startsWith("interlock-worker-cycle")));
        assertTrue(threadNames().size() <= baseline + 2, "threads before " + baseline + ", after " + threadNames());
    }
}
