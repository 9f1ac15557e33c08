package dev.interlock.servlet;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * The request reader as a yield point: a read that finds nothing ready may block on the client,
 * so the lock is released around it.
 */
class ReleasingReader extends BufferedReader
{
    private final BufferedReader reader;

    ReleasingReader(BufferedReader reader)
    {
        super(reader, 1);
        this.reader = reader;
    }

    @Override
    public int read() throws IOException
    {
        if (reader.ready())
            return reader.read();
        return YieldingIo.blocking(reader::read);
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException
    {
        if (reader.ready())
            return reader.read(cbuf, off, len);
        return YieldingIo.blocking(() -> reader.read(cbuf, off, len));
    }

    @Override
    public String readLine() throws IOException
    {
        return YieldingIo.blocking(reader::readLine);
    }

    @Override
    public boolean ready() throws IOException
    {
        return reader.ready();
    }

    @Override
    public long skip(long n) throws IOException
    {
        return YieldingIo.blocking(() -> reader.skip(n));
    }

    @Override
    public void close() throws IOException
    {
        reader.close();
    }

    @Override
    public boolean markSupported()
    {
        return reader.markSupported();
    }

    @Override
    public void mark(int readAheadLimit) throws IOException
    {
        reader.mark(readAheadLimit);
    }

    @Override
    public void reset() throws IOException
    {
        reader.reset();
    }
}
