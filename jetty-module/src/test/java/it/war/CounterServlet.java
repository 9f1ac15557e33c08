package it.war;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Packaged into test WARs: a counter that is not thread-safe on purpose (read, pause, write).
 * {@code POST} increments and answers 204; {@code GET} answers the count and the name of the
 * thread.
 */
public class CounterServlet extends HttpServlet
{
    private int count;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp)
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
        resp.setContentType("text/plain");
        resp.getWriter().print(count + " " + Thread.currentThread().getName() + " " + getClass().getClassLoader().getClass().getSimpleName());
    }
}
