package dev.interlock.jetty.ee10;

import jakarta.servlet.ServletResponse;

/**
 * How much of the response buffer the application has filled since the last flush, to tell a
 * write that can only land in the buffer from one that may reach the network and block.
 * An estimate: it does not see the container's own flushes, and counts characters as bytes for
 * the writer; erring either way only moves where the lock is released.
 */
final class ResponseBuffer
{
    private final ServletResponse response;
    private int filled;

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
}
