package dev.interlock.servlet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

/**
 * The request input stream as a yield point: a read that finds no data available may block on
 * the client, so the lock is released around it; a read served from data already received only
 * passes a yield point.
 */
class ReleasingInputStream extends ServletInputStream
{
    private final ServletInputStream in;
    private final LockedCallbacks callbacks;
    private boolean nonBlocking;

    ReleasingInputStream(ServletInputStream in, LockedCallbacks callbacks)
    {
        this.in = in;
        this.callbacks = callbacks;
    }

    private boolean mayBlock() throws IOException
    {
        return !nonBlocking && !in.isFinished() && in.available() <= 0;
    }

    @Override
    public int read() throws IOException
    {
        if (mayBlock())
            return YieldingIo.blocking(in::read);
        int r = in.read();
        YieldingIo.yieldPoint();
        return r;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException
    {
        if (mayBlock())
            return YieldingIo.blocking(() -> in.read(b, off, len));
        int r = in.read(b, off, len);
        YieldingIo.yieldPoint();
        return r;
    }

    /**
     * Servlet 6.1's {@code read(ByteBuffer)}: a method of this class only under 6.0, which has
     * none, and the override under 6.1. The API's own checks {@code isReady()} first, which in
     * blocking mode is {@code false} until data has arrived (Jetty's {@code HttpInput}): a
     * blocking read would throw instead of waiting. Read through the array method instead, which
     * waits, and releases the lock while it does.
     *
     * @param buffer where to put what is read
     * @return the number of bytes read, or -1 at the end of the body
     * @throws IOException if the read fails
     * @throws IllegalStateException in non-blocking mode, if no data is ready
     */
    public int read(ByteBuffer buffer) throws IOException
    {
        Objects.requireNonNull(buffer);
        if (nonBlocking && !isReady())
            throw new IllegalStateException("not ready: call isReady() before reading in non-blocking mode");
        if (!buffer.hasRemaining())
            return 0;
        if (buffer.hasArray())
        {
            int n = read(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
            if (n > 0)
                buffer.position(buffer.position() + n);
            return n;
        }
        byte[] bytes = new byte[buffer.remaining()];
        int n = read(bytes, 0, bytes.length);
        if (n > 0)
            buffer.put(bytes, 0, n);
        return n;
    }

    @Override
    public int readLine(byte[] b, int off, int len) throws IOException
    {
        if (mayBlock())
            return YieldingIo.blocking(() -> in.readLine(b, off, len));
        return in.readLine(b, off, len);
    }

    @Override
    public int available() throws IOException
    {
        return in.available();
    }

    @Override
    public void close() throws IOException
    {
        in.close();
    }

    @Override
    public boolean isFinished()
    {
        return in.isFinished();
    }

    @Override
    public boolean isReady()
    {
        return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener)
    {
        nonBlocking = true;
        in.setReadListener(callbacks.readListener(listener));
    }
}
