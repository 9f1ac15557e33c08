package dev.interlock.jetty;

import java.util.concurrent.CopyOnWriteArrayList;

import dev.interlock.group.Refusal;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers 503 with {@code Retry-After} for requests to a webapp that is draining. Needed at the
 * server level: once a context is stopping, Jetty's {@link ContextHandler} no longer takes its
 * requests (they would get 404) while its in-flight requests are still running. A request whose
 * path another started instance serves (the new side of a redeploy) passes through. With no
 * webapp draining, costs one volatile read.
 */
class DrainingHandler extends Handler.Wrapper
{
    private final CopyOnWriteArrayList<WebappBinding> draining = new CopyOnWriteArrayList<>();

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
                    ServiceUnavailable.send(response, callback, new Refusal("webapp " + context.getContextPath() + " is stopping", binding.getRetryAfter()));
                    return true;
                }
            }
        }
        return super.handle(request, response, callback);
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
