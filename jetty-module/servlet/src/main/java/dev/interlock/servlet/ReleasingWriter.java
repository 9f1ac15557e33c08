package dev.interlock.servlet;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;


/**
 * The response writer as a yield point, with the same buffer accounting as
 * {@link ReleasingOutputStream} (in characters, a lower bound of the bytes they encode to).
 * Every {@code print}, {@code println} and {@code format} of {@link PrintWriter} funnels into the
 * {@code write} methods overridden here.
 */
class ReleasingWriter extends PrintWriter
{
    private final PrintWriter writer;
    private final ResponseBuffer buffer;

    ReleasingWriter(PrintWriter writer, ResponseBuffer buffer)
    {
        super(writer);
        this.writer = writer;
        this.buffer = buffer;
    }

    private void io(YieldingIo.IoRun run, int len)
    {
        try
        {
            if (buffer.mayBlock(len))
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
        blocking(writer::flush);
    }

    @Override
    public void close()
    {
        blocking(writer::close);
    }

    private void blocking(YieldingIo.IoRun run)
    {
        buffer.flushed();
        try
        {
            YieldingIo.blockingRun(run);
        }
        catch (IOException x)
        {
            throw new UncheckedIOException(x);
        }
    }

    @Override
    public boolean checkError()
    {
        return writer.checkError();
    }
}
