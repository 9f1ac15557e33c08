package dev.interlock.servlet;

import java.io.IOException;

import dev.interlock.group.Dispatch;
import dev.interlock.group.Membership;
import dev.interlock.group.Refusal;
import dev.interlock.group.RequestLogFields;
import dev.interlock.group.WebappGroups;
import dev.interlock.lock.GroupLock;
import dev.interlock.lock.LockFrame;
import dev.interlock.lock.LockWaits;
import dev.interlock.lock.LockUnavailableException;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger LOG = LoggerFactory.getLogger(LockedEntry.class);

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
            // Free, but in a named executor group: AsyncContext.start tasks still go to the group.
            body.run(membership.executor() == null ? request : AsyncOnGroupRequest.wrap(request, webapp, new LockedCallbacks(membership, null, false)), response);
            return;
        }
        LockFrame frame = LockFrame.current();
        LockFrame.Entry entry;
        // Held by another thread: this dispatch is about to wait, so it says from where it came
        // (the watchdog looks for a self-call). The free and the re-entrant cases skip it.
        Thread holder = lock.getOwnerThread();
        LockWaits.Waiting waiting = holder != null && holder != Thread.currentThread() && frame.lock() == null ?
            LockWaits.add(lock, request.getRemoteAddr(), request.getRemotePort(), Described.of(request)) : null;
        try
        {
            entry = frame.enter(lock, membership.settings(), notThreadSafe, dispatch.lockTimeout(), dispatch.timed());
        }
        catch (LockUnavailableException x)
        {
            dispatch.locked(frame.waitNanos(), 0);
            dispatch.refused(RequestLogFields.code(x.getOutcome()));
            refuse(response, x);
            return;
        }
        finally
        {
            if (waiting != null)
                LockWaits.remove(waiting);
        }
        try
        {
            if (entry == LockFrame.Entry.ACQUIRED)
            {
                dispatch.acquired(frame.waitNanos());
                LockedCallbacks callbacks = new LockedCallbacks(membership, lock, notThreadSafe);
                body.run(InterlockRequest.wrap(request, webapp, callbacks), InterlockResponse.wrap(response, callbacks));
            }
            else
            {
                body.run(request, response);
            }
        }
        catch (Throwable x)
        {
            // The dispatch's first locked component answers for a lock not had back at a yield
            // point or after blocking I/O; an inner one lets it through to there.
            LockUnavailableException notBack = entry == LockFrame.Entry.ACQUIRED ? notHadBack(x) : null;
            if (notBack == null)
                throw x;
            dispatch.refused(RequestLogFields.code(notBack.getOutcome()));
            lockNotHadBack(webapp, membership, request, response, notBack);
        }
        finally
        {
            frame.exit(entry, notThreadSafe);
            if (entry == LockFrame.Entry.ACQUIRED)
                dispatch.locked(frame.waitNanos(), frame.holdNanos());
        }
    }

    /** The lock's failure behind {@code x}, as servlet I/O or the application may have wrapped it. */
    private static LockUnavailableException notHadBack(Throwable x)
    {
        int depth = 0;
        for (Throwable t = x; t != null && depth < 8; t = t.getCause(), depth++)
        {
            if (t instanceof LockUnavailableException lost)
                return lost;
        }
        return null;
    }

    /**
     * The application gave the lock up (blocking I/O, a yield point) and could not have it back
     * within its bounds. Before the response is committed that is a 503 like any other refusal;
     * after it, the rule for refusals: the response is aborted, counted and logged, never completed
     * as if nothing had happened.
     */
    private static void lockNotHadBack(ServletWebapp webapp, Membership membership, ServletRequest request, ServletResponse response, LockUnavailableException x) throws IOException
    {
        if (!response.isCommitted())
        {
            ServletRefusal.send(response, new Refusal(x.getMessage(), x.getRetryAfter()));
            return;
        }
        membership.domain().countAbortedResponse();
        String what = request instanceof HttpServletRequest http ? http.getMethod() + " " + http.getRequestURI() : String.valueOf(request);
        LOG.warn("Interlock: response to {} aborted: {} after the request gave the lock up, and a committed response cannot be answered 503 instead",
            what, x.getMessage());
        webapp.abort(request, x);
    }

    /** A request's method and URI, read only if a report needs them. */
    /**
     * What the watchdog names a waiting request by. Its parts are read now, on the request's own
     * thread: the watchdog reads the description later, on its thread, possibly after the request
     * has completed and its object was recycled (a {@code NullPointerException} inside Jetty's
     * request, seen once under load). Joined only if the watchdog prints it.
     */
    private record Described(String method, String uri)
    {
        static Object of(ServletRequest request)
        {
            return request instanceof HttpServletRequest http ? new Described(http.getMethod(), http.getRequestURI()) : String.valueOf(request);
        }

        @Override
        public String toString()
        {
            return method + " " + uri;
        }
    }

    private static void refuse(ServletResponse response, LockUnavailableException x) throws IOException
    {
        if (response.isCommitted())
            throw new IOException(x.getMessage(), x);
        ServletRefusal.send(response, new Refusal(x.getMessage(), x.getRetryAfter()));
    }
}
