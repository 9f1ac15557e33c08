package dev.interlock.samples.cpu;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import dev.interlock.api.Interlock;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.interlock.samples.support.Params;

/**
 * {@code GET /work?units=N}: N units of pure CPU work (a chain of SHA-256 hashes, no sleeping,
 * no I/O), with {@link Interlock#checkpoint()} between units. A unit is a fixed number of
 * hashes, about 1 ms on a current x86 core; the answer says how long it really took.
 *
 * <p>Under a lock, the checkpoints are where the request hands the lock to a waiter that has
 * waited longer than the switch interval. Java cannot preempt a thread: without checkpoints
 * this loop would hold the lock until it ends.</p>
 */
public class WorkServlet extends HttpServlet
{
    /** Hashes per unit: about 1 ms of CPU (80 to 150 ns per 32-byte SHA-256). */
    static final int HASHES_PER_UNIT = 10_000;
    static final int MAX_UNITS = 10_000;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException
    {
        int units;
        try
        {
            units = Params.intParam(request, "units", 1, MAX_UNITS);
        }
        catch (IllegalArgumentException e)
        {
            Params.badRequest(response, e.getMessage());
            return;
        }

        long start = System.nanoTime();
        byte[] digest = new byte[32];
        MessageDigest sha = sha256();
        for (int u = 0; u < units; u++)
        {
            if (u > 0)
                Interlock.checkpoint();
            for (int i = 0; i < HASHES_PER_UNIT; i++)
                digest = sha.digest(digest);
        }
        long micros = (System.nanoTime() - start) / 1_000;

        response.setContentType("text/plain;charset=utf-8");
        response.getWriter().printf("%d units of CPU work in %d.%03d ms on %s; digest %s%n",
            units, micros / 1000, micros % 1000, Thread.currentThread().getName(), HexFormat.of().formatHex(digest, 0, 8));
    }

    private static MessageDigest sha256()
    {
        try
        {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException e)
        {
            throw new IllegalStateException("every Java SE runtime has SHA-256", e);
        }
    }
}
