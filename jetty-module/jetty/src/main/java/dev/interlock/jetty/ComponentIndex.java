package dev.interlock.jetty;

import java.util.List;

import dev.interlock.options.SettingValue;
import org.eclipse.jetty.server.Request;

/**
 * What one servlet environment (ee10, ee11) tells Interlock about a webapp: the settings its
 * context carries and its servlets and filters, read from that environment's holders, mappings
 * and requests. The one thing an environment adapter implements; everything Interlock decides
 * from it is environment-neutral ({@link ComponentMarks}, {@link Router}).
 *
 * <p>Called on the deploying thread once the context's servlets and filters are known, except
 * {@link #target(Request)}, called on request threads.</p>
 */
public interface ComponentIndex
{
    /**
     * @return the {@code interlock.*} settings the context carries: its attributes (set by a
     * deploy properties file) then its init parameters (context XML, {@code web.xml}); each
     * source names the context
     */
    List<SettingValue> contextSettings();

    /**
     * @return what the webapp was deployed from, as an operator knows it (its WAR file or
     * directory), or {@code null} for a context built in code
     */
    String origin();

    /**
     * @return the webapp's servlets, their classes loaded by its classloader; a servlet whose
     * class cannot be loaded is left out (its holder reports it)
     */
    List<Component> servlets();

    /**
     * @return the webapp's filters, as {@link #servlets()}
     */
    List<Component> filters();

    /**
     * @return the filter mappings that apply to {@code REQUEST} dispatches, in mapping order
     */
    List<FilterMapping> requestFilterMappings();

    /**
     * @param request a request entering the webapp
     * @return the servlet it is mapped to, or {@code null}
     */
    Component target(Request request);

    /**
     * @param pathInContext a path within the webapp
     * @return the servlet that serves it (the most specific mapping), or {@code null}
     */
    Component servletFor(String pathInContext);

    /**
     * @param servletName a servlet's name
     * @return every path spec it is mapped to
     */
    List<String> pathSpecsOf(String servletName);

    /**
     * A servlet or filter.
     *
     * @param name its name in the webapp
     * @param type its class
     */
    record Component(String name, Class<?> type)
    {
    }

    /**
     * Where a filter applies.
     *
     * @param filter the filter
     * @param pathSpecs its servlet path specs
     * @param servletNames the servlets it is mapped to by name ({@code *}: all)
     */
    record FilterMapping(Component filter, List<String> pathSpecs, List<String> servletNames)
    {
        public FilterMapping
        {
            pathSpecs = List.copyOf(pathSpecs);
            servletNames = List.copyOf(servletNames);
        }
    }
}
