package dev.interlock.audit.bytecode;

import java.util.List;
import java.util.Set;

import org.objectweb.asm.Opcodes;

/**
 * What one method does to fields, instruction by instruction, with whether a monitor is held
 * there ({@code locked}), the source line (0 if the class has none) and the instruction's index
 * (to order a test before a write).
 *
 * @param name the method's name
 * @param desc its descriptor
 * @param access its access flags
 * @param annotations its annotations ({@code @PostConstruct}, {@code @Inject}...)
 * @param writes {@code putfield} and {@code putstatic}
 * @param uses calls whose receiver is a field's value ({@code this.cache.put(k, v)}, {@code FORMAT.format(d)})
 * @param arrayStores stores into an array that is a field's value ({@code COUNTS[i] = n})
 * @param tests conditional jumps on a value read from a field ({@code if (cache == null)})
 * @param reads {@code getfield} and {@code getstatic}
 * @param calls every method call, for the call graph
 */
public record MethodFacts(String name, String desc, int access, Annotations annotations, List<Write> writes, List<Use> uses,
    List<ArrayStore> arrayStores, List<Test> tests, List<Read> reads, List<Call> calls)
{
    /**
     * A field assigned.
     *
     * @param field the field named
     * @param receiverIsThis for an instance field, whether it is assigned on {@code this}
     * @param locked whether a monitor is held
     * @param line source line, 0 if unknown
     * @param index instruction index
     * @param constant whether the value stored is a constant ({@code true}, {@code null}, {@code 0})
     * @param fromSameField whether the value stored is computed from the same field (a read-modify-write)
     * @param makers what made the value stored: {@code new:TYPE} or {@code call:OWNER.NAME}
     */
    public record Write(FieldRef field, boolean receiverIsThis, boolean locked, int line, int index, boolean constant,
        boolean fromSameField, Set<String> makers)
    {
    }

    /**
     * A call on a field's value.
     *
     * @param field the field the receiver was read from
     * @param owner the class named by the call, e.g. {@code java/util/Map}
     * @param method the method called
     * @param locked whether a monitor is held
     * @param line source line, 0 if unknown
     * @param index instruction index
     */
    public record Use(FieldRef field, String owner, String method, boolean locked, int line, int index)
    {
    }

    /**
     * A store into an array read from a field.
     *
     * @param field the field the array was read from
     * @param locked whether a monitor is held
     * @param line source line, 0 if unknown
     * @param index instruction index
     */
    public record ArrayStore(FieldRef field, boolean locked, int line, int index)
    {
    }

    /**
     * A conditional jump on a value read from (or computed from) a field.
     *
     * @param field the field
     * @param locked whether a monitor is held
     * @param index instruction index
     */
    public record Test(FieldRef field, boolean locked, int index)
    {
    }

    /**
     * A field read.
     *
     * @param field the field
     * @param locked whether a monitor is held
     * @param line source line, 0 if unknown
     * @param index instruction index
     */
    public record Read(FieldRef field, boolean locked, int line, int index)
    {
    }

    /**
     * A method call, or a method handle an {@code invokedynamic} names (a lambda's body, a
     * method reference): code that may run later, anywhere.
     *
     * @param owner the class named
     * @param name the method
     * @param desc its descriptor
     * @param handle whether it is a method handle rather than a call
     */
    public record Call(String owner, String name, String desc, boolean handle)
    {
    }

    /** @return whether it is static */
    public boolean isStatic()
    {
        return (access & Opcodes.ACC_STATIC) != 0;
    }

    /** @return whether it is private */
    public boolean isPrivate()
    {
        return (access & Opcodes.ACC_PRIVATE) != 0;
    }

    /** @return whether it is {@code synchronized} */
    public boolean isSynchronized()
    {
        return (access & Opcodes.ACC_SYNCHRONIZED) != 0;
    }

    /** @return {@code name + desc}, unique within its class */
    public String key()
    {
        return name + desc;
    }
}
