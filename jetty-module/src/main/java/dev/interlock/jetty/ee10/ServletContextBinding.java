package dev.interlock.jetty.ee10;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.interlock.api.ApplicationGroup;
import dev.interlock.api.NotThreadSafe;
import dev.interlock.engine.GroupBinding;
import dev.interlock.jetty.ContextBinding;
import dev.interlock.options.Route;
import dev.interlock.options.SettingValue;
import dev.interlock.options.Settings;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.BaseHolder;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.FilterMapping;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.ee10.servlet.ServletHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.ServletMapping;
import org.eclipse.jetty.http.pathmap.MatchedResource;
import org.eclipse.jetty.http.pathmap.ServletPathSpec;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ee10 side of a webapp's binding: reads {@code interlock.*} context init parameters,
 * finds {@link ApplicationGroup} on target servlets and {@link NotThreadSafe} (or
 * {@code interlock.not-thread-safe}) on servlets and filters, and logs each not-thread-safe
 * component once when the context has started.
 *
 * <p>As a {@link ServletContextHandler.ServletContainerInitializerCaller} it is started by its
 * context before the servlet container initializers run, not with the other beans after them:
 * a CDI container boots in an initializer, and its extensions need the webapp's settings, its
 * classloader known to the engine and its not-thread-safe lock.</p>
 */
public class ServletContextBinding extends ContextBinding implements ServletContextHandler.ServletContainerInitializerCaller
{
    private static final Logger LOG = LoggerFactory.getLogger(ServletContextBinding.class);

    private final ServletContextHandler context;
    private final Map<Class<?>, String> annotatedGroups = new ConcurrentHashMap<>();
    // Filters with @ApplicationGroup and their mappings, found on the first request.
    private volatile List<AnnotatedFilter> annotatedFilters;
    private final LifeCycle.Listener started = new LifeCycle.Listener()
    {
        @Override
        public void lifeCycleStarted(LifeCycle event)
        {
            // A webapp whose settings were refused is started unavailable, without a binding.
            if (!isStarted())
                return;
            reportNotThreadSafe();
            warnNoEffect();
            warnServletsInTwoGroups();
        }
    };

    ServletContextBinding(ServletContextHandler context)
    {
        super(context);
        this.context = context;
        context.addEventListener(started);
    }

    @Override
    protected void doStop() throws Exception
    {
        annotatedGroups.clear();
        annotatedFilters = null;
        super.doStop();
    }

    /**
     * The webapp's own settings: {@code interlock.*} context attributes (set by a deploy
     * properties file in {@code webapps/}, as {@code jetty.deploy.attribute.interlock.lock=...})
     * and then {@code interlock.*} init parameters (context XML, {@code web.xml}).
     */
    @Override
    protected List<SettingValue> contextSettings()
    {
        List<SettingValue> values = new ArrayList<>();
        for (String name : context.getAttributeNameSet())
        {
            if (name.startsWith(Settings.PREFIX) && context.getAttribute(name) instanceof String value)
                values.add(new SettingValue(name, value, "context " + context.getContextPath() + " attribute"));
        }
        Enumeration<String> names = context.getInitParameterNames();
        while (names.hasMoreElements())
        {
            String name = names.nextElement();
            if (name.startsWith(Settings.PREFIX))
                values.add(new SettingValue(name, context.getInitParameter(name), "context " + context.getContextPath() + " init-param"));
        }
        return values;
    }

    /**
     * The target servlet's {@link ApplicationGroup}, else that of the first filter, in mapping
     * order, that the request passes through.
     */
    @Override
    protected String targetApplicationGroup(Request request)
    {
        ServletContextRequest servletRequest = Request.as(request, ServletContextRequest.class);
        if (servletRequest == null)
            return null;
        MatchedResource<ServletHandler.MappedServlet> matched = servletRequest.getMatchedResource();
        ServletHolder holder = matched == null ? null : matched.getResource().getServletHolder();
        Class<?> target = holder == null ? null : holder.getHeldClass();
        String group = target == null ? null : annotatedGroup(target);
        if (group != null)
            return group;
        List<AnnotatedFilter> filters = annotatedFilters;
        if (filters == null)
            annotatedFilters = filters = annotatedFilters();
        for (AnnotatedFilter f : filters)
        {
            if (f.applies(servletRequest.getDecodedPathInContext(), holder == null ? null : holder.getName()))
                return f.group;
        }
        return null;
    }

    private List<AnnotatedFilter> annotatedFilters()
    {
        FilterMapping[] mappings = context.getServletHandler().getFilterMappings();
        if (mappings == null)
            return List.of();
        List<AnnotatedFilter> found = new ArrayList<>();
        for (FilterMapping mapping : mappings)
        {
            if (!mapping.appliesTo(DispatcherType.REQUEST))
                continue;
            FilterHolder holder = context.getServletHandler().getFilter(mapping.getFilterName());
            List<Class<?>> type = holder == null ? List.of() : heldClasses(List.of(holder));
            String group = type.isEmpty() ? null : annotatedGroup(type.get(0));
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

    @Override
    protected Collection<String> annotatedApplicationGroups()
    {
        Set<String> groups = new LinkedHashSet<>();
        List<BaseHolder<?>> holders = new ArrayList<>(servletHolders());
        holders.addAll(filterHolders());
        for (Class<?> type : heldClasses(holders))
        {
            String g = annotatedGroup(type);
            if (g != null)
                groups.add(g);
        }
        return groups;
    }

    @Override
    protected boolean hasNotThreadSafeComponents()
    {
        List<BaseHolder<?>> holders = new ArrayList<>(servletHolders());
        holders.addAll(filterHolders());
        for (Class<?> type : heldClasses(holders))
        {
            if (isNotThreadSafe(type))
                return true;
        }
        return false;
    }

    /**
     * @param type a servlet or filter class
     * @return whether it is marked {@link NotThreadSafe} or listed in {@code interlock.not-thread-safe}
     */
    public boolean isNotThreadSafe(Class<?> type)
    {
        if (type.isAnnotationPresent(NotThreadSafe.class))
            return true;
        List<String> listed = getSettings().notThreadSafe();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass())
        {
            if (listed.contains(c.getName()))
                return true;
        }
        return false;
    }

    /**
     * @param type a servlet or filter class
     * @return the binding its requests use when no path route applies
     */
    GroupBinding bindingOf(Class<?> type)
    {
        String g = annotatedGroup(type);
        return g == null ? getDefaultBinding() : binding(g);
    }

    /**
     * Records and logs, once, that a component runs under a lock because it is not thread-safe.
     *
     * @param type the component's class
     * @param kind "servlet" or "filter"
     */
    void recordNotThreadSafe(Class<?> type, String kind)
    {
        GroupBinding b = bindingOf(type);
        String description = kind + " " + type.getName() + " in " + getWebappName();
        if (b.group().addFallback(description))
        {
            LOG.warn("Interlock: {} {} of webapp {} is declared not thread-safe: it runs under the {} lock of application group {} in executor group {}, strictly (held through I/O)",
                kind, type.getName(), context.getContextPath(),
                b.lockInForce() == null ? "own" : b.discipline().settingValue(),
                b.group().getName(), b.group().getExecutorGroup());
        }
    }

    private void reportNotThreadSafe()
    {
        for (Class<?> type : heldClasses(servletHolders()))
        {
            if (isNotThreadSafe(type))
                recordNotThreadSafe(type, "servlet");
        }
        for (Class<?> type : heldClasses(filterHolders()))
        {
            if (isNotThreadSafe(type))
                recordNotThreadSafe(type, "filter");
        }
    }

    /**
     * Lock options resolved for a {@code free} group have no effect there: the switch interval
     * and I/O release never (fallbacks are strict), the lock timeout and waiter bound unless a
     * component of the group is declared not thread-safe.
     */
    private void warnNoEffect()
    {
        for (GroupBinding b : getBindings())
        {
            if (b.lockInForce() != null)
                continue;
            boolean fallbacks = !b.group().getFallbacks().isEmpty();
            for (String option : List.of("switch-interval", "io-release", "lock-timeout", "max-lock-waiters"))
            {
                String set = b.resolved().provenance().get(option);
                if (set == null || fallbacks && (option.equals("lock-timeout") || option.equals("max-lock-waiters")))
                    continue;
                getInterlock().warnOnce(set, "Interlock: " + set + " has no effect on application group " + b.group().getName() +
                    " of webapp " + context.getContextPath() + ": its lock is free (interlock.lock=free), so no lock is in force there");
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
    private void warnServletsInTwoGroups()
    {
        ServletHandler handler = context.getServletHandler();
        for (Route route : getSettings().routes())
        {
            GroupBinding routed = binding(route.group());
            if (routed.lockInForce() == null && getDefaultBinding().lockInForce() == null)
                continue;
            MatchedResource<ServletHandler.MappedServlet> matched = handler.getMatchedServlet(probe(route.pathSpec()));
            if (matched == null)
                continue;
            ServletHolder holder = matched.getResource().getServletHolder();
            // Jetty's own servlets (the default servlet mapped to "/") are thread-safe.
            if (holder.getClassName() != null && holder.getClassName().startsWith("org.eclipse.jetty."))
                continue;
            for (ServletMapping mapping : handler.getServletMappings())
            {
                if (!mapping.getServletName().equals(holder.getName()))
                    continue;
                for (String spec : mapping.getPathSpecs())
                {
                    if (!within(route.pathSpec(), spec))
                    {
                        getInterlock().warnOnce("Interlock: servlet " + holder.getName() + " of webapp " + context.getContextPath() +
                            " is reachable from application groups " + getDefaultBinding().group().getName() + " and " + route.group() +
                            " (interlock.routes entry " + route + " reaches it, and so does its mapping " + spec +
                            "): its fields are then guarded by two different locks");
                    }
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

    private List<ServletHolder> servletHolders()
    {
        ServletHolder[] holders = context.getServletHandler().getServlets();
        return holders == null ? List.of() : List.of(holders);
    }

    private List<FilterHolder> filterHolders()
    {
        FilterHolder[] holders = context.getServletHandler().getFilters();
        return holders == null ? List.of() : List.of(holders);
    }

    private List<Class<?>> heldClasses(Collection<? extends BaseHolder<?>> holders)
    {
        List<Class<?>> classes = new ArrayList<>();
        for (BaseHolder<?> holder : holders)
        {
            Class<?> type = holder.getHeldClass();
            if (type == null && holder.getClassName() != null)
            {
                try
                {
                    type = Class.forName(holder.getClassName(), false, context.getClassLoader() == null
                        ? Thread.currentThread().getContextClassLoader() : context.getClassLoader());
                }
                catch (ClassNotFoundException | LinkageError x)
                {
                    // The holder itself reports a missing class when it starts.
                    continue;
                }
            }
            if (type != null)
                classes.add(type);
        }
        return classes;
    }

    /** A filter naming an application group, and where it is mapped. */
    private record AnnotatedFilter(String group, List<ServletPathSpec> paths, Set<String> servletNames)
    {
        AnnotatedFilter(String group, FilterMapping mapping)
        {
            this(group,
                mapping.getPathSpecs() == null ? List.of() : Arrays.stream(mapping.getPathSpecs()).map(ServletPathSpec::new).toList(),
                mapping.getServletNames() == null ? Set.of() : Set.of(mapping.getServletNames()));
        }

        boolean applies(String pathInContext, String servletName)
        {
            if (servletName != null && (servletNames.contains(servletName) || servletNames.contains("*")))
                return true;
            for (ServletPathSpec spec : paths)
            {
                if (spec.matches(pathInContext))
                    return true;
            }
            return false;
        }
    }
}
