package dev.interlock.servlet;

import java.io.IOException;

import dev.interlock.group.Refusal;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Writes a {@link Refusal} on a servlet response: the requests refused once inside the webapp
 * (a lock not had in time, an {@code AsyncContext.start} task its executor group rejected).
 */
final class ServletRefusal
{
    private ServletRefusal()
    {
    }

    /**
     * @param response the response, not committed
     * @param refusal what to answer
     * @throws IOException if the body cannot be written
     */
    static void send(ServletResponse response, Refusal refusal) throws IOException
    {
        response.reset();
        if (response instanceof HttpServletResponse http)
        {
            http.setStatus(Refusal.STATUS);
            http.setHeader("Retry-After", refusal.retryAfterSeconds());
            http.setHeader("Cache-Control", Refusal.CACHE_CONTROL);
        }
        response.setContentType(Refusal.CONTENT_TYPE);
        byte[] body = refusal.bodyBytes();
        response.setContentLength(body.length);
        try
        {
            response.getOutputStream().write(body);
        }
        catch (IllegalStateException writerInUse)
        {
            // The application took the writer before it was refused; the body is ASCII.
            response.getWriter().print(refusal.body());
        }
    }
}
