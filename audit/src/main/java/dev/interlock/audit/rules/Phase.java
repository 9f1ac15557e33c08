package dev.interlock.audit.rules;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.interlock.audit.bytecode.ClassFacts;
import dev.interlock.audit.bytecode.MethodFacts;

/**
 * When a method runs, as far as sharing goes. Writes in the first three phases happen before
 * requests can see the object (the container calls a component's {@code init} before its first
 * request and {@code destroy} after its last; the JVM runs a class's static initialiser once,
 * under its own lock).
 */
public enum Phase
{
    /** {@code <clinit>}. */
    CLASS_INIT,
    /**
     * A component's {@code init}, {@code destroy}, {@code @PostConstruct}, {@code @PreDestroy},
     * {@code @Inject} methods; in any class, {@code contextInitialized}, {@code contextDestroyed},
     * {@code ServletContainerInitializer.onStartup}, {@code init(ServletConfig)}, {@code init(FilterConfig)}.
     */
    COMPONENT_INIT,
    /** A constructor. */
    OBJECT_INIT,
    /** Anything else: it may run on any request's thread. */
    REQUEST;

    private static final Set<String> LIFECYCLE = Set.of(
        "init(Ljakarta/servlet/ServletConfig;)V", "init(Ljavax/servlet/ServletConfig;)V", "init()V",
        "init(Ljakarta/servlet/FilterConfig;)V", "init(Ljavax/servlet/FilterConfig;)V",
        "contextInitialized(Ljakarta/servlet/ServletContextEvent;)V", "contextInitialized(Ljavax/servlet/ServletContextEvent;)V",
        "destroy()V", "contextDestroyed(Ljakarta/servlet/ServletContextEvent;)V", "contextDestroyed(Ljavax/servlet/ServletContextEvent;)V",
        "jspInit()V", "_jspInit()V", "jspDestroy()V", "_jspDestroy()V");

    /**
     * Callbacks that run only while the webapp starts or stops, whichever class has them: a
     * listener that delegates to another's {@code contextInitialized}, a
     * {@code ServletContainerInitializer}'s {@code onStartup}, a servlet or filter wrapped by
     * another's {@code init}.
     */
    private static final Set<String> CONTEXT_LIFECYCLE = Set.of(
        "contextInitialized(Ljakarta/servlet/ServletContextEvent;)V", "contextInitialized(Ljavax/servlet/ServletContextEvent;)V",
        "contextDestroyed(Ljakarta/servlet/ServletContextEvent;)V", "contextDestroyed(Ljavax/servlet/ServletContextEvent;)V",
        "onStartup(Ljava/util/Set;Ljakarta/servlet/ServletContext;)V", "onStartup(Ljava/util/Set;Ljavax/servlet/ServletContext;)V",
        "init(Ljakarta/servlet/ServletConfig;)V", "init(Ljavax/servlet/ServletConfig;)V",
        "init(Ljakarta/servlet/FilterConfig;)V", "init(Ljavax/servlet/FilterConfig;)V");

    private static final Set<String> LIFECYCLE_ANNOTATIONS = Set.of(
        "Ljakarta/annotation/PostConstruct;", "Ljavax/annotation/PostConstruct;", "Ljakarta/annotation/PreDestroy;",
        "Ljavax/annotation/PreDestroy;", "Ljakarta/inject/Inject;", "Ljavax/inject/Inject;");

    /**
     * The phase of each method of a class. A private method gets the phase of its callers in
     * the class when they are all in an init phase ({@code loadConfig()} called from {@code init}
     * only is init too); one called from request code, or from nowhere the audit can see (a
     * lambda's body), is {@link #REQUEST}.
     *
     * @param facts the class
     * @param component whether it is a servlet, filter or listener (or a class one extends)
     * @return method key ({@code name + desc}) to phase
     */
    public static Map<String, Phase> of(ClassFacts facts, boolean component)
    {
        Map<String, Phase> phases = new HashMap<>();
        for (MethodFacts m : facts.methods())
            phases.put(m.key(), direct(m, component));
        // Private helpers inherit their callers' phase; repeat until nothing changes (chains of helpers).
        String self = facts.header().name();
        boolean changed = true;
        while (changed)
        {
            changed = false;
            for (MethodFacts m : facts.methods())
            {
                if (!m.isPrivate() || phases.get(m.key()) != REQUEST || m.name().startsWith("lambda$"))
                    continue;
                Phase inherited = null;
                boolean called = false;
                boolean handled = false;
                for (MethodFacts caller : facts.methods())
                {
                    if (caller == m)
                        continue;
                    handled |= references(caller.calls(), self, m, true);
                    if (!references(caller.calls(), self, m, false))
                        continue;
                    called = true;
                    Phase p = phases.get(caller.key());
                    inherited = inherited == null || p.ordinal() > inherited.ordinal() ? p : inherited;
                }
                // A method reference (this::work) may run later on any thread, whoever made it.
                if (called && !handled && inherited != REQUEST)
                {
                    phases.put(m.key(), inherited);
                    changed = true;
                }
            }
        }
        return phases;
    }

    private static boolean references(List<MethodFacts.Call> calls, String owner, MethodFacts target, boolean handle)
    {
        for (MethodFacts.Call c : calls)
        {
            if (c.handle() == handle && c.owner().equals(owner) && c.name().equals(target.name()) && c.desc().equals(target.desc()))
                return true;
        }
        return false;
    }

    private static Phase direct(MethodFacts m, boolean component)
    {
        if (m.name().equals("<clinit>"))
            return CLASS_INIT;
        if (m.name().equals("<init>"))
            return OBJECT_INIT;
        if (!m.isStatic() && CONTEXT_LIFECYCLE.contains(m.key()))
            return COMPONENT_INIT;
        if (component && !m.isStatic())
        {
            if (LIFECYCLE.contains(m.key()))
                return COMPONENT_INIT;
            for (String a : LIFECYCLE_ANNOTATIONS)
            {
                if (m.annotations().has(a))
                    return COMPONENT_INIT;
            }
        }
        return REQUEST;
    }
}
