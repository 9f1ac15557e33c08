package dev.interlock;

import java.util.List;
import java.util.Map;

import dev.interlock.testing.Environment;
import dev.interlock.testing.TestServer;
import it.war.CounterServlet;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** For each environment Interlock covers (ee10, ee11). */
public class LockDisciplineTest
{
    private TestServer server;

    @AfterEach
    public void tearDown()
    {
        if (server != null)
            server.close();
    }

    private int runCounter(Environment environment, String lock) throws Exception
    {
        server = new TestServer();
        server.set("interlock.lock", lock);
        server.context(environment, "/counter", Map.of("/*", new CounterServlet()));
        server.start();
        List<ContentResponse> responses = server.load("POST", "/counter/increment", 400, 32);
        responses.forEach(r -> assertEquals(204, r.getStatus()));
        return server.count("/counter/count");
    }

    @ParameterizedTest
    @EnumSource(Environment.class)
    public void racyCounterLosesUpdatesUnderFree(Environment environment) throws Exception
    {
        int count = runCounter(environment, "free");
        assertTrue(count < 400, "expected lost updates under free, counted " + count);
    }

    @ParameterizedTest
    @EnumSource(Environment.class)
    public void racyCounterIsExactUnderApplication(Environment environment) throws Exception
    {
        assertEquals(400, runCounter(environment, "application"));
    }
}
