package dev.interlock.jetty;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The one way Interlock refuses a request: 503 with {@code Retry-After} and a short plain-text
 * reason, or an aborted response if it was already committed.
 */
public final class ServiceUnavailable
{
    private ServiceUnavailable()
    {
    }

    /**
     * @param retryAfter the {@code interlock.retry-after} value
     * @return the header value in whole seconds, rounded up
     */
    public static String retryAfterSeconds(Duration retryAfter)
    {
        long millis = retryAfter.toMillis();
        return Long.toString((millis + 999) / 1000);
    }

    /**
     * Completes {@code callback} with a 503 response, or fails it if the response is committed.
     * Never blocks; may be called from any thread.
     *
     * @param response the response
     * @param callback the request's callback, completed by this call
     * @param retryAfter the {@code Retry-After} delay
     * @param reason a short reason for the body
     */
    public static void send(Response response, Callback callback, Duration retryAfter, String reason)
    {
        if (response.isCommitted())
        {
            callback.failed(new IllegalStateException("Interlock: " + reason));
            return;
        }
        response.reset();
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE_503);
        response.getHeaders().put(HttpHeader.RETRY_AFTER, retryAfterSeconds(retryAfter));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        ByteBuffer body = StandardCharsets.UTF_8.encode("503 Service Unavailable: " + reason + "\n");
        response.write(true, body, callback);
    }
}
