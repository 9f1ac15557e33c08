package dev.interlock.jetty;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.interlock.engine.GroupBinding;
import dev.interlock.executor.ExecutorGroup;
import dev.interlock.options.InterlockConfig;
import dev.interlock.options.Route;
import dev.interlock.options.SettingValue;
import dev.interlock.options.Settings;
import dev.interlock.options.WebappSettings;
import org.eclipse.jetty.http.pathmap.MatchedResource;
import org.eclipse.jetty.http.pathmap.PathMappings;
import org.eclipse.jetty.http.pathmap.ServletPathSpec;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.component.AbstractLifeCycle;

/**
 * One webapp's place in the engine, environment-neutral: its resolved settings, its executor
 * group, its default application group, its path routes and the groups its servlets name.
 * Started as a bean of the context, before the context's servlets are initialized; stopped with
 * the context. Subclasses adapt one servlet environment (ee10).
 */
public abstract class ContextBinding extends AbstractLifeCycle
{
    private final ContextHandler context;
    private final Map<String, GroupBinding> byName = new ConcurrentHashMap<>();
    private InterlockServer interlock;
    private InterlockConfig.WebappBlock own;
    private WebappSettings settings;
    private GroupBinding defaultBinding;
    private PathMappings<GroupBinding> routes;
    private ExecutorGroup executor;
    private volatile Boolean mayLock;

    protected ContextBinding(ContextHandler context)
    {
        this.context = context;
    }

    /**
     * @return the settings the webapp's context carries ({@code interlock.*} init parameters)
     */
    protected abstract List<SettingValue> contextSettings();

    /**
     * @param request a request entering the webapp
     * @return the application group named by the target servlet's annotation, or {@code null}
     */
    protected abstract String targetApplicationGroup(Request request);

    /**
     * @return the application groups named by the webapp's servlet annotations
     */
    protected abstract Collection<String> annotatedApplicationGroups();

    /**
     * @return whether any servlet or filter of the webapp is declared not thread-safe
     */
    protected abstract boolean hasNotThreadSafeComponents();

    @Override
    protected void doStart() throws Exception
    {
        interlock = InterlockServer.of(context.getServer());
        String webapp = getWebappName();
        own = interlock.getConfig().webappBlock(webapp, contextSettings(), interlock::warnOnce);
        settings = interlock.getConfig().resolveWebapp(webapp, context.getContextPath(), own);
        executor = interlock.getExecutorGroup(settings.executorGroup());
        defaultBinding = binding(settings.applicationGroup());
        if (!settings.routes().isEmpty())
        {
            PathMappings<GroupBinding> mappings = new PathMappings<>();
            for (Route r : settings.routes())
                mappings.put(new ServletPathSpec(r.pathSpec()), binding(r.group()));
            routes = mappings;
        }
        mayLock = null;
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception
    {
        super.doStop();
        if (interlock != null && settings != null)
            interlock.unbind(getWebappName(), settings.executorGroup());
        byName.clear();
        routes = null;
        defaultBinding = null;
        mayLock = null;
    }

    /**
     * @return the webapp's name in settings ({@code shop}, {@code ROOT})
     */
    public String getWebappName()
    {
        return Settings.webappName(context.getContextPath());
    }

    public ContextHandler getContext()
    {
        return context;
    }

    public InterlockServer getInterlock()
    {
        return interlock;
    }

    public WebappSettings getSettings()
    {
        return settings;
    }

    /**
     * @return the webapp's executor group, or {@code null} for {@code server}
     */
    public ExecutorGroup getExecutor()
    {
        return executor;
    }

    /**
     * @return the webapp's default application group as it uses it
     */
    public GroupBinding getDefaultBinding()
    {
        return defaultBinding;
    }

    /**
     * @param applicationGroup an application group's name
     * @return the webapp's binding to it, created (with the group) on first use
     */
    public GroupBinding binding(String applicationGroup)
    {
        return byName.computeIfAbsent(applicationGroup, g -> interlock.bind(getWebappName(), settings.executorGroup(), g, own));
    }

    /**
     * @return the webapp's bindings so far: its default group, routed groups and the groups its
     * servlets name
     */
    public Collection<GroupBinding> getBindings()
    {
        return List.copyOf(byName.values());
    }

    /**
     * Chooses a request's application group: a path route, else the target servlet's
     * annotation, else the webapp's default.
     *
     * @param request the request entering the webapp
     * @return the binding
     */
    public GroupBinding route(Request request)
    {
        PathMappings<GroupBinding> r = routes;
        if (r != null)
        {
            MatchedResource<GroupBinding> matched = r.getMatched(Request.getPathInContext(request));
            if (matched != null)
                return matched.getResource();
        }
        String target = targetApplicationGroup(request);
        return target == null ? defaultBinding : binding(target);
    }

    /**
     * Whether any request of this webapp may run under a lock: a group it can reach is not
     * {@code free}, or a component is declared not thread-safe. Decided once the servlets are
     * known; when {@code false} nothing of Interlock is on the webapp's request path.
     *
     * @return whether a lock may be taken
     */
    public boolean mayLock()
    {
        Boolean m = mayLock;
        if (m == null)
        {
            boolean locking = defaultBinding.lockInForce() != null || hasNotThreadSafeComponents();
            if (routes != null)
            {
                for (var mapped : routes)
                    locking |= mapped.getResource().lockInForce() != null;
            }
            for (String g : annotatedApplicationGroups())
                locking |= binding(g).lockInForce() != null;
            mayLock = m = locking;
        }
        return m;
    }

    /**
     * @return whether the webapp's handler has anything to do: hand-off or lock decisions
     */
    public boolean isActive()
    {
        return executor != null || mayLock();
    }

    @Override
    public String toString()
    {
        return String.format("%s@%x{%s,%s}", getClass().getSimpleName(), hashCode(), context.getContextPath(), settings);
    }
}
