package dev.interlock.audit.bytecode;

import java.util.List;

import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.analysis.Interpreter;

/**
 * Follows {@link Origin}s through a method for ASM's {@code Analyzer}: a value keeps the fields
 * it was read from through locals, casts and {@code dup}s, so that {@code Map m = this.cache;
 * m.put(k, v)} is a call on field {@code cache}; arithmetic and array loads carry their operands'
 * fields, so that {@code count = count + 1} is a write of a value computed from {@code count}.
 */
final class OriginInterpreter extends Interpreter<Origin>
{
    OriginInterpreter()
    {
        super(Opcodes.ASM9);
    }

    @Override
    public Origin newValue(Type type)
    {
        if (type == Type.VOID_TYPE)
            return null;
        return Origin.plain(type == null ? 1 : type.getSize());
    }

    @Override
    public Origin newParameterValue(boolean isInstanceMethod, int local, Type type)
    {
        if (isInstanceMethod && local == 0)
            return Origin.THIS;
        return newValue(type);
    }

    @Override
    public Origin newOperation(AbstractInsnNode insn)
    {
        return switch (insn.getOpcode())
        {
            case Opcodes.ACONST_NULL, Opcodes.ICONST_M1, Opcodes.ICONST_0, Opcodes.ICONST_1, Opcodes.ICONST_2, Opcodes.ICONST_3,
                Opcodes.ICONST_4, Opcodes.ICONST_5, Opcodes.BIPUSH, Opcodes.SIPUSH, Opcodes.FCONST_0, Opcodes.FCONST_1,
                Opcodes.FCONST_2 -> Origin.constant(1);
            case Opcodes.LCONST_0, Opcodes.LCONST_1, Opcodes.DCONST_0, Opcodes.DCONST_1 -> Origin.constant(2);
            case Opcodes.LDC -> Origin.constant(ldcSize(((LdcInsnNode)insn).cst));
            case Opcodes.GETSTATIC ->
            {
                FieldInsnNode f = (FieldInsnNode)insn;
                yield Origin.field(new FieldRef(f.owner, f.name, f.desc, true), Type.getType(f.desc).getSize());
            }
            case Opcodes.NEW -> Origin.madeBy("new:" + ((TypeInsnNode)insn).desc, 1);
            default -> Origin.plain(1);
        };
    }

    private static int ldcSize(Object cst)
    {
        if (cst instanceof Long || cst instanceof Double)
            return 2;
        if (cst instanceof ConstantDynamic d)
            return Type.getType(d.getDescriptor()).getSize();
        return 1;
    }

    @Override
    public Origin copyOperation(AbstractInsnNode insn, Origin value)
    {
        return value;
    }

    @Override
    public Origin unaryOperation(AbstractInsnNode insn, Origin value)
    {
        return switch (insn.getOpcode())
        {
            case Opcodes.GETFIELD ->
            {
                FieldInsnNode f = (FieldInsnNode)insn;
                yield Origin.field(new FieldRef(f.owner, f.name, f.desc, false), Type.getType(f.desc).getSize());
            }
            case Opcodes.CHECKCAST -> value;
            case Opcodes.INEG, Opcodes.IINC, Opcodes.L2I, Opcodes.F2I, Opcodes.D2I, Opcodes.I2B, Opcodes.I2C, Opcodes.I2S,
                Opcodes.FNEG, Opcodes.I2F, Opcodes.L2F, Opcodes.D2F, Opcodes.ARRAYLENGTH, Opcodes.INSTANCEOF -> Origin.derived(1, value);
            case Opcodes.LNEG, Opcodes.I2L, Opcodes.F2L, Opcodes.D2L, Opcodes.DNEG, Opcodes.I2D, Opcodes.L2D, Opcodes.F2D -> Origin.derived(2, value);
            case Opcodes.NEWARRAY, Opcodes.ANEWARRAY -> Origin.madeBy("new:array", 1);
            default -> Origin.plain(1);
        };
    }

    @Override
    public Origin binaryOperation(AbstractInsnNode insn, Origin value1, Origin value2)
    {
        return switch (insn.getOpcode())
        {
            // An array's element is part of the array's state: it carries the array's fields.
            case Opcodes.IALOAD, Opcodes.BALOAD, Opcodes.CALOAD, Opcodes.SALOAD, Opcodes.AALOAD, Opcodes.FALOAD -> Origin.derived(1, value1);
            case Opcodes.LALOAD, Opcodes.DALOAD -> Origin.derived(2, value1);
            case Opcodes.LADD, Opcodes.LSUB, Opcodes.LMUL, Opcodes.LDIV, Opcodes.LREM, Opcodes.LSHL, Opcodes.LSHR, Opcodes.LUSHR,
                Opcodes.LAND, Opcodes.LOR, Opcodes.LXOR, Opcodes.DADD, Opcodes.DSUB, Opcodes.DMUL, Opcodes.DDIV, Opcodes.DREM ->
                Origin.derived(2, value1, value2);
            default -> Origin.derived(1, value1, value2);
        };
    }

    @Override
    public Origin ternaryOperation(AbstractInsnNode insn, Origin value1, Origin value2, Origin value3)
    {
        return null;
    }

    @Override
    public Origin naryOperation(AbstractInsnNode insn, List<? extends Origin> values)
    {
        if (insn instanceof MethodInsnNode m)
        {
            Type returned = Type.getReturnType(m.desc);
            if (returned == Type.VOID_TYPE)
                return null;
            return Origin.madeBy("call:" + m.owner + "." + m.name, returned.getSize());
        }
        if (insn.getOpcode() == Opcodes.INVOKEDYNAMIC)
        {
            Type returned = Type.getReturnType(((InvokeDynamicInsnNode)insn).desc);
            return returned == Type.VOID_TYPE ? null : Origin.plain(returned.getSize());
        }
        return Origin.plain(1);
    }

    @Override
    public void returnOperation(AbstractInsnNode insn, Origin value, Origin expected)
    {
    }

    @Override
    public Origin merge(Origin value1, Origin value2)
    {
        return value1.merge(value2);
    }
}
