package dev.interlock.audit;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One piece of state that concurrent requests share, as the audit found it in the bytecode: a
 * field, where it is written or mutated at request time, how sure the audit is, and which entry
 * points reach it. One finding per kind and field; the first place found is {@link #site()}, the
 * others {@link #otherSites()}.
 */
public final class Finding
{
    /** What was found. */
    public enum Kind
    {
        /** An instance field of a component (or of an object a shared field holds) assigned at request time, without a lock. */
        INSTANCE_FIELD_WRITE("instance-field-write"),
        /** A static field assigned outside static initialisers (and outside the components' init), without a lock. */
        STATIC_FIELD_WRITE("static-field-write"),
        /** A field read, tested for null or zero, then assigned, in a method that holds no lock there. */
        LAZY_INIT("lazy-init"),
        /** A field holding a non-thread-safe JDK object (a SimpleDateFormat, a HashMap, an array...) used or mutated at request time, final or not. */
        UNSAFE_SHARED_OBJECT("unsafe-shared-object"),
        /** A field written only under a lock but read at request time without it: readers may see a stale value. */
        UNGUARDED_READ("unguarded-read");

        private final String id;

        Kind(String id)
        {
            this.id = id;
        }

        /** @return its name in JSON and text, e.g. {@code instance-field-write} */
        public String id()
        {
            return id;
        }
    }

    /** Whose state it is. */
    public enum Scope
    {
        /** A servlet's, filter's or listener's own instance field (or one it inherits): one instance, every request. */
        COMPONENT,
        /** A static field: one per webapp, every request and every component. */
        STATIC,
        /** An instance field of an object that a component field or a static field holds. */
        SHARED_OBJECT;

        /** @return {@code component}, {@code static} or {@code shared-object} */
        public String id()
        {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** A place in the bytecode: a class, a method of it, and a line when the class file has line numbers. */
    public static final class Site
    {
        private final String className;
        private final String method;
        private final int line;

        Site(String className, String method, int line)
        {
            this.className = Objects.requireNonNull(className);
            this.method = Objects.requireNonNull(method);
            this.line = line;
        }

        /** @return the binary name of the class whose code it is */
        public String className()
        {
            return className;
        }

        /** @return the method's name, e.g. {@code doPost} ({@code <init>} for a constructor) */
        public String method()
        {
            return method;
        }

        /** @return the source line, if the class file has line numbers */
        public OptionalInt line()
        {
            return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
        }

        @Override
        public boolean equals(Object o)
        {
            return o instanceof Site s && s.className.equals(className) && s.method.equals(method) && s.line == line;
        }

        @Override
        public int hashCode()
        {
            return Objects.hash(className, method, line);
        }

        @Override
        public String toString()
        {
            return className + "." + method + (line > 0 ? " (line " + line + ")" : "");
        }
    }

    private final Kind kind;
    private final Scope scope;
    private final String className;
    private final String field;
    private final String fieldType;
    private final Site site;
    private final List<Site> otherSites;
    private final Confidence confidence;
    private final String explanation;
    private final int depth;
    private final List<String> entryPoints;

    Finding(Kind kind, Scope scope, String className, String field, String fieldType, Site site, List<Site> otherSites,
        Confidence confidence, String explanation, int depth, List<String> entryPoints)
    {
        this.kind = Objects.requireNonNull(kind);
        this.scope = Objects.requireNonNull(scope);
        this.className = Objects.requireNonNull(className);
        this.field = Objects.requireNonNull(field);
        this.fieldType = Objects.requireNonNull(fieldType);
        this.site = Objects.requireNonNull(site);
        this.otherSites = List.copyOf(otherSites);
        this.confidence = Objects.requireNonNull(confidence);
        this.explanation = Objects.requireNonNull(explanation);
        this.depth = depth;
        this.entryPoints = List.copyOf(entryPoints);
    }

    /** @return what was found */
    public Kind kind()
    {
        return kind;
    }

    /** @return whose state it is */
    public Scope scope()
    {
        return scope;
    }

    /** @return the binary name of the class that declares the field */
    public String className()
    {
        return className;
    }

    /** @return the field's name */
    public String field()
    {
        return field;
    }

    /** @return the field's declared type in Java syntax, e.g. {@code java.util.Map} or {@code int[]} */
    public String fieldType()
    {
        return fieldType;
    }

    /** @return the first place found (in class-file order) */
    public Site site()
    {
        return site;
    }

    /** @return the other places the same is done to the same field */
    public List<Site> otherSites()
    {
        return otherSites;
    }

    /** @return how sure the audit is */
    public Confidence confidence()
    {
        return confidence;
    }

    /** @return one line saying what happens and why it races */
    public String explanation()
    {
        return explanation;
    }

    /**
     * @return how far from an entry point the code of {@link #site()} is: 0 for an entry point
     * (and the classes it extends), 1 for a class it uses directly, and so on
     */
    public int depth()
    {
        return depth;
    }

    /** @return the binary names of the entry points that reach it, in the report's order */
    public List<String> entryPoints()
    {
        return entryPoints;
    }

    /** @return {@code kind class.field}, as tests and logs compare them */
    @Override
    public String toString()
    {
        return kind.id() + " " + className + "." + field;
    }
}
