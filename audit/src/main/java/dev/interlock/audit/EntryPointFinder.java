package dev.interlock.audit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.interlock.audit.bytecode.ClassHeader;
import dev.interlock.audit.war.Resource;
import dev.interlock.audit.war.WarContents;
import dev.interlock.audit.war.WebDescriptor;

/**
 * Finds the entry points as a container would: the servlets, filters and listeners of
 * {@code WEB-INF/web.xml}, then of the jars' {@code web-fragment.xml}, then the classes
 * annotated {@code @WebServlet}, {@code @WebFilter}, {@code @WebListener} ({@code jakarta} or
 * {@code javax}), unless a descriptor is metadata-complete. A class declared twice is one entry
 * point (the first declaration) with the URL patterns of both.
 */
final class EntryPointFinder
{
    static final String NOT_THREAD_SAFE = "Ldev/interlock/api/NotThreadSafe;";
    static final String APPLICATION_GROUP = "Ldev/interlock/api/ApplicationGroup;";
    private static final List<String> OTHER_MARKERS = List.of("Lnet/jcip/annotations/NotThreadSafe;", "Ljavax/annotation/concurrent/NotThreadSafe;");

    private final WarClasses classes;
    private final WebappConfig config;
    private final List<Unreadable> unreadable;
    private final List<String> notes;
    private final Map<String, Draft> found = new LinkedHashMap<>();

    /** An entry point being put together from its declarations. */
    private static final class Draft
    {
        final String className;
        final EntryPoint.Type type;
        final String declaredBy;
        final String descriptorApi;
        final List<String> patterns = new ArrayList<>();

        Draft(String className, EntryPoint.Type type, String declaredBy, String descriptorApi)
        {
            this.className = className;
            this.type = type;
            this.declaredBy = declaredBy;
            this.descriptorApi = descriptorApi;
        }
    }

    private EntryPointFinder(WarClasses classes, WebappConfig config, List<Unreadable> unreadable, List<String> notes)
    {
        this.classes = classes;
        this.config = config;
        this.unreadable = unreadable;
        this.notes = notes;
    }

    static List<EntryPoint> find(WarContents war, WarClasses classes, WebappConfig config, List<Unreadable> unreadable, List<String> notes)
    {
        return new EntryPointFinder(classes, config, unreadable, notes).find(war);
    }

    private List<EntryPoint> find(WarContents war)
    {
        WebDescriptor webXml = war.webXml() == null ? null : parse(war.webXml());
        boolean complete = webXml != null && webXml.metadataComplete();
        if (webXml != null)
            declare(webXml, war.webXml().path());
        Set<String> completeJars = new HashSet<>();
        if (complete)
        {
            notes.add("WEB-INF/web.xml is metadata-complete: the container ignores annotations and web-fragment.xml files, and so does the audit");
        }
        else
        {
            for (Resource fragment : war.fragments())
            {
                WebDescriptor d = parse(fragment);
                if (d == null)
                    continue;
                declare(d, fragment.path());
                if (d.metadataComplete())
                    completeJars.add(fragment.origin());
            }
            for (ClassHeader h : classes.headers())
            {
                if (!completeJars.contains(classes.origin(h.name())))
                    annotated(h);
            }
        }
        if (!war.initializers().isEmpty())
        {
            List<String> where = war.initializers().stream().map(Resource::path).toList();
            notes.add("ServletContainerInitializers are registered (" + String.join(", ", where) + "): servlets, filters and listeners " +
                "they add in code are not seen, unless also declared or annotated");
        }
        List<EntryPoint> entries = new ArrayList<>();
        for (Draft d : found.values())
            entries.add(complete(d));
        return entries;
    }

    private WebDescriptor parse(Resource r)
    {
        try
        {
            return WebDescriptor.parse(r);
        }
        catch (IllegalArgumentException x)
        {
            unreadable.add(new Unreadable(r.path(), "not well-formed XML (" + x.getMessage() + "): its servlets, filters and listeners are not audited"));
            return null;
        }
    }

    private void declare(WebDescriptor d, String path)
    {
        d.servlets().forEach((name, cls) -> add(cls, EntryPoint.Type.SERVLET, path, d.api(), d.servletMappings().getOrDefault(name, List.of())));
        d.filters().forEach((name, cls) -> add(cls, EntryPoint.Type.FILTER, path, d.api(), d.filterMappings().getOrDefault(name, List.of())));
        for (String cls : d.listeners())
            add(cls, EntryPoint.Type.LISTENER, path, d.api(), List.of());
        if (!d.jspServlets().isEmpty())
            notes.add(path + " declares JSP servlets (" + String.join(", ", d.jspServlets()) + "): JSPs are compiled at deploy, not audited");
    }

    private void annotated(ClassHeader h)
    {
        for (String api : List.of("jakarta", "javax"))
        {
            String pkg = "L" + api + "/servlet/annotation/";
            if (h.annotations().has(pkg + "WebServlet;"))
            {
                List<String> patterns = new ArrayList<>(h.annotations().strings(pkg + "WebServlet;", "value"));
                patterns.addAll(h.annotations().strings(pkg + "WebServlet;", "urlPatterns"));
                add(h.binaryName(), EntryPoint.Type.SERVLET, "@" + api + ".servlet.annotation.WebServlet", api, patterns);
            }
            if (h.annotations().has(pkg + "WebFilter;"))
            {
                List<String> patterns = new ArrayList<>(h.annotations().strings(pkg + "WebFilter;", "value"));
                patterns.addAll(h.annotations().strings(pkg + "WebFilter;", "urlPatterns"));
                add(h.binaryName(), EntryPoint.Type.FILTER, "@" + api + ".servlet.annotation.WebFilter", api, patterns);
            }
            if (h.annotations().has(pkg + "WebListener;"))
                add(h.binaryName(), EntryPoint.Type.LISTENER, "@" + api + ".servlet.annotation.WebListener", api, List.of());
        }
    }

    private void add(String className, EntryPoint.Type type, String declaredBy, String api, List<String> patterns)
    {
        String key = type + " " + className;
        Draft d = found.computeIfAbsent(key, k -> new Draft(className, type, declaredBy, api));
        for (String p : patterns)
        {
            if (!d.patterns.contains(p))
                d.patterns.add(p);
        }
    }

    private EntryPoint complete(Draft d)
    {
        String internal = d.className.replace('.', '/');
        ClassHeader h = classes.header(internal);
        String source = classes.origin(internal);
        if (h == null)
            notes.add(d.type.id() + " " + d.className + " (" + d.declaredBy + ") is not in the WAR: the container's or missing, not audited");
        EntryPoint.Api api = api(internal, d.descriptorApi);
        String marker = d.type == EntryPoint.Type.LISTENER ? null : marker(internal);
        if (d.type == EntryPoint.Type.LISTENER && marker(internal) != null)
            notes.add("listener " + d.className + " is marked not thread-safe, but the marker applies to servlets and filters only: a listener's state needs the webapp's lock");
        for (String other : OTHER_MARKERS)
        {
            if (h != null && h.annotations().has(other))
                notes.add(d.className + " is annotated @" + other.substring(1, other.length() - 1).replace('/', '.') +
                    ", which documents but does not lock: Interlock acts on @dev.interlock.api.NotThreadSafe and interlock.not-thread-safe");
        }
        if (implementsSingleThreadModel(internal))
            notes.add(d.className + " implements javax.servlet.SingleThreadModel, which Servlet 6 removed: under Interlock, mark it @NotThreadSafe instead");
        List<String> group = h == null ? List.of() : h.annotations().strings(APPLICATION_GROUP, "value");
        return new EntryPoint(d.className, d.type, d.declaredBy, api, source, marker, group.isEmpty() ? null : group.get(0), d.patterns);
    }

    /** @return how the engine would see the class as marked: the annotation (inherited), or the WAR's list (itself or a superclass) */
    private String marker(String internal)
    {
        for (String c = internal; c != null; )
        {
            ClassHeader h = classes.header(c);
            if (h == null)
                break;
            if (h.annotations().has(NOT_THREAD_SAFE))
                return "@dev.interlock.api.NotThreadSafe" + (c.equals(internal) ? "" : " (inherited from " + h.binaryName() + ")");
            c = h.superName();
        }
        for (String c = internal; c != null; )
        {
            if (config.notThreadSafe().contains(c.replace('/', '.')))
                return "interlock.not-thread-safe (the WAR's microprofile-config.properties" + (c.equals(internal) ? "" : ", as " + c.replace('/', '.')) + ")";
            ClassHeader h = classes.header(c);
            c = h == null ? null : h.superName();
        }
        return null;
    }

    /** @return the Servlet API the class's supertypes name, else the descriptor's namespace */
    private EntryPoint.Api api(String internal, String descriptorApi)
    {
        Deque<String> todo = new ArrayDeque<>(List.of(internal));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty())
        {
            String c = todo.poll();
            if (!seen.add(c))
                continue;
            if (c.startsWith("jakarta/servlet/"))
                return EntryPoint.Api.JAKARTA;
            if (c.startsWith("javax/servlet/"))
                return EntryPoint.Api.JAVAX;
            ClassHeader h = classes.header(c);
            if (h == null)
                continue;
            if (h.superName() != null)
                todo.add(h.superName());
            todo.addAll(h.interfaces());
        }
        return switch (descriptorApi)
        {
            case "jakarta" -> EntryPoint.Api.JAKARTA;
            case "javax" -> EntryPoint.Api.JAVAX;
            default -> EntryPoint.Api.UNKNOWN;
        };
    }

    private boolean implementsSingleThreadModel(String internal)
    {
        for (String c = internal; c != null; )
        {
            ClassHeader h = classes.header(c);
            if (h == null)
                return false;
            if (h.interfaces().contains("javax/servlet/SingleThreadModel"))
                return true;
            c = h.superName();
        }
        return false;
    }
}
