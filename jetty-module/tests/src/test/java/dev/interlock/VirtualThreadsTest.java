package dev.interlock;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;

import dev.interlock.testing.TestServer;
import it.war.CounterServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An executor group with {@code virtual=true} on Java 21+: requests run on virtual threads,
 * bounded by {@code threads}, and the lock disciplines hold there too. {@code .ci/run} runs
 * this class again on Java 25.
 */
@Tag("virtual-threads")
@EnabledForJreRange(min = JRE.JAVA_21)
public class VirtualThreadsTest
{
    private TestServer server;

    @AfterEach
    public void tearDown()
    {
        server.close();
    }

    static boolean isVirtual(Thread thread)
    {
        try
        {
            Method m = Thread.class.getMethod("isVirtual");
            return (Boolean)m.invoke(thread);
        }
        catch (ReflectiveOperationException x)
        {
            return false;
        }
    }

    @Test
    public void requestsRunOnVirtualThreadsUnderTheDiscipline() throws Exception
    {
        server = new TestServer();
        server.set("interlock.executor-groups.v.virtual", "true");
        server.set("interlock.executor-groups.v.threads", "8");
        server.set("interlock.executor-group", "v");
        server.set("interlock.lock", "application");
        server.context("/counter", Map.of("/*", new CounterServlet()));
        server.context("/where", Map.of("/*", new HttpServlet()
        {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
            {
                resp.getWriter().print(isVirtual(Thread.currentThread()) + " " + Thread.currentThread().getName());
            }
        }));
        server.start();
        ContentResponse where = server.get("/where/x");
        assertEquals("true interlock-v-", where.getContentAsString().replaceAll("\\d+$", ""));
        List<ContentResponse> responses = server.load("POST", "/counter/increment", 300, 24);
        responses.forEach(r -> assertEquals(204, r.getStatus()));
        assertEquals(300, server.count("/counter/count"));
        assertEquals(true, server.interlock().getExecutorGroup("v").isVirtual());
    }
}
