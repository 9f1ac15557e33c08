package dev.interlock;

import java.util.List;
import java.util.Map;

import dev.interlock.testing.TestServer;
import it.war.CounterServlet;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class LockDisciplineTest
{
    private TestServer server;

    @AfterEach
    public void tearDown()
    {
        if (server != null)
            server.close();
    }

    private int runCounter(String lock) throws Exception
    {
        server = new TestServer();
        server.set("interlock.lock", lock);
        server.context("/counter", Map.of("/*", new CounterServlet()));
        server.start();
        List<ContentResponse> responses = server.load("POST", "/counter/increment", 400, 32);
        responses.forEach(r -> assertEquals(204, r.getStatus()));
        return server.count("/counter/count");
    }

    @Test
    public void racyCounterLosesUpdatesUnderFree() throws Exception
    {
        int count = runCounter("free");
        assertTrue(count < 400, "expected lost updates under free, counted " + count);
    }

    @Test
    public void racyCounterIsExactUnderApplication() throws Exception
    {
        assertEquals(400, runCounter("application"));
    }
}
