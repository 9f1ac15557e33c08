package dev.interlock.benchmarks.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The hello servlet: a fixed, small text body written through the response writer, so the write
 * always fits the response buffer (no blocking I/O, hence no lock release under Interlock).
 */
public class HelloServlet extends HttpServlet
{
    static final String BODY = "Hello, World!\n";
    private static final int LENGTH = BODY.getBytes(StandardCharsets.UTF_8).length;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException
    {
        response.setContentType("text/plain;charset=utf-8");
        response.setContentLength(LENGTH);
        response.getWriter().print(BODY);
    }
}
