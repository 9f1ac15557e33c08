package dev.interlock.servlet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;

/**
 * The response output stream as a yield point. A write that fits in what is left of the
 * response buffer cannot reach the network and only passes a yield point; a write that may not
 * fit, a flush and a close may block on the client, so the lock is released around them.
 * Releasing on every small write would turn contention into a convoy (CPython's new-GIL
 * problem), hence the buffer accounting.
 */
class ReleasingOutputStream extends ServletOutputStream
{
    private final ServletOutputStream out;
    private final ResponseBuffer buffer;
    private final LockedCallbacks callbacks;
    private boolean nonBlocking;

    ReleasingOutputStream(ServletOutputStream out, ResponseBuffer buffer, LockedCallbacks callbacks)
    {
        this.out = out;
        this.buffer = buffer;
        this.callbacks = callbacks;
    }

    private boolean mayBlock(int len)
    {
        return !nonBlocking && buffer.mayBlock(len);
    }

    @Override
    public void write(int b) throws IOException
    {
        if (mayBlock(1))
        {
            YieldingIo.blockingRun(() -> out.write(b));
        }
        else
        {
            out.write(b);
            YieldingIo.yieldPoint();
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException
    {
        if (mayBlock(len))
        {
            YieldingIo.blockingRun(() -> out.write(b, off, len));
        }
        else
        {
            out.write(b, off, len);
            YieldingIo.yieldPoint();
        }
    }

    /**
     * Servlet 6.1's {@code write(ByteBuffer)}: a method of this class only under 6.0, which has
     * none, and the override under 6.1. Written through the array method, so that a write that
     * may block releases the lock and one that fits in the buffer does not.
     *
     * @param buffer what to write; its position ends at its limit
     * @throws IOException if the write fails
     * @throws IllegalStateException in non-blocking mode, if the stream is not ready
     */
    public void write(ByteBuffer buffer) throws IOException
    {
        Objects.requireNonNull(buffer);
        if (nonBlocking && !isReady())
            throw new IllegalStateException("not ready: call isReady() before writing in non-blocking mode");
        int len = buffer.remaining();
        if (len == 0)
            return;
        if (buffer.hasArray())
        {
            write(buffer.array(), buffer.arrayOffset() + buffer.position(), len);
            buffer.position(buffer.limit());
        }
        else
        {
            byte[] bytes = new byte[len];
            buffer.get(bytes);
            write(bytes, 0, len);
        }
    }

    @Override
    public void flush() throws IOException
    {
        buffer.flushed();
        if (nonBlocking)
            out.flush();
        else
            YieldingIo.blockingRun(out::flush);
    }

    @Override
    public void close() throws IOException
    {
        buffer.flushed();
        if (nonBlocking)
            out.close();
        else
            YieldingIo.blockingRun(out::close);
    }

    @Override
    public boolean isReady()
    {
        return out.isReady();
    }

    @Override
    public void setWriteListener(WriteListener listener)
    {
        nonBlocking = true;
        out.setWriteListener(callbacks.writeListener(listener));
    }
}
