package dev.interlock.jetty.ee10;

import dev.interlock.executor.ExecutorGroup;
import dev.interlock.executor.GroupTask;
import dev.interlock.executor.Rejection;
import dev.interlock.group.WebappGroups;
import org.eclipse.jetty.ee10.servlet.ServletChannel;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Attributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ServletChannel} of a request to a webapp with a named executor group, so that every
 * entry of the request into application code runs on the group, not only the first.
 *
 * <p>Jetty enters a webapp again for a request through {@link ServletChannel#handle()}: an async
 * dispatch, an async timeout and its listeners, the listeners of {@code AsyncContext.complete()},
 * {@code ReadListener} and {@code WriteListener} callbacks, an error page after an async error. It
 * runs it on a thread of its own choosing: its pool ({@link #execute}), the thread that called
 * {@code dispatch()} or {@code complete()}, a demand callback's. This channel runs
 * {@code handle()} on a thread of the webapp's group instead, in the context's scope (Jetty issue
 * 13624); called on a thread of that group already (the first dispatch, handed off by the
 * {@code InterlockHandler}), it runs at once. The servlet and filter wrappers then take the
 * dispatch's lock as on any dispatch.</p>
 *
 * <p>Jetty's contract holds: every {@code handle()} asked for runs exactly once. If the group
 * refuses it (queue full, queue timeout, group stopped) it runs on Jetty's pool instead, as it would
 * without Interlock, and the webapp's warnings say so once; a request already inside the webapp is
 * never dropped. Queued re-entries are not refused when the webapp begins to drain: they belong to
 * requests in flight, which the drain waits for.</p>
 *
 * <p>Installed by {@link ServletContextBinding#prepareEntry} before the context wraps the request:
 * {@code ServletContextHandler} takes the channel it finds in the connection's cache under
 * {@code ServletChannel}'s class name when that channel belongs to it, as it does its own.</p>
 */
final class GroupServletChannel extends ServletChannel
{
    private static final Logger LOG = LoggerFactory.getLogger(GroupServletChannel.class);
    private static final String CACHE_KEY = ServletChannel.class.getName();

    private final ServletContextBinding binding;

    private GroupServletChannel(ServletContextHandler context, Request request, ServletContextBinding binding)
    {
        super(context, request);
        this.binding = binding;
    }

    /**
     * Puts a channel of this kind in the request's connection cache, unless one for the same
     * context is there already.
     *
     * @param context the webapp's context
     * @param request a request on its way to it
     * @param binding the webapp's binding
     */
    static void install(ServletContextHandler context, Request request, ServletContextBinding binding)
    {
        Attributes cache = request.getComponents().getCache();
        if (cache.getAttribute(CACHE_KEY) instanceof GroupServletChannel ours && ours.getContext() == context.getContext() && !ours.isAborted())
            return;
        cache.setAttribute(CACHE_KEY, new GroupServletChannel(context, request, binding));
    }

    @Override
    public void handle()
    {
        ExecutorGroup group = binding.getExecutor();
        if (group == null || ExecutorGroup.current() == group)
        {
            super.handle();
            return;
        }
        Request request = getRequest();
        group.execute(new Reentry(group, () -> getContext().run(super::handle, request), () -> super.execute(super::handle, request)));
    }

    @Override
    protected void execute(Runnable task)
    {
        execute(task, null);
    }

    @Override
    protected void execute(Runnable task, Request request)
    {
        ExecutorGroup group = binding.getExecutor();
        if (group == null)
        {
            super.execute(task, request);
            return;
        }
        group.execute(new Reentry(group, () -> getContext().run(task, request), () -> super.execute(task, request)));
    }

    /** A re-entry into the webapp: on the group, else on Jetty's pool. */
    private final class Reentry implements GroupTask
    {
        private final ExecutorGroup group;
        private final Runnable inScope;
        private final Runnable onJettysPool;

        private Reentry(ExecutorGroup group, Runnable inScope, Runnable onJettysPool)
        {
            this.group = group;
            this.inScope = inScope;
            this.onJettysPool = onJettysPool;
        }

        @Override
        public void run(long queuedNanos)
        {
            inScope.run();
        }

        @Override
        public void reject(Rejection cause)
        {
            WebappGroups groups = binding.groups();
            String message = "Interlock: executor group " + group.getName() + " refused to re-enter webapp " + binding.getContext().getContextPath() +
                " for a request already inside it (" + cause.describe(group.getName()) + "): that entry (an async dispatch, timeout or listener) runs on Jetty's pool instead";
            if (groups != null)
                groups.warnings().warn("reentry " + binding.getContext().getContextPath() + " " + cause, message);
            else
                LOG.warn(message);
            // May be the scheduler's thread (a queue timeout): never run application code here.
            onJettysPool.run();
        }
    }
}
