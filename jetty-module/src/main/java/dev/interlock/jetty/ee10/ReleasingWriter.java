package dev.interlock.jetty.ee10;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

import jakarta.servlet.ServletResponse;

/**
 * The response writer as a yield point, with the same buffer accounting as
 * {@link ReleasingOutputStream} (in characters, a lower bound of the bytes they encode to).
 * Every {@code print}, {@code println} and {@code format} of {@link PrintWriter} funnels into the
 * {@code write} methods overridden here.
 */
class ReleasingWriter extends PrintWriter
{
    private final PrintWriter writer;
    private final ServletResponse response;
    private int buffered;

    ReleasingWriter(PrintWriter writer, ServletResponse response)
    {
        super(writer);
        this.writer = writer;
        this.response = response;
    }

    private boolean mayBlock(int len)
    {
        int size = response.getBufferSize();
        if (buffered + len < size)
        {
            buffered += len;
            return false;
        }
        buffered = size <= 0 ? 0 : (buffered + len) % size;
        return true;
    }

    private void io(YieldingIo.IoRun run, int len)
    {
        try
        {
            if (mayBlock(len))
            {
                YieldingIo.blockingRun(run);
            }
            else
            {
                run.run();
                YieldingIo.yieldPoint();
            }
        }
        catch (IOException x)
        {
            // PrintWriter cannot throw IOException: a lost lock must still end the dispatch.
            throw new UncheckedIOException(x);
        }
    }

    @Override
    public void write(int c)
    {
        io(() -> writer.write(c), 1);
    }

    @Override
    public void write(char[] buf, int off, int len)
    {
        io(() -> writer.write(buf, off, len), len);
    }

    @Override
    public void write(String s, int off, int len)
    {
        io(() -> writer.write(s, off, len), len);
    }

    @Override
    public void flush()
    {
        buffered = 0;
        io(writer::flush, Integer.MAX_VALUE / 2);
    }

    @Override
    public void close()
    {
        buffered = 0;
        io(writer::close, Integer.MAX_VALUE / 2);
    }

    @Override
    public boolean checkError()
    {
        return writer.checkError();
    }

    void flushed()
    {
        buffered = 0;
    }
}
