package dev.interlock.group;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * How Interlock refuses a request, the one definition every layer writes: {@code 503} with
 * {@code Retry-After} in whole seconds (rounded up), {@code Cache-Control: no-store} and a short
 * plain-text reason. A response already committed cannot be refused; it is aborted instead.
 *
 * @param reason why, for the body and the logs
 * @param retryAfter the {@code interlock.retry-after} in force
 */
public record Refusal(String reason, Duration retryAfter)
{
    /** The status of every refusal. */
    public static final int STATUS = 503;
    public static final String CONTENT_TYPE = "text/plain;charset=utf-8";
    public static final String CACHE_CONTROL = "no-store";

    /**
     * @return the {@code Retry-After} header's value
     */
    public String retryAfterSeconds()
    {
        return retryAfterSeconds(retryAfter);
    }

    /**
     * @param retryAfter a delay
     * @return it in whole seconds, rounded up, as {@code Retry-After} takes it
     */
    public static String retryAfterSeconds(Duration retryAfter)
    {
        long millis = retryAfter.toMillis();
        return Long.toString((millis + 999) / 1000);
    }

    /**
     * @return the body, one line
     */
    public String body()
    {
        return "503 Service Unavailable: " + reason + "\n";
    }

    /**
     * @return the body as UTF-8
     */
    public byte[] bodyBytes()
    {
        return body().getBytes(StandardCharsets.UTF_8);
    }
}
