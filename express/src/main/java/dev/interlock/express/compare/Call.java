package dev.interlock.express.compare;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One HTTP call of a comparison: a method and a path relative to the WAR's root
 * ({@code POST /increment}, {@code GET /work?units=5}), sent to each mount in turn.
 *
 * @param method the HTTP method, upper case
 * @param path the path and query from the WAR's root, starting with {@code /}
 */
public record Call(String method, String path)
{
    private static final Pattern METHOD = Pattern.compile("[A-Z][A-Z-]*");

    public Call
    {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        if (!METHOD.matcher(method).matches())
            throw new IllegalArgumentException("'" + method + "' is not an HTTP method: give one in upper case, such as GET or POST");
        if (!path.startsWith("/"))
            throw new IllegalArgumentException("'" + path + "' is not a path from the WAR's root: it must start with /, such as /count");
        try
        {
            new URI("http://localhost" + path);
        }
        catch (URISyntaxException x)
        {
            throw new IllegalArgumentException("'" + path + "' is not a valid path and query: " + x.getReason());
        }
    }

    /**
     * Parses {@code [METHOD ]PATH}: {@code /count}, {@code POST /increment}.
     *
     * @param text what the user gave
     * @param defaultMethod the method when {@code text} names none
     * @throws IllegalArgumentException saying what is wrong and what is allowed
     */
    public static Call parse(String text, String defaultMethod)
    {
        String[] words = text.trim().split("\\s+");
        if (words.length == 1 && !words[0].isEmpty())
            return new Call(defaultMethod, words[0]);
        if (words.length == 2)
            return new Call(words[0], words[1]);
        throw new IllegalArgumentException("'" + text + "' must be [METHOD ]PATH, such as /count or 'POST /increment'");
    }

    /** @return {@code METHOD PATH} */
    @Override
    public String toString()
    {
        return method + " " + path;
    }
}
