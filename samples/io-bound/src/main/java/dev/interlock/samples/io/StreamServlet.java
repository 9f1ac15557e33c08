package dev.interlock.samples.io;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

import dev.interlock.api.Interlock;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.interlock.samples.support.Params;

/**
 * {@code GET /stream?chunks=N&bytes=M&pause=MS}: writes N chunks of M bytes, flushing after
 * each, and waits MS between chunks inside {@link Interlock#blocking} ({@code pause} is optional,
 * default 0). Each flush is servlet I/O, where Interlock releases a lock in force (unless
 * {@code interlock.io-release=false}), so a slow reader does not hold up the other requests.
 *
 * <p>Bounds: chunks 1 to 10000, bytes 1 to 1 MiB, pause 0 to 60000 ms; at most 64 MiB and at
 * most 60 s of pauses in all.</p>
 */
public class StreamServlet extends HttpServlet
{
    static final int MAX_CHUNKS = 10_000;
    static final int MAX_BYTES = 1 << 20;
    static final int MAX_PAUSE_MS = 60_000;
    static final long MAX_TOTAL_BYTES = 64L << 20;
    static final long MAX_TOTAL_PAUSE_MS = 60_000;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException
    {
        int chunks;
        int bytes;
        int pause;
        try
        {
            chunks = Params.intParam(request, "chunks", 1, MAX_CHUNKS);
            bytes = Params.intParam(request, "bytes", 1, MAX_BYTES);
            pause = Params.intParam(request, "pause", 0, MAX_PAUSE_MS, 0);
            if ((long)chunks * bytes > MAX_TOTAL_BYTES)
                throw new IllegalArgumentException("chunks*bytes must be at most " + MAX_TOTAL_BYTES + ", not " + (long)chunks * bytes);
            if ((long)(chunks - 1) * pause > MAX_TOTAL_PAUSE_MS)
                throw new IllegalArgumentException("(chunks-1)*pause must be at most " + MAX_TOTAL_PAUSE_MS + " ms, not " + (long)(chunks - 1) * pause);
        }
        catch (IllegalArgumentException e)
        {
            Params.badRequest(response, e.getMessage());
            return;
        }

        byte[] chunk = new byte[bytes];
        Arrays.fill(chunk, (byte)'.');
        chunk[bytes - 1] = '\n';

        response.setContentType("text/plain;charset=utf-8");
        response.setHeader("X-Thread", Thread.currentThread().getName());
        OutputStream out = response.getOutputStream();
        for (int c = 0; c < chunks; c++)
        {
            if (c > 0 && pause > 0)
            {
                try
                {
                    Interlock.blocking(() -> Thread.sleep(pause));
                }
                catch (InterruptedException e)
                {
                    // The response is committed: end it here.
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            out.write(chunk);
            out.flush();
        }
    }
}
