package dev.interlock.servlet;

import java.io.IOException;
import java.io.PrintWriter;

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
