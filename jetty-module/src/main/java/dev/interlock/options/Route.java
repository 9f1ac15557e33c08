package dev.interlock.options;

import java.util.ArrayList;
import java.util.List;

/**
 * One entry of {@code interlock.routes}: requests whose path within the webapp matches
 * {@code pathSpec} (servlet syntax: {@code /prefix/*}, {@code *.ext} or an exact path) run in
 * application group {@code group} (mod_wsgi's {@code <Location /suburl> WSGIApplicationGroup}).
 *
 * @param pathSpec the servlet path spec
 * @param group the application group
 */
public record Route(String pathSpec, String group)
{
    static List<Route> parseAll(String text)
    {
        List<Route> routes = new ArrayList<>();
        for (String part : text.split(","))
        {
            String entry = part.trim();
            if (entry.isEmpty())
                continue;
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1)
                return null;
            String path = entry.substring(0, eq).trim();
            String group = entry.substring(eq + 1).trim();
            boolean validPath = path.startsWith("/") && (path.indexOf('*') < 0 || path.endsWith("/*") && path.indexOf('*') == path.length() - 1)
                || path.startsWith("*.") && path.indexOf('/') < 0;
            if (!validPath || !Settings.APPLICATION_GROUP_NAME.matcher(group).matches())
                return null;
            routes.add(new Route(path, group));
        }
        return List.copyOf(routes);
    }

    @Override
    public String toString()
    {
        return pathSpec + "=" + group;
    }
}
