package dev.interlock.audit.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.interlock.audit.Confidence;
import dev.interlock.audit.Finding.Kind;
import dev.interlock.audit.Finding.Scope;
import dev.interlock.audit.bytecode.ClassFacts;
import dev.interlock.audit.bytecode.ClassHeader;
import dev.interlock.audit.bytecode.FieldInfo;
import dev.interlock.audit.bytecode.FieldRef;
import dev.interlock.audit.bytecode.MethodFacts;
import org.objectweb.asm.Type;

/**
 * The rules, applied to every method of every class the entry points reach. A field counts when
 * requests share it: a static field, an instance field of a component (a servlet, filter or
 * listener, or a class one extends), or an instance field of a {@link Reach#isShared shared}
 * class. Then, for code that runs at request time (see {@link Phase} and {@link Phases}) and holds no monitor:
 * <ul>
 *   <li>an assignment is a finding ({@link Kind#INSTANCE_FIELD_WRITE}, {@link Kind#STATIC_FIELD_WRITE}),
 *       except to a {@code volatile} field, unless it stores a value computed from the field
 *       itself (a read-modify-write, which {@code volatile} does not make atomic);</li>
 *   <li>an assignment after a test of the same field in the same method is {@link Kind#LAZY_INIT}
 *       instead, as is a test without a lock followed by an assignment under one, on a field that
 *       is not {@code volatile} (double-checked locking);</li>
 *   <li>a call on the field's value that uses a {@link JdkTypes#STATEFUL stateful} JDK object, or
 *       modifies a collection whose implementation is not known to be safe, and a store into an
 *       array the field holds, are {@link Kind#UNSAFE_SHARED_OBJECT};</li>
 *   <li>a field written only under a monitor but read without one is {@link Kind#UNGUARDED_READ}.</li>
 * </ul>
 */
public final class Detector
{
    private final ClassIndex index;
    private final Reach reach;
    private final List<Hit> hits = new ArrayList<>();
    private final Map<String, FieldState> fields = new LinkedHashMap<>();

    private Detector(ClassIndex index, Reach reach)
    {
        this.index = index;
        this.reach = reach;
    }

    /**
     * @param index the WAR's classes
     * @param reach what the entry points reach
     * @return every hit, in the order of the classes reached, their methods and instructions
     */
    public static List<Hit> run(ClassIndex index, Reach reach)
    {
        Detector d = new Detector(index, reach);
        d.collectMakers();
        Phases phases = Phases.of(index, reach);
        for (String cls : reach.classes())
        {
            ClassFacts facts = index.facts(cls);
            if (facts == null)
                continue;
            for (MethodFacts m : facts.methods())
                d.judge(cls, m, phases.of(cls, m));
        }
        d.unguardedReads();
        return List.copyOf(d.hits);
    }

    /** A field as declared, and whose state it is ({@code null} if requests do not share it). */
    private record Resolved(String owner, FieldInfo info, Scope scope)
    {
        String key()
        {
            return owner + "." + info.name();
        }
    }

    /** What the methods seen so far do to one field. */
    private static final class FieldState
    {
        final Set<String> makers = new HashSet<>();
        boolean guardedWrite;
        boolean unguardedWrite;
        boolean lazy;
        Hit unguardedRead;
    }

    private FieldState state(Resolved r)
    {
        return fields.computeIfAbsent(r.key(), k -> new FieldState());
    }

    /** What any code of the reach stores into each field, init included: the field's implementation. */
    private void collectMakers()
    {
        for (String cls : reach.classes())
        {
            ClassFacts facts = index.facts(cls);
            if (facts == null)
                continue;
            for (MethodFacts m : facts.methods())
            {
                for (MethodFacts.Write w : m.writes())
                {
                    Resolved r = resolve(w.field());
                    if (r != null)
                        state(r).makers.addAll(w.makers());
                }
            }
        }
    }

    private Resolved resolve(FieldRef ref)
    {
        for (String c = ref.owner(); c != null; )
        {
            if (ClassIndex.isPlatform(c))
                return null;
            ClassHeader h = index.header(c);
            if (h == null)
                return null;
            FieldInfo f = h.field(ref.name());
            if (f != null && f.isStatic() == ref.isStatic())
            {
                if (f.isSynthetic())
                    return null;
                Scope scope = f.isStatic() ? Scope.STATIC : reach.isComponent(c) ? Scope.COMPONENT : reach.isShared(c) ? Scope.SHARED_OBJECT : null;
                return new Resolved(c, f, scope);
            }
            c = h.superName();
        }
        return null;
    }

    /**
     * @return whether code of this phase runs before requests can see the field: a static
     * initialiser; a component's init; a constructor for its own object's fields (or, in a
     * component, for any field: components are built at deploy)
     */
    private static boolean initTime(Phase phase, boolean isStatic, boolean onThis, boolean componentCode)
    {
        return switch (phase)
        {
            case CLASS_INIT, COMPONENT_INIT -> true;
            case OBJECT_INIT -> isStatic ? componentCode : onThis || componentCode;
            case REQUEST -> false;
        };
    }

    private void judge(String cls, MethodFacts m, Phase phase)
    {
        boolean componentCode = reach.isComponent(cls);
        int depth = reach.depth(cls);
        for (MethodFacts.Write w : m.writes())
        {
            Resolved r = resolve(w.field());
            if (r == null || r.scope() == null || initTime(phase, r.info().isStatic(), w.receiverIsThis(), componentCode))
                continue;
            FieldState st = state(r);
            if (w.locked())
                st.guardedWrite = true;
            boolean testedUnlocked = false;
            for (MethodFacts.Test t : m.tests())
            {
                if (t.index() < w.index() && !t.locked() && r.equals(resolve(t.field())))
                    testedUnlocked = true;
            }
            boolean isVolatile = r.info().isVolatile();
            if (testedUnlocked && !w.locked())
            {
                st.lazy = true;
                st.unguardedWrite = true;
                // On a shared object it is two guesses (that the object is shared, that running the
                // initialisation twice matters): libraries cache lookups this way on purpose.
                Confidence c = isVolatile || r.scope() == Scope.SHARED_OBJECT ? Confidence.LOW : Confidence.HIGH;
                String why = isVolatile
                    ? field(r) + " is tested, then assigned in " + m.name() + " with no lock held: concurrent requests may each run the initialisation (volatile: each sees a complete object)"
                    : field(r) + " is tested, then assigned in " + m.name() + " with no lock held: concurrent requests may each initialise it, and may see it half-built (not volatile)";
                hit(Kind.LAZY_INIT, r, cls, m, w.line(), c, why + holder(r), depth);
                continue;
            }
            if (testedUnlocked && !isVolatile)
            {
                st.lazy = true;
                hit(Kind.LAZY_INIT, r, cls, m, w.line(), Confidence.LOW,
                    "double-checked locking on " + field(r) + " in " + m.name() + ": it is not volatile, so a request may see the object before it is fully built" + holder(r), depth);
                continue;
            }
            if (w.locked())
                continue;
            if (isVolatile)
            {
                // A volatile flag or reference assigned a new value is a deliberate publication
                // (last writer wins); only an update from its own value loses updates.
                if (w.fromSameField())
                {
                    st.unguardedWrite = true;
                    hit(writeKind(r), r, cls, m, w.line(), Confidence.MEDIUM,
                        "volatile " + field(r) + " is updated from its own value in " + m.name() +
                            ": volatile makes each write visible, not the read-modify-write atomic, so concurrent requests lose updates" + holder(r), depth);
                }
                continue;
            }
            st.unguardedWrite = true;
            hit(writeKind(r), r, cls, m, w.line(), sure(r),
                assigned(r, m, w.fromSameField()), depth);
        }
        for (MethodFacts.Use u : m.uses())
        {
            Resolved r = resolve(u.field());
            if (r == null || r.scope() == null || u.locked() || initTime(phase, r.info().isStatic(), true, componentCode))
                continue;
            use(r, cls, m, u, depth);
        }
        for (MethodFacts.ArrayStore s : m.arrayStores())
        {
            Resolved r = resolve(s.field());
            if (r == null || r.scope() == null || s.locked() || initTime(phase, r.info().isStatic(), true, componentCode))
                continue;
            hit(Kind.UNSAFE_SHARED_OBJECT, r, cls, m, s.line(), sure(r),
                "elements of the array in " + field(r) + " are written in " + m.name() + " without a lock: every request shares the array" + holder(r), depth);
        }
        for (MethodFacts.Read rd : m.reads())
        {
            if (rd.locked())
                continue;
            Resolved r = resolve(rd.field());
            if (r == null || r.scope() == null || initTime(phase, r.info().isStatic(), true, componentCode))
                continue;
            FieldState st = state(r);
            if (st.unguardedRead == null)
            {
                st.unguardedRead = new Hit(Kind.UNGUARDED_READ, r.scope(), r.owner(), r.info().name(), r.info().desc(), cls, m.name(), rd.line(),
                    Confidence.LOW, field(r) + " is written only under a lock, but read in " + m.name() + " without one: a request may act on a stale value" + holder(r), depth);
            }
        }
    }

    private void use(Resolved r, String cls, MethodFacts m, MethodFacts.Use u, int depth)
    {
        Confidence shared = sure(r);
        if (JdkTypes.isStatefulUse(u.owner(), u.method()))
        {
            hit(Kind.UNSAFE_SHARED_OBJECT, r, cls, m, u.line(), shared,
                field(r) + " (" + article(simple(u.owner())) + ") is used (" + u.method() + ") in " + m.name() + " without a lock: " + article(simple(u.owner())) +
                    " keeps per-call state in itself, so concurrent requests corrupt each other's results" + holder(r), depth);
            return;
        }
        if (!JdkTypes.isMutation(u.owner(), u.method()))
            return;
        JdkTypes.Safety safety = safety(r);
        if (safety == JdkTypes.Safety.SAFE)
            return;
        if (safety == JdkTypes.Safety.UNSAFE)
        {
            hit(Kind.UNSAFE_SHARED_OBJECT, r, cls, m, u.line(), shared,
                field(r) + " (" + implementation(r) + ") is modified (" + u.method() + ") in " + m.name() +
                    " without a lock: it is not thread-safe, concurrent changes lose entries or corrupt it (a java.util.concurrent type is)" + holder(r), depth);
            return;
        }
        hit(Kind.UNSAFE_SHARED_OBJECT, r, cls, m, u.line(), Confidence.LOW,
            field(r) + " (declared " + javaType(r.info().desc()) + ", implementation not seen) is modified (" + u.method() + ") in " + m.name() +
                " without a lock: unless what it holds is thread-safe, concurrent changes corrupt it" + holder(r), depth);
    }

    /**
     * How sure a plain write or unsafe use is: high on a component's or a static field; on a
     * shared object's field, medium when the object is one step from an entry point (held by a
     * component's or a static field the entry point's code names), low further away, where the
     * chain of guesses (this field holds it, that method runs per request) is long and a
     * library's own start-up code is the usual writer.
     */
    private Confidence sure(Resolved r)
    {
        if (r.scope() != Scope.SHARED_OBJECT)
            return Confidence.HIGH;
        return reach.depth(r.owner()) <= 1 ? Confidence.MEDIUM : Confidence.LOW;
    }

    private JdkTypes.Safety safety(Resolved r)
    {
        Type t = Type.getType(r.info().desc());
        JdkTypes.Safety declared = t.getSort() == Type.OBJECT ? JdkTypes.declared(t.getInternalName()) : JdkTypes.Safety.UNKNOWN;
        Set<String> makers = state(r).makers;
        if (declared == JdkTypes.Safety.UNSAFE || makers.stream().anyMatch(mk -> JdkTypes.maker(mk) == JdkTypes.Safety.UNSAFE))
            return JdkTypes.Safety.UNSAFE;
        if (declared == JdkTypes.Safety.SAFE)
            return JdkTypes.Safety.SAFE;
        if (!makers.isEmpty() && makers.stream().allMatch(mk -> JdkTypes.maker(mk) == JdkTypes.Safety.SAFE))
            return JdkTypes.Safety.SAFE;
        return JdkTypes.Safety.UNKNOWN;
    }

    private String implementation(Resolved r)
    {
        for (String mk : state(r).makers)
        {
            if (JdkTypes.maker(mk) == JdkTypes.Safety.UNSAFE)
                return mk.startsWith("new:") ? article(simple(mk.substring(4))) : "from " + simple(mk.substring(5)) + "()";
        }
        return article(javaType(r.info().desc()));
    }

    private void unguardedReads()
    {
        for (FieldState st : fields.values())
        {
            if (st.guardedWrite && !st.unguardedWrite && !st.lazy && st.unguardedRead != null)
            {
                Hit read = st.unguardedRead;
                ClassHeader h = index.header(read.fieldOwner());
                FieldInfo f = h == null ? null : h.field(read.field());
                if (f != null && !f.isVolatile())
                    hits.add(read);
            }
        }
    }

    private static Kind writeKind(Resolved r)
    {
        return r.info().isStatic() ? Kind.STATIC_FIELD_WRITE : Kind.INSTANCE_FIELD_WRITE;
    }

    private String assigned(Resolved r, MethodFacts m, boolean fromItself)
    {
        String rmw = fromItself ? " from its own value (concurrent requests lose updates)" : "";
        return switch (r.scope())
        {
            case COMPONENT -> field(r) + " is assigned" + rmw + " in " + m.name() + " at request time, without a lock: the container shares one " +
                simple(r.owner()) + " among all concurrent requests";
            case STATIC -> "static " + field(r) + " is assigned" + rmw + " in " + m.name() + " outside static initialisation, without a lock: every request shares it";
            case SHARED_OBJECT -> field(r) + " is assigned" + rmw + " in " + m.name() + " without a lock" + holder(r);
        };
    }

    /** @return for a shared object's field, which shared field holds the object */
    private String holder(Resolved r)
    {
        if (r.scope() != Scope.SHARED_OBJECT)
            return "";
        return "; the " + simple(r.owner()) + " is shared, held by " + reach.sharedVia(r.owner());
    }

    private void hit(Kind kind, Resolved r, String cls, MethodFacts m, int line, Confidence confidence, String explanation, int depth)
    {
        hits.add(new Hit(kind, r.scope(), r.owner(), r.info().name(), r.info().desc(), cls, m.name(), line, confidence, explanation, depth));
    }

    private static String field(Resolved r)
    {
        return simple(r.owner()) + "." + r.info().name();
    }

    private static String article(String noun)
    {
        return ("AEIOU".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }

    static String simple(String internalName)
    {
        return internalName.substring(internalName.lastIndexOf('/') + 1);
    }

    /** @return a descriptor in Java syntax, {@code java.util.Map}, {@code int[]} */
    public static String javaType(String desc)
    {
        return Type.getType(desc).getClassName();
    }
}
