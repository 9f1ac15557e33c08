package it.war;

import java.io.IOException;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Packaged into test WARs: a counter that is not thread-safe on purpose ({@link RacyCount}).
 * {@code POST} increments and answers 204; {@code GET} answers the count, the name of the thread
 * and the class of the classloader.
 */
public class CounterServlet extends HttpServlet
{
    private final RacyCount count = new RacyCount();

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp)
    {
        count.increment();
        resp.setStatus(204);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException
    {
        resp.setContentType("text/plain");
        resp.getWriter().print(count.get() + " " + Thread.currentThread().getName() + " " + getClass().getClassLoader().getClass().getSimpleName());
    }

    /**
     * The one racy read-modify-write of the tests: read, pause 1 ms, write, so that two threads
     * inside at once lose an update, and a lock that keeps them apart loses none. Nested, so that
     * a WAR packaging {@link CounterServlet} packages it too.
     */
    public static final class RacyCount
    {
        private int value;

        /**
         * @return the count after this increment, as this thread wrote it
         */
        public int increment()
        {
            int read = value;
            try
            {
                Thread.sleep(1);
            }
            catch (InterruptedException x)
            {
                Thread.currentThread().interrupt();
            }
            value = read + 1;
            return value;
        }

        public int get()
        {
            return value;
        }
    }
}
