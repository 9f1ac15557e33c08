package dev.interlock.audit.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.interlock.audit.bytecode.ClassFacts;
import dev.interlock.audit.bytecode.ClassHeader;
import dev.interlock.audit.bytecode.MethodFacts;

/**
 * The {@link Phase} of every method of the classes reached, across classes: a method that only
 * init-time code calls runs at init time too, wherever it is. {@code WeldServletLifecycle.initialize},
 * called only from a listener's {@code contextInitialized}, writes its fields before any request.
 *
 * <p>Only calls the audit sees count, and only direct ones: a method also called through an
 * interface, by reflection or by the container, or referenced as a method handle, is not
 * made init-time by its init-time callers unless every caller seen is one; a component's own
 * methods other than private ones keep their phase, since the container calls them. A method
 * nobody calls in the audited code stays {@link Phase#REQUEST}.</p>
 */
final class Phases
{
    private final Map<String, Phase> phases = new HashMap<>();

    private Phases()
    {
    }

    static Phases of(ClassIndex index, Reach reach)
    {
        Phases p = new Phases();
        Map<String, List<String>> callers = new HashMap<>();
        Set<String> referenced = new HashSet<>();
        Set<String> initOnly = new HashSet<>();
        Map<String, MethodFacts> methods = new HashMap<>();
        Map<String, String> classOf = new HashMap<>();
        for (String cls : reach.classes())
        {
            ClassFacts facts = index.facts(cls);
            if (facts == null)
                continue;
            boolean component = reach.isComponent(cls);
            Map<String, Phase> local = Phase.of(facts, component);
            for (MethodFacts m : facts.methods())
            {
                String id = id(cls, m);
                Phase phase = local.get(m.key());
                p.phases.put(id, phase);
                methods.put(id, m);
                classOf.put(id, cls);
                if (phase == Phase.CLASS_INIT || phase == Phase.COMPONENT_INIT || (phase == Phase.OBJECT_INIT && component))
                    initOnly.add(id);
                for (MethodFacts.Call c : m.calls())
                {
                    String target = resolve(index, reach, c);
                    if (target == null)
                        continue;
                    if (c.handle())
                        referenced.add(target);
                    else
                        callers.computeIfAbsent(target, t -> new ArrayList<>()).add(id);
                }
            }
        }
        boolean changed = true;
        while (changed)
        {
            changed = false;
            for (Map.Entry<String, MethodFacts> e : methods.entrySet())
            {
                String id = e.getKey();
                MethodFacts m = e.getValue();
                if (initOnly.contains(id) || referenced.contains(id) || m.name().startsWith("lambda$"))
                    continue;
                if (reach.isComponent(classOf.get(id)) && !m.isPrivate())
                    continue;
                List<String> cs = callers.get(id);
                if (cs != null && !cs.isEmpty() && initOnly.containsAll(cs))
                {
                    initOnly.add(id);
                    changed = true;
                }
            }
        }
        for (String id : initOnly)
        {
            Phase phase = p.phases.get(id);
            if (phase == Phase.REQUEST || phase == Phase.OBJECT_INIT)
                p.phases.put(id, Phase.COMPONENT_INIT);
        }
        return p;
    }

    /** @return the method a call runs, searched from the class it names up its superclasses among the classes reached */
    private static String resolve(ClassIndex index, Reach reach, MethodFacts.Call call)
    {
        for (String c = call.owner(); c != null && !ClassIndex.isPlatform(c) && reach.depth(c) >= 0; )
        {
            ClassFacts facts = index.facts(c);
            if (facts == null)
                return null;
            for (MethodFacts m : facts.methods())
            {
                if (m.name().equals(call.name()) && m.desc().equals(call.desc()))
                    return id(c, m);
            }
            ClassHeader h = facts.header();
            c = h.superName();
        }
        return null;
    }

    private static String id(String cls, MethodFacts m)
    {
        return cls + "#" + m.key();
    }

    /**
     * @param cls the class's internal name
     * @param m one of its methods
     * @return when it runs
     */
    Phase of(String cls, MethodFacts m)
    {
        return phases.getOrDefault(id(cls, m), Phase.REQUEST);
    }
}
