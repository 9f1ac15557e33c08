package dev.interlock.jetty;

import dev.interlock.executor.ExecutorGroup;
import dev.interlock.executor.GroupTask;
import dev.interlock.executor.Rejection;
import dev.interlock.group.Dispatch;
import dev.interlock.group.LockDomain;
import dev.interlock.group.Membership;
import dev.interlock.group.Refusal;
import dev.interlock.group.RequestLogFields;
import dev.interlock.group.WebappGroups;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Context;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The hand-off point of a webapp, inserted in front of its session, security and servlet
 * handlers: chooses the request's application group and, for a named executor group, hands the
 * rest of the chain to a thread of that group.
 *
 * <p>{@link #handle} returns {@code true} for every handed-off request and then completes the
 * callback exactly once: through the chain on the group's thread (re-entering the context scope
 * there, so the webapp's classloader is set), with a 404 if the chain declines it, with an error
 * page if it throws, or with a 503 and {@code Retry-After} if the group rejects it (queue full,
 * queue timeout, stopping). For the {@code server} group the chain runs on the calling thread.
 * Every request is counted while in flight, for the drain of its webapp; once the webapp is
 * stopping, new ones get 503 with {@code Retry-After}. Beyond that, a webapp whose binding is
 * inactive ({@code free}, {@code server} group, nothing declared not thread-safe) pays one field
 * read.</p>
 */
public class InterlockHandler extends Handler.Wrapper
{
    private final WebappBinding binding;

    /**
     * @param binding the webapp's binding
     */
    public InterlockHandler(WebappBinding binding)
    {
        this.binding = binding;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception
    {
        if (!binding.admit(request, response, callback))
            return true;
        if (!binding.isActive())
            return super.handle(request, response, callback);

        Membership membership = binding.route(request);
        ExecutorGroup executor = membership.executor();
        LockDomain domain = membership.domain();
        domain.requestEntered();
        Request.addCompletionListener(request, failure -> domain.requestExited());
        WebappGroups owner = binding.groups();
        if (executor == null)
        {
            Dispatch dispatch = Dispatch.attach(request, owner, membership, Long.MAX_VALUE, timed(request, membership));
            RequestWatchdog.Watched watched = watch(request, dispatch, owner);
            enter(watched);
            try
            {
                return super.handle(request, response, callback);
            }
            finally
            {
                exit(watched);
            }
        }
        long queueDeadline = System.nanoTime() + executor.getConfig().queueTimeout().toNanos();
        Dispatch dispatch = Dispatch.attach(request, owner, membership, queueDeadline, timed(request, membership));
        RequestWatchdog.Watched watched = watch(request, dispatch, owner);
        executor.execute(new HandOff(request, response, callback, dispatch, owner, watched));
        return true;
    }

    /** Whether a request's lock figures are worth their clock reads: a request log, or a request timeout, reads them. */
    private boolean timed(Request request, Membership membership)
    {
        Server server = binding.getContext().getServer();
        return server != null && server.getRequestLog() != null || membership.settings().requestTimeoutNanos() > 0;
    }

    /** Registers the request with the watchdog if its group has a request timeout. */
    private RequestWatchdog.Watched watch(Request request, Dispatch dispatch, WebappGroups owner)
    {
        if (dispatch.membership().settings().requestTimeoutNanos() <= 0)
            return null;
        RequestWatchdog watchdog = binding.watchdog();
        RequestWatchdog.Watched watched = watchdog.watch(request, dispatch, owner.contextPath());
        Request.addCompletionListener(request, failure -> watchdog.unwatch(watched));
        return watched;
    }

    /** The calling thread runs the request from now on, if it is watched (it has a request timeout). */
    private static void enter(RequestWatchdog.Watched watched)
    {
        if (watched != null)
            watched.enter();
    }

    private static void exit(RequestWatchdog.Watched watched)
    {
        if (watched != null)
            watched.exit();
    }

    private void handleNext(Request request, Response response, Callback callback)
    {
        try
        {
            if (!super.handle(request, response, callback))
                Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
        }
        catch (Throwable x)
        {
            Response.writeError(request, response, callback, x);
        }
    }

    /**
     * Runs {@code task} in the context's scope on the calling thread: the thread is another one
     * than the one that entered the context, so the scope (classloader, context) must be set
     * again (Jetty issue 13624).
     *
     * @param request the request whose context to enter
     * @param task what to run there
     */
    public static void runInScope(Request request, Runnable task)
    {
        Context context = request.getContext();
        if (context instanceof ContextHandler.ScopedContext scoped)
            scoped.run(task, request);
        else
            context.run(task);
    }

    private final class HandOff implements GroupTask
    {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final Dispatch dispatch;
        private final Membership membership;
        private final WebappGroups owner;
        private final RequestWatchdog.Watched watched;

        private HandOff(Request request, Response response, Callback callback, Dispatch dispatch, WebappGroups owner, RequestWatchdog.Watched watched)
        {
            this.watched = watched;
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.dispatch = dispatch;
            this.membership = dispatch.membership();
            this.owner = owner;
        }

        @Override
        public void run(long queuedNanos)
        {
            dispatch.queued(queuedNanos);
            enter(watched);
            try
            {
                runInScope(request, () -> handleNext(request, response, callback));
            }
            finally
            {
                exit(watched);
            }
        }

        @Override
        public void reject(Rejection cause)
        {
            dispatch.refused(RequestLogFields.code(cause));
            String reason = cause.describe(membership.executor().getName());
            if (cause == Rejection.DRAINING)
            {
                owner.countDrainingRejection();
                reason = "webapp " + owner.contextPath() + " is stopping; the request was waiting for a thread of executor group " + membership.executor().getName();
            }
            ServiceUnavailable.send(response, callback, new Refusal(reason, membership.settings().retryAfter()));
        }

        @Override
        public Object owner()
        {
            return owner;
        }
    }
}
