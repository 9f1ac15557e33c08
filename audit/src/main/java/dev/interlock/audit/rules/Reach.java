package dev.interlock.audit.rules;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.interlock.audit.bytecode.ClassFacts;
import dev.interlock.audit.bytecode.ClassHeader;
import dev.interlock.audit.bytecode.FieldInfo;
import dev.interlock.audit.bytecode.MethodFacts;
import org.objectweb.asm.Type;

/**
 * The classes each entry point reaches, breadth-first, up to a depth: an entry point and the
 * classes it extends are depth 0; from a class at depth d, the types of its fields (and what its
 * code stores in them), the classes its code calls or names, and the owners of the fields it
 * touches are at depth d + 1 (a class's superclass and interfaces at d, being part of it).
 * Classes the WAR does not hold, and {@link ClassIndex#isPlatform platform} classes, are not
 * followed.
 *
 * <p>A class is <em>shared</em> when an instance of it is held by a field that requests share:
 * a static field, an instance field of a component, or an instance field of a shared class. Its
 * instance fields are then state requests share too.</p>
 */
public final class Reach
{
    private final Map<String, Integer> depth = new LinkedHashMap<>();
    private final Map<String, Set<String>> reachedFrom = new HashMap<>();
    private final Map<String, String> sharedVia = new HashMap<>();
    private final Map<String, Set<String>> hierarchies = new LinkedHashMap<>();
    private final Set<String> components = new HashSet<>();

    private Reach()
    {
    }

    /**
     * @param index the WAR's classes
     * @param entries internal names of the entry points, in report order
     * @param maxDepth the depth bound, 0 or more
     * @return what each entry point reaches
     */
    public static Reach run(ClassIndex index, List<String> entries, int maxDepth)
    {
        Reach reach = new Reach();
        for (String e : entries)
        {
            Set<String> hierarchy = new LinkedHashSet<>();
            for (String c = e; c != null && !ClassIndex.isPlatform(c) && index.header(c) != null; c = index.header(c).superName())
                hierarchy.add(c);
            reach.hierarchies.put(e, hierarchy);
            reach.components.addAll(hierarchy);
        }
        for (String e : entries)
            reach.walk(index, e, maxDepth);
        return reach;
    }

    private record State(String name, boolean shared, int depth, String via)
    {
    }

    private void walk(ClassIndex index, String entry, int maxDepth)
    {
        Deque<State> queue = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        for (String c : hierarchies.get(entry))
            queue.add(new State(c, false, 0, null));
        while (!queue.isEmpty())
        {
            State s = queue.poll();
            if (!seen.add(s.name + (s.shared ? "+" : "-")))
                continue;
            depth.merge(s.name, s.depth, Math::min);
            reachedFrom.computeIfAbsent(s.name, n -> new LinkedHashSet<>()).add(entry);
            if (s.shared)
                sharedVia.putIfAbsent(s.name, s.via);
            ClassFacts facts = index.facts(s.name);
            if (facts == null)
                continue;
            ClassHeader h = facts.header();
            // Supertypes are part of the object: same depth, same sharing; first in line.
            List<String> supers = new ArrayList<>(h.interfaces());
            if (h.superName() != null)
                supers.add(0, h.superName());
            for (String sup : supers)
            {
                if (followable(index, sup))
                    queue.addFirst(new State(sup, s.shared, s.depth, s.via));
            }
            if (s.depth >= maxDepth)
                continue;
            boolean holder = s.shared || components.contains(s.name);
            for (FieldInfo f : h.fields())
            {
                boolean sharedField = f.isStatic() || holder;
                String via = h.binaryName() + "." + f.name();
                for (String t : typesOf(facts, f))
                {
                    if (followable(index, t))
                        queue.add(new State(t, sharedField, s.depth + 1, sharedField ? via : null));
                }
            }
            for (String r : facts.references())
            {
                if (followable(index, r))
                    queue.add(new State(r, false, s.depth + 1, null));
            }
        }
    }

    /** @return the field's declared class and the classes the class's own code stores in it */
    private static Set<String> typesOf(ClassFacts facts, FieldInfo f)
    {
        Set<String> types = new LinkedHashSet<>();
        Type t = Type.getType(f.desc());
        if (t.getSort() == Type.ARRAY)
            t = t.getElementType();
        if (t.getSort() == Type.OBJECT)
            types.add(t.getInternalName());
        for (MethodFacts m : facts.methods())
        {
            for (MethodFacts.Write w : m.writes())
            {
                if (w.field().name().equals(f.name()) && w.field().owner().equals(facts.header().name()))
                {
                    for (String maker : w.makers())
                    {
                        if (maker.startsWith("new:") && !maker.equals("new:array"))
                            types.add(maker.substring(4));
                    }
                }
            }
        }
        return types;
    }

    private static boolean followable(ClassIndex index, String name)
    {
        return !ClassIndex.isPlatform(name) && index.header(name) != null;
    }

    /** @return the classes reached, in the order first reached; all of them within the depth */
    public Set<String> classes()
    {
        return depth.keySet();
    }

    /**
     * @param name an internal name
     * @return its least depth from an entry point, or -1 if not reached
     */
    public int depth(String name)
    {
        return depth.getOrDefault(name, -1);
    }

    /**
     * @param name an internal name
     * @return the entry points (internal names) that reach it, in entry order
     */
    public Set<String> reachedFrom(String name)
    {
        return reachedFrom.getOrDefault(name, Set.of());
    }

    /**
     * @param name an internal name
     * @return whether it is an entry point or a class an entry point extends
     */
    public boolean isComponent(String name)
    {
        return components.contains(name);
    }

    /**
     * @param entry an entry point's internal name
     * @return it and the classes it extends that the WAR holds
     */
    public Set<String> hierarchy(String entry)
    {
        return hierarchies.getOrDefault(entry, Set.of());
    }

    /**
     * @param name an internal name
     * @return whether an instance of it is held by a field requests share (see the class comment)
     */
    public boolean isShared(String name)
    {
        return sharedVia.containsKey(name) && !components.contains(name);
    }

    /**
     * @param name an internal name of a shared class
     * @return the field that holds it, {@code com.example.Shop.cache}
     */
    public String sharedVia(String name)
    {
        return sharedVia.get(name);
    }
}
