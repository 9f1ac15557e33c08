package dev.interlock.servlet;

import dev.interlock.group.WebappGroups;
import jakarta.servlet.ServletRequest;

/**
 * What the servlet layer needs of the webapp it runs in, implemented by each environment's
 * binding (ee10, ee11). Called on request threads.
 */
public interface ServletWebapp
{
    /**
     * @return the webapp's place in the groups while it runs, else {@code null}
     */
    WebappGroups groups();

    /**
     * @return whether any dispatch of the webapp may take a lock; when not, its servlets and
     * filters are left unwrapped
     */
    boolean mayLock();

    /**
     * @return whether the webapp runs in a named executor group (not {@code server}): its
     * servlets and filters are then wrapped even when no lock can be taken, so that
     * {@code AsyncContext.start} tasks run on the group too
     */
    default boolean entersOnGroup()
    {
        WebappGroups g = groups();
        return g != null && g.executor() != null;
    }

    /**
     * @param type a servlet or filter class
     * @return whether it is declared not thread-safe
     */
    boolean isNotThreadSafe(Class<?> type);

    /**
     * Records and logs, once, that a component runs under a lock because it is not thread-safe.
     *
     * @param type the component's class
     * @param kind {@code servlet} or {@code filter}
     */
    void recordNotThreadSafe(Class<?> type, String kind);

    /**
     * Runs {@code task} on the calling thread inside the request's context scope (its
     * classloader and context), for work handed to another thread.
     *
     * @param request the request
     * @param task what to run
     */
    void runInScope(ServletRequest request, Runnable task);

    /**
     * Aborts the response of a request whose dispatch cannot go on and whose response is
     * already committed: the connection is closed without completing it, as for a failed write.
     *
     * @param request the request
     * @param failure why
     */
    void abort(ServletRequest request, Throwable failure);
}
