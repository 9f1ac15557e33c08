package dev.interlock.jetty;

import dev.interlock.group.Membership;
import dev.interlock.group.WebappGroups;
import dev.interlock.options.Route;
import org.eclipse.jetty.http.pathmap.MatchedResource;
import org.eclipse.jetty.http.pathmap.PathMappings;
import org.eclipse.jetty.http.pathmap.ServletPathSpec;
import org.eclipse.jetty.server.Request;

/**
 * Chooses a request's application group once, when it enters the webapp: a path route
 * ({@code interlock.routes}, the most specific spec wins), else the application group its target
 * servlet or a filter it passes names, else the webapp's default. Immutable after construction;
 * called on request threads.
 */
final class Router
{
    private final WebappGroups groups;
    private final ComponentMarks marks;
    private final PathMappings<Membership> routes;

    Router(WebappGroups groups, ComponentMarks marks)
    {
        this.groups = groups;
        this.marks = marks;
        if (groups.settings().routes().isEmpty())
        {
            routes = null;
        }
        else
        {
            routes = new PathMappings<>();
            for (Route r : groups.settings().routes())
                routes.put(new ServletPathSpec(r.pathSpec()), groups.membership(r.group()));
        }
    }

    /**
     * @param request the request entering the webapp
     * @return the membership its dispatches use
     */
    Membership route(Request request)
    {
        if (routes != null)
        {
            MatchedResource<Membership> matched = routes.getMatched(Request.getPathInContext(request));
            if (matched != null)
                return matched.getResource();
        }
        String target = marks.targetApplicationGroup(request);
        return target == null ? groups.defaultMembership() : groups.membership(target);
    }
}
