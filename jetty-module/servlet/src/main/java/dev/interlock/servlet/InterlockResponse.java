package dev.interlock.servlet;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * The response as application code sees it under a lock: its stream and writer release the
 * lock around output that may block.
 */
class InterlockResponse extends HttpServletResponseWrapper
{
    // Servlet 6.1's sendRedirect(String, int, boolean), absent from 6.0, which this class is
    // compiled against; null when the runtime API is 6.0, where nothing can call the methods below.
    private static final MethodHandle SEND_REDIRECT_61 = sendRedirect61();

    private final LockedCallbacks callbacks;
    private final ResponseBuffer buffer = new ResponseBuffer(this);
    private ReleasingOutputStream out;
    private ReleasingWriter writer;

    private InterlockResponse(HttpServletResponse response, LockedCallbacks callbacks)
    {
        super(response);
        this.callbacks = callbacks;
    }

    static ServletResponse wrap(ServletResponse response, LockedCallbacks callbacks)
    {
        if (!(response instanceof HttpServletResponse http) || InterlockRequest.wraps(response, InterlockResponse.class))
            return response;
        return new InterlockResponse(http, callbacks);
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException
    {
        ServletOutputStream stream = super.getOutputStream();
        if (out == null)
            out = new ReleasingOutputStream(stream, buffer, callbacks);
        return out;
    }

    @Override
    public PrintWriter getWriter() throws IOException
    {
        PrintWriter w = super.getWriter();
        if (writer == null)
            writer = new ReleasingWriter(w, buffer);
        return writer;
    }

    @Override
    public void flushBuffer() throws IOException
    {
        buffer.flushed();
        YieldingIo.blockingRun(super::flushBuffer);
    }

    /** May commit and write the response, reaching the client: released around it, as a flush is. */
    @Override
    public void sendError(int sc, String msg) throws IOException
    {
        buffer.flushed();
        YieldingIo.blockingRun(() -> super.sendError(sc, msg));
    }

    @Override
    public void sendError(int sc) throws IOException
    {
        buffer.flushed();
        YieldingIo.blockingRun(() -> super.sendError(sc));
    }

    @Override
    public void sendRedirect(String location) throws IOException
    {
        buffer.flushed();
        YieldingIo.blockingRun(() -> super.sendRedirect(location));
    }

    /**
     * Servlet 6.1's {@code sendRedirect(String, int, boolean)}: the override under 6.1 (a method
     * of this class only under 6.0, where nothing calls it). Commits the response, as
     * {@link #sendRedirect(String)} does: released around it.
     *
     * @param location where to
     * @param sc the redirect status
     * @param clearBuffer whether to clear the buffered content
     * @throws IOException if writing the response fails
     */
    public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException
    {
        if (SEND_REDIRECT_61 == null)
            throw new UnsupportedOperationException("sendRedirect(String, int, boolean) is Servlet 6.1's; the Servlet API here is older");
        buffer.flushed();
        YieldingIo.blockingRun(() ->
        {
            try
            {
                SEND_REDIRECT_61.invoke((HttpServletResponse)getResponse(), location, sc, clearBuffer);
            }
            catch (IOException | RuntimeException | Error x)
            {
                throw x;
            }
            catch (Throwable x)
            {
                throw new IOException(x);
            }
        });
    }

    /**
     * Servlet 6.1's {@code sendRedirect(String, boolean)}, as the API defines it: a 302.
     *
     * @param location where to
     * @param clearBuffer whether to clear the buffered content
     * @throws IOException if writing the response fails
     */
    public void sendRedirect(String location, boolean clearBuffer) throws IOException
    {
        sendRedirect(location, SC_FOUND, clearBuffer);
    }

    /**
     * Servlet 6.1's {@code sendRedirect(String, int)}, as the API defines it: the buffer cleared.
     *
     * @param location where to
     * @param sc the redirect status
     * @throws IOException if writing the response fails
     */
    public void sendRedirect(String location, int sc) throws IOException
    {
        sendRedirect(location, sc, true);
    }

    private static MethodHandle sendRedirect61()
    {
        try
        {
            return MethodHandles.publicLookup().findVirtual(HttpServletResponse.class, "sendRedirect",
                MethodType.methodType(void.class, String.class, int.class, boolean.class));
        }
        catch (NoSuchMethodException | IllegalAccessException x)
        {
            return null;
        }
    }

    @Override
    public void reset()
    {
        buffer.reset();
        super.reset();
    }

    @Override
    public void setContentLength(int len)
    {
        buffer.contentLength(len);
        super.setContentLength(len);
    }

    @Override
    public void setContentLengthLong(long len)
    {
        buffer.contentLength(len);
        super.setContentLengthLong(len);
    }

    @Override
    public void setHeader(String name, String value)
    {
        contentLengthHeader(name, value);
        super.setHeader(name, value);
    }

    @Override
    public void addHeader(String name, String value)
    {
        contentLengthHeader(name, value);
        super.addHeader(name, value);
    }

    @Override
    public void setIntHeader(String name, int value)
    {
        contentLengthHeader(name, Integer.toString(value));
        super.setIntHeader(name, value);
    }

    private void contentLengthHeader(String name, String value)
    {
        if ("Content-Length".equalsIgnoreCase(name))
        {
            try
            {
                buffer.contentLength(value == null ? -1 : Long.parseLong(value.trim()));
            }
            catch (NumberFormatException x)
            {
                // The container rejects it; nothing to account for.
                buffer.contentLength(-1);
            }
        }
    }

    @Override
    public void resetBuffer()
    {
        buffer.flushed();
        super.resetBuffer();
    }
}
