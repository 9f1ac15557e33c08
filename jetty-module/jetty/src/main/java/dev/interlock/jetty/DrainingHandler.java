package dev.interlock.jetty;

import java.util.concurrent.CopyOnWriteArrayList;

import dev.interlock.group.Refusal;
import dev.interlock.group.RequestLogFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The server-level handler in front of every context. It answers 503 with {@code Retry-After}
 * for requests to a webapp that is draining: once a context is stopping, Jetty's
 * {@link ContextHandler} no longer takes its requests (they would get 404) while its in-flight
 * requests are still running. A request whose path another started instance serves (the new side
 * of a redeploy) passes through. And it lets a webapp with a named executor group prepare a request
 * before its context sees it ({@link WebappBinding#prepareEntry}), so that the request's later
 * entries into the webapp run on the group too. With no webapp draining and none in a named
 * group, costs two volatile reads.
 */
class DrainingHandler extends Handler.Wrapper
{
    private final CopyOnWriteArrayList<WebappBinding> draining = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<WebappBinding> entering = new CopyOnWriteArrayList<>();

    void entering(WebappBinding binding)
    {
        entering.addIfAbsent(binding);
    }

    void notEntering(WebappBinding binding)
    {
        entering.remove(binding);
    }

    void draining(WebappBinding binding)
    {
        draining.addIfAbsent(binding);
    }

    void stopped(WebappBinding binding)
    {
        draining.remove(binding);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception
    {
        if (!draining.isEmpty())
        {
            String path = request.getHttpURI().getCanonicalPath();
            for (WebappBinding binding : draining)
            {
                ContextHandler context = binding.getContext();
                if (path != null && context.getContext().getPathInContext(path) != null && !servedElsewhere(context, path))
                {
                    binding.countDrainingRejection();
                    RequestLogFields.refused(request, RequestLogFields.DRAINING);
                    ServiceUnavailable.send(response, callback, new Refusal("webapp " + context.getContextPath() + " is stopping", binding.getRetryAfter()));
                    return true;
                }
            }
        }
        if (!entering.isEmpty())
            prepareEntry(request);
        return super.handle(request, response, callback);
    }

    /**
     * The webapp the request goes to is the one with the longest context path its path falls in
     * (as {@code ContextHandlerCollection} chooses; virtual hosts aside). Preparing a request for
     * a webapp that does not take it costs an allocation and nothing else.
     */
    private void prepareEntry(Request request)
    {
        String path = request.getHttpURI().getCanonicalPath();
        if (path == null)
            return;
        WebappBinding target = null;
        for (WebappBinding binding : entering)
        {
            ContextHandler context = binding.getContext();
            if (context.isStarted() && context.getContext().getPathInContext(path) != null &&
                (target == null || context.getContextPath().length() > target.getContext().getContextPath().length()))
                target = binding;
        }
        if (target != null)
            target.prepareEntry(request);
    }

    private boolean servedElsewhere(ContextHandler stopping, String path)
    {
        if (getServer() == null)
            return false;
        for (ContextHandler other : getServer().getDescendants(ContextHandler.class))
        {
            if (other != stopping && other.isStarted() && other.getContextPath().equals(stopping.getContextPath()) && other.getContext().getPathInContext(path) != null)
                return true;
        }
        return false;
    }
}
