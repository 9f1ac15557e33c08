package dev.interlock.distribution;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Real HTTP requests of the distribution tests to a Jetty on 127.0.0.1, each bounded in time. */
final class Traffic
{
    private Traffic()
    {
    }

    static ContentResponse get(HttpClient client, int port, String path) throws Exception
    {
        return client.newRequest("http://127.0.0.1:" + port + path).timeout(30, TimeUnit.SECONDS).send();
    }

    /**
     * Sends {@code count} concurrent {@code POST}s to a {@code CounterServlet} (each must answer
     * 204), then reads its count.
     *
     * @return the racy counter's count: {@code count} if no update was lost
     */
    static int postMany(HttpClient client, int port, String path, int count) throws Exception
    {
        List<CompletableFuture<ContentResponse>> responses = new ArrayList<>();
        for (int i = 0; i < count; i++)
            responses.add(new CompletableResponseListener(client.newRequest("http://127.0.0.1:" + port + path).method("POST").timeout(30, TimeUnit.SECONDS)).send());
        for (CompletableFuture<ContentResponse> r : responses)
            assertEquals(204, r.get(60, TimeUnit.SECONDS).getStatus());
        return Integer.parseInt(get(client, port, path).getContentAsString().split(" ")[0]);
    }

    /**
     * Sends 8 pairs of requests to two {@code OccupancyServlet}s that each wait up to
     * {@code meetMillis} inside the webapp for another one to be there too: a pair that can run
     * in parallel returns as soon as it meets, so a long window costs nothing there and makes
     * the meeting certain on a slow machine.
     */
    static void visitPairs(HttpClient client, int port, String first, String second, int meetMillis) throws Exception
    {
        List<CompletableFuture<ContentResponse>> responses = new ArrayList<>();
        for (int i = 0; i < 8; i++)
        {
            responses.add(new CompletableResponseListener(client.newRequest("http://127.0.0.1:" + port + first + "/x?meet=" + meetMillis).timeout(60, TimeUnit.SECONDS)).send());
            responses.add(new CompletableResponseListener(client.newRequest("http://127.0.0.1:" + port + second + "/x?meet=" + meetMillis).timeout(60, TimeUnit.SECONDS)).send());
        }
        for (CompletableFuture<ContentResponse> r : responses)
            assertEquals(200, r.get(60, TimeUnit.SECONDS).getStatus());
    }
}
