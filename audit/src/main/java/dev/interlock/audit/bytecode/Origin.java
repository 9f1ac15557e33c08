package dev.interlock.audit.bytecode;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

import org.objectweb.asm.tree.analysis.Value;

/**
 * Where a value on the operand stack or in a local may come from, as far as the audit cares: the
 * fields it was read from (or, for a number, computed from), what made it ({@code new X}, or the
 * method that returned it), whether it is {@code this}, whether it is a constant. Values merge at
 * joins by union. Immutable.
 */
final class Origin implements Value
{
    private static final Origin PLAIN_1 = new Origin(1, Set.of(), Set.of(), false, false);
    private static final Origin PLAIN_2 = new Origin(2, Set.of(), Set.of(), false, false);
    static final Origin THIS = new Origin(1, Set.of(), Set.of(), true, false);

    final int size;
    final Set<FieldRef> fields;
    final Set<String> makers;
    final boolean isThis;
    final boolean isConstant;

    private Origin(int size, Set<FieldRef> fields, Set<String> makers, boolean isThis, boolean isConstant)
    {
        this.size = size;
        this.fields = fields;
        this.makers = makers;
        this.isThis = isThis;
        this.isConstant = isConstant;
    }

    static Origin plain(int size)
    {
        return size == 2 ? PLAIN_2 : PLAIN_1;
    }

    static Origin constant(int size)
    {
        return new Origin(size, Set.of(), Set.of(), false, true);
    }

    static Origin field(FieldRef field, int size)
    {
        return new Origin(size, Set.of(field), Set.of(), false, false);
    }

    /**
     * @param maker {@code new:java/util/HashMap} for an allocation, {@code call:java/util/Collections.synchronizedMap}
     * for a method's result
     */
    static Origin madeBy(String maker, int size)
    {
        return new Origin(size, Set.of(), Set.of(maker), false, false);
    }

    /** @return a value computed from these (an arithmetic result, an array element): it carries their fields */
    static Origin derived(int size, Origin... from)
    {
        Set<FieldRef> fields = new HashSet<>();
        for (Origin o : from)
            fields.addAll(o.fields);
        return fields.isEmpty() ? plain(size) : new Origin(size, Set.copyOf(fields), Set.of(), false, false);
    }

    Origin merge(Origin other)
    {
        if (equals(other))
            return this;
        if (size != other.size)
            return plain(1);
        Set<FieldRef> f = union(fields, other.fields);
        Set<String> m = union(makers, other.makers);
        return new Origin(size, f, m, isThis && other.isThis, isConstant && other.isConstant);
    }

    private static <T> Set<T> union(Set<T> a, Set<T> b)
    {
        if (a.containsAll(b))
            return a;
        if (b.containsAll(a))
            return b;
        Set<T> u = new HashSet<>(a);
        u.addAll(b);
        return Set.copyOf(u);
    }

    @Override
    public int getSize()
    {
        return size;
    }

    @Override
    public boolean equals(Object o)
    {
        return o instanceof Origin v && v.size == size && v.isThis == isThis && v.isConstant == isConstant &&
            v.fields.equals(fields) && v.makers.equals(makers);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(size, fields, makers, isThis, isConstant);
    }

    @Override
    public String toString()
    {
        return (isThis ? "this" : isConstant ? "const" : "value") + fields + makers;
    }
}
