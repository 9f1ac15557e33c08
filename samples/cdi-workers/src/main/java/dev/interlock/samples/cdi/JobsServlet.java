package dev.interlock.samples.cdi;

import java.io.IOException;

import dev.interlock.samples.support.Params;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code POST /jobs?count=N} queues N jobs (1 to 10000; 202, or 503 once the webapp is
 * stopping); {@code GET /jobs} answers the counts as JSON:
 * {@code {"queued": 3, "running": 2, "done": 17, "failed": 0, "handedBack": 0, "accepting": true}}.
 *
 * <p>The queue is looked up with {@code CDI.current()} rather than injected: Weld can inject
 * into servlets on Jetty 12 only through Jetty's CDI integration (the {@code ee10-cdi}
 * module's decorating listener), which this sample does not require.</p>
 */
public class JobsServlet extends HttpServlet
{
    static final int MAX_COUNT = 10_000;

    private transient JobQueue queue;

    @Override
    public void init() throws ServletException
    {
        // a client proxy: the bean itself is created on first use
        queue = CDI.current().select(JobQueue.class).get();
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException
    {
        int count;
        try
        {
            count = Params.intParam(request, "count", 1, MAX_COUNT);
        }
        catch (IllegalArgumentException e)
        {
            Params.badRequest(response, e.getMessage());
            return;
        }
        if (!queue.enqueue(count))
        {
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setHeader("Retry-After", "1");
            response.setContentType("text/plain;charset=utf-8");
            response.getWriter().println("stopping: no new jobs are taken");
            return;
        }
        response.setStatus(HttpServletResponse.SC_ACCEPTED);
        json(response);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException
    {
        json(response);
    }

    private void json(HttpServletResponse response) throws IOException
    {
        response.setContentType("application/json;charset=utf-8");
        response.getWriter().println(queue.status());
    }
}
