package dev.interlock.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Servlets the engine's tests build from lambdas, and the ones several tests need: each takes a
 * probe that it calls with the name of the callback it is in, so that a test can record where
 * (which thread, which lock) application code ran.
 */
public final class Servlets
{
    private Servlets()
    {
    }

    /** A servlet's {@code service} as a lambda. */
    public interface Body
    {
        void handle(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException;
    }

    /**
     * @param body what {@code service} does
     * @return a servlet that does it
     */
    public static HttpServlet servlet(Body body)
    {
        return new HttpServlet()
        {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException
            {
                body.handle(req, resp);
            }
        };
    }

    /**
     * Reads the request body asynchronously with a {@link ReadListener} and answers
     * {@code read BODY}; the probe is called with {@code onDataAvailable} and
     * {@code onAllDataRead} from inside those callbacks.
     *
     * @param probe called with the name of each callback, on its thread
     * @return the servlet
     */
    public static HttpServlet readListener(Consumer<String> probe)
    {
        return servlet((req, resp) ->
        {
            AsyncContext async = req.startAsync();
            ServletInputStream in = req.getInputStream();
            StringBuilder body = new StringBuilder();
            in.setReadListener(new ReadListener()
            {
                @Override
                public void onDataAvailable() throws IOException
                {
                    probe.accept("onDataAvailable");
                    byte[] buffer = new byte[64];
                    while (in.isReady() && !in.isFinished())
                    {
                        int n = in.read(buffer);
                        if (n > 0)
                            body.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    }
                }

                @Override
                public void onAllDataRead() throws IOException
                {
                    probe.accept("onAllDataRead");
                    async.getResponse().getWriter().print("read " + body);
                    async.complete();
                }

                @Override
                public void onError(Throwable t)
                {
                    async.complete();
                }
            });
        });
    }
}
