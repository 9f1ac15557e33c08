package dev.interlock.jetty;

import java.nio.ByteBuffer;

import dev.interlock.group.Refusal;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Writes a {@link Refusal} on Jetty's core response: the requests refused before they reach a
 * servlet (draining, executor group full or timed out).
 */
public final class ServiceUnavailable
{
    private ServiceUnavailable()
    {
    }

    /**
     * Completes {@code callback} with the refusal, or fails it if the response is committed.
     * Never blocks; may be called from any thread.
     *
     * @param response the response
     * @param callback the request's callback, completed by this call
     * @param refusal what to answer
     */
    public static void send(Response response, Callback callback, Refusal refusal)
    {
        if (response.isCommitted())
        {
            callback.failed(new IllegalStateException("Interlock: " + refusal.reason()));
            return;
        }
        response.reset();
        response.setStatus(Refusal.STATUS);
        response.getHeaders().put(HttpHeader.RETRY_AFTER, refusal.retryAfterSeconds());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Refusal.CONTENT_TYPE);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, Refusal.CACHE_CONTROL);
        response.write(true, ByteBuffer.wrap(refusal.bodyBytes()), callback);
    }
}
