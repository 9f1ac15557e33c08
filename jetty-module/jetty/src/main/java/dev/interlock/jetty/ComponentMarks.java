package dev.interlock.jetty;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.interlock.api.ApplicationGroup;
import dev.interlock.api.NotThreadSafe;
import dev.interlock.group.Membership;
import dev.interlock.group.WebappGroups;
import dev.interlock.options.Route;
import org.eclipse.jetty.http.pathmap.ServletPathSpec;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a webapp's components say about locking, whatever their environment: the application
 * group a servlet or filter names ({@link ApplicationGroup}), the components declared not
 * thread-safe ({@link NotThreadSafe} or {@code interlock.not-thread-safe}), and the warnings
 * these call for once the webapp has started. One per start of a webapp; thread-safe.
 */
final class ComponentMarks
{
    private static final Logger LOG = LoggerFactory.getLogger(ComponentMarks.class);

    private final ComponentIndex index;
    private final WebappGroups groups;
    private final Map<Class<?>, String> annotatedGroups = new ConcurrentHashMap<>();
    // Filters with @ApplicationGroup and their mappings, found on the first request.
    private volatile List<AnnotatedFilter> annotatedFilters;

    ComponentMarks(ComponentIndex index, WebappGroups groups)
    {
        this.index = index;
        this.groups = groups;
    }

    /**
     * The target servlet's {@link ApplicationGroup}, else that of the first filter, in mapping
     * order, that the request passes through.
     *
     * @param request a request entering the webapp
     * @return the group, or {@code null} if none names one
     */
    String targetApplicationGroup(Request request)
    {
        ComponentIndex.Component target = index.target(request);
        String group = target == null ? null : annotatedGroup(target.type());
        if (group != null)
            return group;
        List<AnnotatedFilter> filters = annotatedFilters;
        if (filters == null)
            annotatedFilters = filters = annotatedFilters();
        String path = Request.getPathInContext(request);
        for (AnnotatedFilter f : filters)
        {
            if (f.applies(path, target == null ? null : target.name()))
                return f.group;
        }
        return null;
    }

    private List<AnnotatedFilter> annotatedFilters()
    {
        List<AnnotatedFilter> found = new ArrayList<>();
        for (ComponentIndex.FilterMapping mapping : index.requestFilterMappings())
        {
            String group = annotatedGroup(mapping.filter().type());
            if (group != null)
                found.add(new AnnotatedFilter(group, mapping));
        }
        return List.copyOf(found);
    }

    private String annotatedGroup(Class<?> type)
    {
        String group = annotatedGroups.computeIfAbsent(type, t ->
        {
            ApplicationGroup a = t.getAnnotation(ApplicationGroup.class);
            return a == null ? "" : a.value();
        });
        return group.isEmpty() ? null : group;
    }

    /**
     * @return the application groups the webapp's servlets and filters name
     */
    Collection<String> annotatedApplicationGroups()
    {
        Set<String> named = new LinkedHashSet<>();
        for (ComponentIndex.Component c : components())
        {
            String g = annotatedGroup(c.type());
            if (g != null)
                named.add(g);
        }
        return named;
    }

    /**
     * @return whether any servlet or filter is declared not thread-safe
     */
    boolean hasNotThreadSafeComponents()
    {
        return components().stream().anyMatch(c -> isNotThreadSafe(c.type()));
    }

    private List<ComponentIndex.Component> components()
    {
        List<ComponentIndex.Component> all = new ArrayList<>(index.servlets());
        all.addAll(index.filters());
        return all;
    }

    /**
     * @param type a servlet or filter class
     * @return whether it is marked {@link NotThreadSafe} or listed in {@code interlock.not-thread-safe}
     */
    boolean isNotThreadSafe(Class<?> type)
    {
        if (type.isAnnotationPresent(NotThreadSafe.class))
            return true;
        List<String> listed = groups.settings().notThreadSafe();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass())
        {
            if (listed.contains(c.getName()))
                return true;
        }
        return false;
    }

    /**
     * @param type a servlet or filter class
     * @return the membership its requests use when no path route applies
     */
    Membership membershipOf(Class<?> type)
    {
        String g = annotatedGroup(type);
        return g == null ? groups.defaultMembership() : groups.membership(g);
    }

    /**
     * Records and logs, once, that a component runs under a lock because it is not thread-safe.
     *
     * @param type the component's class
     * @param kind {@code servlet} or {@code filter}
     */
    void recordNotThreadSafe(Class<?> type, String kind)
    {
        Membership m = membershipOf(type);
        if (m.domain().addFallback(groups, groups.name(), kind, type.getName()))
        {
            LOG.warn("Interlock: {} {} of webapp {} is declared not thread-safe: it runs under the {} lock of application group {} in executor group {}, strictly (held through I/O)",
                kind, type.getName(), groups.contextPath(),
                m.lockInForce() == null ? "own" : m.discipline().settingValue(),
                m.domain().getName(), m.domain().getExecutorGroup());
        }
    }

    /** Records every servlet and filter declared not thread-safe, once the webapp has started. */
    void reportNotThreadSafe()
    {
        for (ComponentIndex.Component c : index.servlets())
        {
            if (isNotThreadSafe(c.type()))
                recordNotThreadSafe(c.type(), "servlet");
        }
        for (ComponentIndex.Component c : index.filters())
        {
            if (isNotThreadSafe(c.type()))
                recordNotThreadSafe(c.type(), "filter");
        }
    }

    /**
     * Lock options resolved for a {@code free} group have no effect there: the switch interval
     * I/O release and hold warning never (fallbacks are strict, and not watched), the lock timeout and waiter bound unless a
     * component of the group is declared not thread-safe. A request-timeout action needs a
     * request timeout.
     */
    void warnNoEffect()
    {
        for (Membership m : groups.memberships())
        {
            String action = m.resolved().provenance().get("request-timeout-action");
            if (action != null && m.settings().requestTimeoutNanos() == 0)
                groups.warnings().warn(action, "Interlock: " + action + " has no effect on application group " + m.domain().getName() +
                    " of webapp " + groups.contextPath() + ": interlock.request-timeout is off there (0), so no request is watched");
            if (m.lockInForce() != null)
                continue;
            boolean fallbacks = !m.domain().getFallbacks().isEmpty();
            for (String option : List.of("switch-interval", "io-release", "lock-timeout", "max-lock-waiters", "hold-warning"))
            {
                String set = m.resolved().provenance().get(option);
                if (set == null || fallbacks && (option.equals("lock-timeout") || option.equals("max-lock-waiters")))
                    continue;
                groups.warnings().warn(set, "Interlock: " + set + " has no effect on application group " + m.domain().getName() +
                    " of webapp " + groups.contextPath() + ": its lock is free (interlock.lock=free), so no lock is in force there");
            }
        }
    }

    /**
     * A servlet that path routes make reachable from two application groups runs under two
     * different locks, so its fields are guarded by neither: warned when one of them has a lock
     * in force. A route reaches the servlet that serves a path inside it (the most specific
     * mapping wins, as for any request); that servlet is reachable from outside the route too
     * unless all its mappings lie inside the route.
     */
    void warnServletsInTwoGroups()
    {
        for (Route route : groups.settings().routes())
        {
            Membership routed = groups.membership(route.group());
            if (routed.lockInForce() == null && groups.defaultMembership().lockInForce() == null)
                continue;
            ComponentIndex.Component servlet = index.servletFor(probe(route.pathSpec()));
            // Jetty's own servlets (the default servlet mapped to "/") are thread-safe.
            if (servlet == null || servlet.type().getName().startsWith("org.eclipse.jetty."))
                continue;
            for (String spec : index.pathSpecsOf(servlet.name()))
            {
                if (!within(route.pathSpec(), spec))
                {
                    groups.warnings().warn("Interlock: servlet " + servlet.name() + " of webapp " + groups.contextPath() +
                        " is reachable from application groups " + groups.defaultMembership().domain().getName() + " and " + route.group() +
                        " (interlock.routes entry " + route + " reaches it, and so does its mapping " + spec +
                        "): its fields are then guarded by two different locks");
                }
            }
        }
    }

    /** A path inside a route's path spec. */
    private static String probe(String routeSpec)
    {
        if (routeSpec.startsWith("*."))
            return "/interlock-probe" + routeSpec.substring(1);
        if (routeSpec.endsWith("/*"))
            return routeSpec.substring(0, routeSpec.length() - 1) + "interlock-probe";
        return routeSpec;
    }

    /** Whether every path a servlet mapping serves lies inside the route. */
    static boolean within(String routeSpec, String servletSpec)
    {
        if (routeSpec.startsWith("*."))
            return servletSpec.equals(routeSpec);
        String prefix = routeSpec.endsWith("/*") ? routeSpec.substring(0, routeSpec.length() - 2) : routeSpec;
        if (!routeSpec.endsWith("/*"))
            return servletSpec.equals(routeSpec);
        return servletSpec.equals(prefix) || servletSpec.startsWith(prefix + "/");
    }

    /** A filter naming an application group, and where it is mapped. */
    private record AnnotatedFilter(String group, List<ServletPathSpec> paths, Set<String> servletNames)
    {
        AnnotatedFilter(String group, ComponentIndex.FilterMapping mapping)
        {
            this(group, mapping.pathSpecs().stream().map(ServletPathSpec::new).toList(), Set.copyOf(mapping.servletNames()));
        }

        boolean applies(String pathInContext, String servletName)
        {
            if (servletName != null && (servletNames.contains(servletName) || servletNames.contains("*")))
                return true;
            for (ServletPathSpec spec : paths)
            {
                if (pathInContext != null && spec.matches(pathInContext))
                    return true;
            }
            return false;
        }
    }
}
