package dev.interlock;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import dev.interlock.testing.TestServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
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

    /** Read-modify-write with a window between read and write: loses updates when run in parallel. */
    public static class RacyCounter extends HttpServlet
    {
        private int count;

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException
        {
            int read = count;
            try
            {
                Thread.sleep(1);
            }
            catch (InterruptedException x)
            {
                Thread.currentThread().interrupt();
            }
            count = read + 1;
            resp.setStatus(204);
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
        {
            resp.getWriter().print(count);
        }
    }

    private int runCounter(String lock) throws Exception
    {
        server = new TestServer();
        server.set("interlock.lock", lock);
        server.context("/counter", Map.of("/*", new RacyCounter()));
        server.start();
        List<ContentResponse> responses = server.load("POST", "/counter/increment", 400, 32);
        responses.forEach(r -> assertEquals(204, r.getStatus()));
        return Integer.parseInt(server.get("/counter/count").getContentAsString());
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
