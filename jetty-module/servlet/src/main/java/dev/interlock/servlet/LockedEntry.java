package dev.interlock.servlet;

import java.io.IOException;

import dev.interlock.group.Dispatch;
import dev.interlock.group.Membership;
import dev.interlock.group.Refusal;
import dev.interlock.group.WebappGroups;
import dev.interlock.lock.GroupLock;
import dev.interlock.lock.LockFrame;
import dev.interlock.lock.LockUnavailableException;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

/**
 * One entry into a webapp's servlet or filter — the first dispatch, a forward, an include, an
 * async or error dispatch — under the dispatch's lock. What an environment's servlet and filter
 * wrappers call.
 *
 * <p>The first locked component of a dispatch takes the lock (waiting at most until the
 * dispatch's deadline) and wraps the request and response so that blocking servlet I/O releases
 * it; the components it calls re-enter it. The lock is released when that first component
 * returns or throws, so a request that goes async holds nothing between dispatches. If the lock
 * cannot be had in time the component is not run: the response is a 503 with
 * {@code Retry-After}, or, if already committed, the dispatch fails.</p>
 */
public final class LockedEntry
{
    private LockedEntry()
    {
    }

    /** The code run under the lock: the wrapped component's own method. */
    public interface Body
    {
        void run(ServletRequest request, ServletResponse response) throws IOException, ServletException;
    }

    /**
     * Runs {@code body} under the lock of the request's dispatch in {@code webapp}.
     *
     * @param webapp the webapp the component belongs to
     * @param notThreadSafe whether the component is declared not thread-safe (it then takes its
     * group's lock even under {@code free}, and keeps it through I/O)
     * @param request the request as the component receives it
     * @param response the response as the component receives it
     * @param body the component's own method
     * @throws IOException what {@code body} throws, or if the lock cannot be had and the
     * response is committed
     * @throws ServletException what {@code body} throws
     */
    public static void invoke(ServletWebapp webapp, boolean notThreadSafe, ServletRequest request, ServletResponse response, Body body) throws IOException, ServletException
    {
        WebappGroups groups = webapp.groups();
        if (groups == null)
        {
            body.run(request, response);
            return;
        }
        Dispatch dispatch = Dispatch.of(groups, request::getAttribute);
        Membership membership = dispatch.membership();
        GroupLock lock = notThreadSafe ? membership.lockForNotThreadSafe() : membership.lockInForce();
        if (lock == null)
        {
            body.run(request, response);
            return;
        }
        LockFrame frame = LockFrame.current();
        LockFrame.Entry entry;
        try
        {
            entry = frame.enter(lock, membership.settings(), notThreadSafe, dispatch.lockTimeout());
        }
        catch (LockUnavailableException x)
        {
            refuse(response, x);
            return;
        }
        try
        {
            if (entry == LockFrame.Entry.ACQUIRED)
            {
                LockedCallbacks callbacks = new LockedCallbacks(membership, lock, notThreadSafe);
                body.run(InterlockRequest.wrap(request, webapp, callbacks), InterlockResponse.wrap(response, callbacks));
            }
            else
            {
                body.run(request, response);
            }
        }
        finally
        {
            frame.exit(entry, notThreadSafe);
        }
    }

    private static void refuse(ServletResponse response, LockUnavailableException x) throws IOException
    {
        if (response.isCommitted())
            throw new IOException(x.getMessage(), x);
        ServletRefusal.send(response, new Refusal(x.getMessage(), x.getRetryAfter()));
    }
}
