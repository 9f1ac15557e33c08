package dev.interlock;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.interlock.testing.Environment;
import dev.interlock.testing.Occupancy;
import dev.interlock.testing.TestServer;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two webapps in one executor group: under {@code shared} their application code never runs at
 * the same time; under {@code application} it does. Observed by the servlets' own occupancy
 * counts, not by timing.
 */
public class OccupancyTest
{
    private TestServer server;
    private final Occupancy occupancy = new Occupancy();

    @AfterEach
    public void tearDown()
    {
        server.close();
    }

    private void startTwoWebapps(String lock) throws Exception
    {
        startTwoWebapps(lock, Environment.EE10, Environment.EE10);
    }

    private void startTwoWebapps(String lock, Environment one, Environment two) throws Exception
    {
        server = new TestServer();
        server.set("interlock.executor-groups.pair.threads", "16");
        server.set("interlock.executor-group", "pair");
        server.set("interlock.executor-groups.pair.lock", lock);
        server.context(one, "/one", Map.of("/*", occupancy.servlet()));
        server.context(two, "/two", Map.of("/*", occupancy.servlet()));
        server.start();
    }

    private void loadBoth(int perWebapp, int meetMillis) throws Exception
    {
        loadBoth(perWebapp, meetMillis, 2);
    }

    private void loadBoth(int perWebapp, int meetMillis, int want) throws Exception
    {
        List<CompletableFuture<ContentResponse>> responses = new ArrayList<>();
        for (int i = 0; i < perWebapp; i++)
        {
            for (String webapp : List.of("/one", "/two"))
                responses.add(new CompletableResponseListener(server.request(webapp + "/x?meet=" + meetMillis + "&want=" + want)).send());
        }
        for (CompletableFuture<ContentResponse> r : responses)
        {
            ContentResponse response = r.get(60, TimeUnit.SECONDS);
            assertEquals(200, response.getStatus());
            assertTrue(server.interlock().getExecutorGroup("pair") == null || response.getContentAsString().startsWith("interlock-pair"), response.getContentAsString());
        }
    }

    @Test
    public void sharedNeverRunsTwoWebappsAtOnce() throws Exception
    {
        startTwoWebapps("shared");
        loadBoth(12, 20);
        assertEquals(1, occupancy.max());
    }

    /** One server, an ee10 and an ee11 webapp, one executor group, one shared lock. */
    @Test
    public void sharedNeverRunsAnEe10AndAnEe11WebappAtOnce() throws Exception
    {
        startTwoWebapps("shared", Environment.EE10, Environment.EE11);
        loadBoth(12, 20);
        assertEquals(1, occupancy.max());
        assertEquals(org.eclipse.jetty.ee11.servlet.ServletContextHandler.class,
            server.contexts().getDescendants(org.eclipse.jetty.server.handler.ContextHandler.class).stream()
                .filter(c -> c.getContextPath().equals("/two")).findFirst().orElseThrow().getClass());
    }

    /** The twin that shows the one above could fail: the same pair under {@code application}. */
    @Test
    public void applicationRunsAnEe10AndAnEe11WebappInParallel() throws Exception
    {
        startTwoWebapps("application", Environment.EE10, Environment.EE11);
        loadBoth(12, 2000);
        assertEquals(2, occupancy.max());
    }

    @Test
    public void applicationRunsTwoWebappsInParallelButEachAlone() throws Exception
    {
        startTwoWebapps("application");
        loadBoth(12, 2000);
        assertEquals(2, occupancy.max());
    }

    @Test
    public void webappsInOneApplicationGroupShareItsLock() throws Exception
    {
        server = new TestServer();
        server.set("interlock.lock", "application");
        server.set("interlock.webapps.one.application-group", "common");
        server.set("interlock.webapps.two.application-group", "common");
        server.context("/one", Map.of("/*", occupancy.servlet()));
        server.context("/two", Map.of("/*", occupancy.servlet()));
        server.start();
        loadBoth(12, 20);
        assertEquals(1, occupancy.max());
        var group = server.interlock().getApplicationGroup("server", "common");
        assertEquals(Map.of("one", "application", "two", "application"), group.getDisciplines());
        // One acquisition per request, plus one more for each hand-over at a yield point (the
        // servlet's write, once a waiter has waited the switch interval).
        assertEquals(24, group.getOwnLock().getAcquisitions() - group.getOwnLock().getHandOvers());
    }

    @Test
    public void freeRunsManyAtOnce() throws Exception
    {
        startTwoWebapps("free");
        loadBoth(12, 2000, 3);
        assertTrue(occupancy.max() > 2, "max occupancy " + occupancy.max());
    }
}
