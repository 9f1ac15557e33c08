package dev.interlock.options;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
    /**
     * @param text the setting's value: comma-separated {@code PATH=GROUP} entries
     * @return the routes, or {@code null} if an entry is not a canonical servlet path spec
     * followed by a group name, or a path spec is routed twice
     */
    static List<Route> parseAll(String text)
    {
        List<Route> routes = new ArrayList<>();
        Set<String> specs = new HashSet<>();
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
            if (!isPathSpec(path) || !Settings.APPLICATION_GROUP_NAME.matcher(group).matches() || !specs.add(path))
                return null;
            routes.add(new Route(path, group));
        }
        return List.copyOf(routes);
    }

    /**
     * A servlet path spec a request can match: {@code *.ext}, or an absolute path without
     * whitespace and without empty, {@code .} or {@code ..} segments (requests are matched on
     * their canonical path, so such a spec would never match), optionally ending in {@code /*}.
     */
    private static boolean isPathSpec(String path)
    {
        if (path.chars().anyMatch(Character::isWhitespace))
            return false;
        if (path.startsWith("*."))
            return path.length() > 2 && path.indexOf('/') < 0 && path.indexOf('*', 1) < 0;
        if (!path.startsWith("/"))
            return false;
        String prefix = path.endsWith("/*") ? path.substring(0, path.length() - 2) : path;
        if (prefix.indexOf('*') >= 0)
            return false;
        if (prefix.isEmpty() || prefix.equals("/"))
            return true;
        String[] segments = prefix.substring(1).split("/", -1);
        for (String s : segments)
        {
            if (s.isEmpty() || s.equals(".") || s.equals(".."))
                return false;
        }
        return true;
    }

    @Override
    public String toString()
    {
        return pathSpec + "=" + group;
    }
}
