package dev.interlock.jetty;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The status page: {@code status.html} next to this class, one response with its style and
 * script inline, and a {@code Content-Security-Policy} that admits exactly those two (by their
 * SHA-256) and requests to its own origin: no external script, style, font, image or frame.
 */
final class StatusPage
{
    private static final String TEMPLATE = read("status.html");
    private static final String JSON_URL = "{{json}}";

    /** The policy of every page: only its own inline style and script, fetches to its origin. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; " +
        "script-src '" + hash(between(TEMPLATE, "<script>", "</script>")) + "'; " +
        "style-src '" + hash(between(TEMPLATE, "<style>", "</style>")) + "'; " +
        "connect-src 'self'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private StatusPage()
    {
    }

    /**
     * @param jsonUrl the JSON's URL relative to the page, such as {@code status.json}
     * @return the page
     */
    static byte[] html(String jsonUrl)
    {
        // The status path's characters are letters, digits and . _ ~ - /: nothing to escape.
        return TEMPLATE.replace(JSON_URL, jsonUrl).getBytes(StandardCharsets.UTF_8);
    }

    private static String read(String resource)
    {
        try (InputStream in = StatusPage.class.getResourceAsStream(resource))
        {
            if (in == null)
                throw new IllegalStateException("Missing resource " + resource + " next to " + StatusPage.class.getName());
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException x)
        {
            throw new UncheckedIOException(x);
        }
    }

    private static String between(String text, String open, String close)
    {
        int start = text.indexOf(open);
        int end = text.indexOf(close, start);
        if (start < 0 || end < 0 || text.indexOf(open, end) >= 0)
            throw new IllegalStateException("status.html must hold exactly one " + open + "..." + close);
        return text.substring(start + open.length(), end);
    }

    private static String hash(String inline)
    {
        try
        {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(inline.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        }
        catch (NoSuchAlgorithmException x)
        {
            throw new IllegalStateException(x);
        }
    }
}
