package dev.interlock.servlet;

import java.io.IOException;

import dev.interlock.group.Membership;
import dev.interlock.lock.GroupLock;
import dev.interlock.lock.LockFrame;
import dev.interlock.lock.LockUnavailableException;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.WriteListener;

/**
 * Runs the application's callbacks of one request — {@code AsyncContext.start} tasks,
 * {@link AsyncListener}s, {@link ReadListener}s and {@link WriteListener}s — under the lock of
 * the dispatch that registered them, with the same strictness. Each callback takes the lock for
 * its own duration, on whatever thread Jetty calls it, so a lock never belongs to a request
 * across threads. Without a lock (a {@code free} dispatch in a named executor group, whose
 * {@code AsyncContext.start} tasks still go to the group) callbacks just run.
 */
final class LockedCallbacks
{
    private final Membership group;
    private final GroupLock lock;
    private final boolean strict;

    /**
     * @param group the dispatch's membership
     * @param lock the lock its callbacks take, or {@code null} for none
     * @param strict whether the lock is kept through I/O
     */
    LockedCallbacks(Membership group, GroupLock lock, boolean strict)
    {
        this.group = group;
        this.lock = lock;
        this.strict = strict;
    }

    Membership group()
    {
        return group;
    }

    interface Callback
    {
        void run() throws IOException;
    }

    void run(Callback callback) throws IOException
    {
        if (lock == null)
        {
            callback.run();
            return;
        }
        LockFrame frame = LockFrame.current();
        LockFrame.Entry entry;
        try
        {
            entry = frame.enter(lock, group.settings(), strict, group.settings().lockTimeoutNanos());
        }
        catch (LockUnavailableException x)
        {
            throw new IOException(x.getMessage(), x);
        }
        try
        {
            callback.run();
        }
        finally
        {
            frame.exit(entry, strict);
        }
    }

    void runUnchecked(Runnable task)
    {
        try
        {
            run(task::run);
        }
        catch (IOException x)
        {
            // Only taking the lock throws here (the task is a Runnable): rethrow what it threw.
            if (x.getCause() instanceof LockUnavailableException notHad)
                throw notHad;
            throw new java.io.UncheckedIOException(x);
        }
    }

    ReadListener readListener(ReadListener listener)
    {
        return new ReadListener()
        {
            @Override
            public void onDataAvailable() throws IOException
            {
                run(listener::onDataAvailable);
            }

            @Override
            public void onAllDataRead() throws IOException
            {
                run(listener::onAllDataRead);
            }

            @Override
            public void onError(Throwable t)
            {
                runUnchecked(() -> listener.onError(t));
            }
        };
    }

    WriteListener writeListener(WriteListener listener)
    {
        return new WriteListener()
        {
            @Override
            public void onWritePossible() throws IOException
            {
                run(listener::onWritePossible);
            }

            @Override
            public void onError(Throwable t)
            {
                runUnchecked(() -> listener.onError(t));
            }
        };
    }

    AsyncListener asyncListener(AsyncListener listener)
    {
        return new AsyncListener()
        {
            @Override
            public void onComplete(AsyncEvent event) throws IOException
            {
                run(() -> listener.onComplete(event));
            }

            @Override
            public void onTimeout(AsyncEvent event) throws IOException
            {
                run(() -> listener.onTimeout(event));
            }

            @Override
            public void onError(AsyncEvent event) throws IOException
            {
                run(() -> listener.onError(event));
            }

            @Override
            public void onStartAsync(AsyncEvent event) throws IOException
            {
                run(() -> listener.onStartAsync(event));
            }
        };
    }
}
