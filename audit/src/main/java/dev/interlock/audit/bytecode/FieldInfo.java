package dev.interlock.audit.bytecode;

import org.objectweb.asm.Opcodes;

/**
 * A field as its class declares it.
 *
 * @param name its name
 * @param desc its descriptor
 * @param access its access flags ({@code Opcodes.ACC_*})
 */
public record FieldInfo(String name, String desc, int access)
{
    /** @return whether it is static */
    public boolean isStatic()
    {
        return (access & Opcodes.ACC_STATIC) != 0;
    }

    /** @return whether it is final */
    public boolean isFinal()
    {
        return (access & Opcodes.ACC_FINAL) != 0;
    }

    /** @return whether it is volatile */
    public boolean isVolatile()
    {
        return (access & Opcodes.ACC_VOLATILE) != 0;
    }

    /** @return whether the compiler made it (an outer-instance {@code this$0}, an enum's {@code $VALUES}) */
    public boolean isSynthetic()
    {
        return (access & Opcodes.ACC_SYNTHETIC) != 0;
    }
}
