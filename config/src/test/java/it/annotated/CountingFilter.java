package it.annotated;

import java.io.IOException;

import dev.interlock.api.NotThreadSafe;
import it.war.CounterServlet;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.annotation.WebFilter;

/**
 * A filter that is not thread-safe on purpose and declared so: {@code POST} increments a field
 * (read, pause, write) and answers 204, {@code GET} answers the count; it never calls the chain.
 */
@WebFilter("/filter-count")
@NotThreadSafe
public class CountingFilter extends HttpFilter
{
    private final CounterServlet.RacyCount count = new CounterServlet.RacyCount();

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain) throws IOException
    {
        if ("POST".equals(req.getMethod()))
        {
            count.increment();
            resp.setStatus(204);
            return;
        }
        resp.setContentType("text/plain");
        resp.getWriter().print(count.get());
    }
}
