package dev.interlock.servlet;

import java.io.IOException;

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
