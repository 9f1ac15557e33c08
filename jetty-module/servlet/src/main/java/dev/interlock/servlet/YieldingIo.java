package dev.interlock.servlet;

import java.io.IOException;

import dev.interlock.lock.LockFrame;
import dev.interlock.lock.LockUnavailableException;
import jakarta.servlet.ServletException;

/**
 * The two things servlet I/O does with the current thread's lock: release it around a call that
 * may block (and take it back, ahead of newcomers), or pass a yield point (hand it over if a
 * waiter has waited the switch interval). A lock that cannot be had back in time surfaces as an
 * {@link IOException}, which ends the dispatch as a client abort would.
 */
final class YieldingIo
{
    private YieldingIo()
    {
    }

    interface IoCall<T>
    {
        T call() throws IOException;
    }

    interface IoRun
    {
        void run() throws IOException;
    }

    /** A servlet call that may read the request body: {@code getParts()}, say. */
    interface BodyCall<T>
    {
        T call() throws IOException, ServletException;
    }

    static <T> T blocking(IoCall<T> call) throws IOException
    {
        LockFrame frame = LockFrame.current();
        int saved = frame.releaseForBlocking();
        T result;
        try
        {
            result = call.call();
        }
        catch (Throwable x)
        {
            resumeAfter(frame, saved, x);
            throw x;
        }
        resume(frame, saved);
        return result;
    }

    /**
     * As {@link #blocking}, for a call that may read the request body to answer. A lock not had
     * back surfaces as the {@link LockUnavailableException} itself, for calls that declare no
     * {@link IOException} ({@code getParameter}).
     */
    static <T> T blockingBody(BodyCall<T> call) throws IOException, ServletException
    {
        LockFrame frame = LockFrame.current();
        int saved = frame.releaseForBlocking();
        T result;
        try
        {
            result = call.call();
        }
        catch (Throwable x)
        {
            resumeAfter(frame, saved, x);
            throw x;
        }
        frame.resume(saved);
        return result;
    }

    static void blockingRun(IoRun run) throws IOException
    {
        blocking(() ->
        {
            run.run();
            return null;
        });
    }

    static void yieldPoint() throws IOException
    {
        try
        {
            LockFrame.current().yieldPoint();
        }
        catch (LockUnavailableException x)
        {
            throw new IOException(x.getMessage(), x);
        }
    }

    private static void resume(LockFrame frame, int saved) throws IOException
    {
        try
        {
            frame.resume(saved);
        }
        catch (LockUnavailableException x)
        {
            throw new IOException(x.getMessage(), x);
        }
    }

    private static void resumeAfter(LockFrame frame, int saved, Throwable failure)
    {
        try
        {
            frame.resume(saved);
        }
        catch (LockUnavailableException x)
        {
            failure.addSuppressed(x);
        }
    }
}
