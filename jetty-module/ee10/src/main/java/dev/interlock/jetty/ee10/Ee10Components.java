package dev.interlock.jetty.ee10;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;

import dev.interlock.jetty.ComponentIndex;
import dev.interlock.options.SettingValue;
import dev.interlock.options.Settings;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.Holder;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.ee10.servlet.ServletHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.ServletMapping;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.http.pathmap.MatchedResource;
import org.eclipse.jetty.server.Request;

/**
 * An ee10 webapp's settings, servlets and filters, read from its {@link ServletContextHandler}'s
 * attributes, init parameters, holders and mappings.
 */
final class Ee10Components implements ComponentIndex
{
    private final ServletContextHandler context;

    Ee10Components(ServletContextHandler context)
    {
        this.context = context;
    }

    /**
     * {@code interlock.*} context attributes (set by a deploy properties file in {@code webapps/},
     * as {@code interlock.lock=...}), then {@code interlock.*} init parameters (context XML,
     * {@code web.xml}).
     */
    @Override
    public List<SettingValue> contextSettings()
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

    @Override
    public String origin()
    {
        return context instanceof WebAppContext webapp ? webapp.getWar() : null;
    }

    @Override
    public List<Component> servlets()
    {
        ServletHolder[] holders = context.getServletHandler().getServlets();
        return components(holders == null ? List.of() : List.of(holders));
    }

    @Override
    public List<Component> filters()
    {
        FilterHolder[] holders = context.getServletHandler().getFilters();
        return components(holders == null ? List.of() : List.of(holders));
    }

    @Override
    public List<FilterMapping> requestFilterMappings()
    {
        ServletHandler handler = context.getServletHandler();
        org.eclipse.jetty.ee10.servlet.FilterMapping[] mappings = handler.getFilterMappings();
        if (mappings == null)
            return List.of();
        List<FilterMapping> found = new ArrayList<>();
        for (org.eclipse.jetty.ee10.servlet.FilterMapping mapping : mappings)
        {
            if (!mapping.appliesTo(DispatcherType.REQUEST))
                continue;
            FilterHolder holder = handler.getFilter(mapping.getFilterName());
            List<Component> filter = holder == null ? List.of() : components(List.of(holder));
            if (filter.isEmpty())
                continue;
            found.add(new FilterMapping(filter.get(0),
                mapping.getPathSpecs() == null ? List.of() : Arrays.asList(mapping.getPathSpecs()),
                mapping.getServletNames() == null ? List.of() : Arrays.asList(mapping.getServletNames())));
        }
        return found;
    }

    @Override
    public Component target(Request request)
    {
        ServletContextRequest servletRequest = Request.as(request, ServletContextRequest.class);
        if (servletRequest == null)
            return null;
        MatchedResource<ServletHandler.MappedServlet> matched = servletRequest.getMatchedResource();
        return matched == null ? null : component(matched.getResource().getServletHolder());
    }

    @Override
    public Component servletFor(String pathInContext)
    {
        MatchedResource<ServletHandler.MappedServlet> matched = context.getServletHandler().getMatchedServlet(pathInContext);
        return matched == null ? null : component(matched.getResource().getServletHolder());
    }

    @Override
    public List<String> pathSpecsOf(String servletName)
    {
        List<String> specs = new ArrayList<>();
        ServletMapping[] mappings = context.getServletHandler().getServletMappings();
        if (mappings == null)
            return specs;
        for (ServletMapping mapping : mappings)
        {
            if (mapping.getServletName().equals(servletName) && mapping.getPathSpecs() != null)
                specs.addAll(Arrays.asList(mapping.getPathSpecs()));
        }
        return specs;
    }

    private Component component(ServletHolder holder)
    {
        if (holder == null)
            return null;
        List<Component> c = components(List.of(holder));
        return c.isEmpty() ? null : c.get(0);
    }

    private List<Component> components(List<? extends Holder<?>> holders)
    {
        List<Component> components = new ArrayList<>();
        for (Holder<?> holder : holders)
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
                components.add(new Component(holder.getName(), type));
        }
        return components;
    }
}
