package dev.interlock.audit;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A class the container instantiates once and calls from every request's thread: a servlet,
 * filter or listener named in {@code WEB-INF/web.xml} or a {@code web-fragment.xml}, or
 * annotated {@code @WebServlet}, {@code @WebFilter}, {@code @WebListener}.
 */
public final class EntryPoint
{
    /** What the container makes of the class. */
    public enum Type
    {
        SERVLET, FILTER, LISTENER;

        /** @return {@code servlet}, {@code filter} or {@code listener} */
        public String id()
        {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Which Servlet API the class is written against. */
    public enum Api
    {
        /** {@code jakarta.servlet}: Servlet 5 and later, what Interlock serves (ee10, ee11). */
        JAKARTA,
        /** {@code javax.servlet}: Servlet 4 and earlier; Jetty 12 runs it in ee8/ee9, without Interlock. */
        JAVAX,
        /** Not known: the class is not in the WAR, or its supertypes are not. */
        UNKNOWN;

        /** @return {@code jakarta}, {@code javax} or {@code unknown} */
        public String id()
        {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String className;
    private final Type type;
    private final String declaredBy;
    private final Api api;
    private final String source;
    private final String marker;
    private final String applicationGroup;
    private final List<String> urlPatterns;

    EntryPoint(String className, Type type, String declaredBy, Api api, String source, String marker, String applicationGroup, List<String> urlPatterns)
    {
        this.className = Objects.requireNonNull(className);
        this.type = Objects.requireNonNull(type);
        this.declaredBy = Objects.requireNonNull(declaredBy);
        this.api = Objects.requireNonNull(api);
        this.source = source;
        this.marker = marker;
        this.applicationGroup = applicationGroup;
        this.urlPatterns = List.copyOf(urlPatterns);
    }

    /** @return the class's binary name, {@code com.example.ShopServlet} */
    public String className()
    {
        return className;
    }

    /** @return servlet, filter or listener */
    public Type type()
    {
        return type;
    }

    /**
     * @return what declares it: {@code WEB-INF/web.xml}, {@code WEB-INF/lib/a.jar!/META-INF/web-fragment.xml},
     * {@code @jakarta.servlet.annotation.WebServlet}, ...
     */
    public String declaredBy()
    {
        return declaredBy;
    }

    /** @return the Servlet API it is written against */
    public Api api()
    {
        return api;
    }

    /**
     * @return where its class file is ({@code WEB-INF/classes} or {@code WEB-INF/lib/a.jar}), or
     * empty if the WAR does not hold it (a container's class, or a missing one): it is then not audited
     */
    public Optional<String> source()
    {
        return Optional.ofNullable(source);
    }

    /**
     * @return what already makes Interlock run it under a lock, if anything:
     * {@code @dev.interlock.api.NotThreadSafe}, {@code @dev.interlock.api.NotThreadSafe (inherited from X)},
     * or {@code interlock.not-thread-safe (the WAR's microprofile-config.properties)}; empty for
     * none (a listener is never marked: the marker applies to servlets and filters)
     */
    public Optional<String> marker()
    {
        return Optional.ofNullable(marker);
    }

    /** @return whether {@link #marker()} is present */
    public boolean isMarked()
    {
        return marker != null;
    }

    /** @return the application group its {@code @dev.interlock.api.ApplicationGroup} names, if any */
    public Optional<String> applicationGroup()
    {
        return Optional.ofNullable(applicationGroup);
    }

    /** @return the URL patterns it is mapped to, as declared (empty for listeners, and for filters mapped by servlet name) */
    public List<String> urlPatterns()
    {
        return urlPatterns;
    }

    /** @return the class name after its last dot */
    public String simpleName()
    {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    @Override
    public String toString()
    {
        return type.id() + " " + className + " (" + declaredBy + ")" + (marker == null ? "" : " " + marker);
    }
}
