package dev.interlock.servlet;

import jakarta.servlet.ServletResponse;

/**
 * How much of the response buffer the application has filled since the last flush, to tell a
 * write that can only land in the buffer from one that may reach the network and block: a
 * write that overflows the buffer, or one that completes the declared content length (the
 * container then commits and sends the response inside that write). An estimate: it does not
 * see the container's own flushes, and counts characters as bytes for the writer; erring
 * either way only moves where the lock is released.
 */
final class ResponseBuffer
{
    private final ServletResponse response;
    private int filled;
    private long written;
    private long contentLength = -1;

    ResponseBuffer(ServletResponse response)
    {
        this.response = response;
    }

    /**
     * Accounts for a write of {@code length} units.
     *
     * @return whether the write may not fit in what is left of the buffer
     */
    boolean mayBlock(int length)
    {
        written += length;
        if (contentLength >= 0 && written >= contentLength)
            return true;
        int size = response.getBufferSize();
        if (filled + length < size)
        {
            filled += length;
            return false;
        }
        filled = size <= 0 ? 0 : (int)(((long)filled + length) % size);
        return true;
    }

    void flushed()
    {
        filled = 0;
    }

    void contentLength(long length)
    {
        contentLength = length;
    }

    void reset()
    {
        filled = 0;
        written = 0;
        contentLength = -1;
    }
}
