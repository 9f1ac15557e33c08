package dev.interlock.arquillian.serial;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.interlock.arquillian.WeldWars;
import it.war.CounterServlet;
import journal.Journal;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpMethod;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@code @NotThreadSafe} CDI bean in a webapp whose lock discipline is {@code free} (nothing
 * in {@code arquillian.xml} names {@code tally}): 400 POSTs, 32 at a time, and 100 tasks of a
 * tracked executor increment its racy counter at the same time, and no update is lost; its
 * unmarked twin, given the same 400 POSTs, loses some.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public class NotThreadSafeBeanTest
{
    private static final int CONCURRENT = 32;
    private static final int TOTAL = 400;
    private static final int BACKGROUND = 100;

    private static HttpClient client;

    @ArquillianResource
    private URL base;

    @Deployment
    public static WebArchive war()
    {
        return WeldWars.create("tally.war")
            .addClasses(RacyCounter.class, CounterServlet.RacyCount.class, Tally.class, UnsafeTally.class, TallyServlet.class)
            .addAsLibrary(WeldWars.cdiExtensionJar());
    }

    @BeforeAll
    public static void startClient() throws Exception
    {
        client = new HttpClient();
        // 32 connections, so 32 requests in flight at once; the others queue in the client.
        client.setMaxConnectionsPerDestination(CONCURRENT);
        client.start();
    }

    @AfterAll
    public static void stopClient() throws Exception
    {
        client.stop();
    }

    @Test
    public void requestsAndBackgroundTasksLoseNoUpdate() throws Exception
    {
        Journal.clear("/tally");
        assertEquals("ok", post("tally/background?n=" + BACKGROUND).getContentAsString());
        assertEquals(List.of(), failures(postAll("tally/safe")));
        await().atMost(Duration.ofSeconds(30)).until(() -> Journal.read("/tally").size() == BACKGROUND);

        Map<String, String> seen = get("tally");
        assertEquals(String.valueOf(TOTAL + BACKGROUND), seen.get("safe"), "no lost update: " + seen);
        assertEquals("true", seen.get("safeHoldsLock"), "the marked bean runs under a lock in a free webapp: " + seen);
        assertEquals(BACKGROUND, Journal.read("/tally").size(), "nothing ran twice");
    }

    @Test
    public void theUnmarkedTwinLosesUpdates() throws Exception
    {
        assertEquals(List.of(), failures(postAll("tally/unsafe")));
        Map<String, String> seen = get("tally");
        // 32 requests at a time in a 1 ms window: they overlap all the time, and each overlap loses one.
        assertTrue(Integer.parseInt(seen.get("unsafe")) < TOTAL, "updates were lost: " + seen);
        assertEquals("false", seen.get("unsafeHoldsLock"), seen.toString());
    }

    /** {@value #TOTAL} POSTs, {@value #CONCURRENT} in flight at a time; waits for all, at most 90 s. */
    private List<ContentResponse> postAll(String path) throws Exception
    {
        URI uri = base.toURI().resolve(path);
        List<CompletableFuture<ContentResponse>> sent = new ArrayList<>();
        for (int i = 0; i < TOTAL; i++)
            sent.add(new CompletableResponseListener(client.newRequest(uri).method(HttpMethod.POST).timeout(60, TimeUnit.SECONDS)).send());
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
        List<ContentResponse> responses = new ArrayList<>();
        for (CompletableFuture<ContentResponse> response : sent)
            responses.add(response.join());
        return responses;
    }

    private static List<String> failures(List<ContentResponse> responses)
    {
        assertEquals(TOTAL, responses.size());
        return responses.stream().filter(r -> r.getStatus() != 200).map(r -> r.getStatus() + " " + r.getContentAsString()).distinct().toList();
    }

    private ContentResponse post(String path) throws Exception
    {
        return client.newRequest(base.toURI().resolve(path)).method(HttpMethod.POST).timeout(30, TimeUnit.SECONDS).send();
    }

    private Map<String, String> get(String path) throws Exception
    {
        ContentResponse response = client.newRequest(base.toURI().resolve(path)).timeout(30, TimeUnit.SECONDS).send();
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
