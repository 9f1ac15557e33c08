package dev.interlock.samples.support;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Query-parameter validation: a bad or missing number is a 400 naming the parameter. */
public final class Params
{
    private Params()
    {
    }

    public static int intParam(HttpServletRequest request, String name, int min, int max)
    {
        String text = request.getParameter(name);
        if (text == null || text.isBlank())
            throw new IllegalArgumentException("missing query parameter '" + name + "' (an integer from " + min + " to " + max + ")");
        int value;
        try
        {
            value = Integer.parseInt(text.trim());
        }
        catch (NumberFormatException e)
        {
            throw new IllegalArgumentException("query parameter '" + name + "' is not an integer: '" + text + "'");
        }
        if (value < min || value > max)
            throw new IllegalArgumentException("query parameter '" + name + "' must be from " + min + " to " + max + ", not " + value);
        return value;
    }

    /**
     * Like {@link #intParam(HttpServletRequest, String, int, int)}, with a default for a missing
     * parameter.
     */
    public static int intParam(HttpServletRequest request, String name, int min, int max, int defaultValue)
    {
        String text = request.getParameter(name);
        return text == null || text.isBlank() ? defaultValue : intParam(request, name, min, max);
    }

    public static void badRequest(HttpServletResponse response, String message) throws IOException
    {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        response.setContentType("text/plain;charset=utf-8");
        response.getWriter().println(message);
    }
}
