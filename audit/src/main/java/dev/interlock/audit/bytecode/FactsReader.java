package dev.interlock.audit.bytecode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Reads a class file into {@link ClassFacts}: each method is run through ASM's {@code Analyzer}
 * with an {@link OriginInterpreter}, so that every field access, call and jump is seen with
 * where its operands come from, and through {@link Monitors} for the monitors held. A method the
 * analyser rejects is left out and named in {@link ClassFacts#failures()}.
 */
public final class FactsReader
{
    private FactsReader()
    {
    }

    /**
     * @param bytes a class file
     * @return what its methods do to fields
     * @throws RuntimeException (from ASM) if the bytes are not a class file it can read
     */
    public static ClassFacts read(byte[] bytes)
    {
        ClassNode node = new ClassNode(Opcodes.ASM9);
        new ClassReader(bytes).accept(node, ClassReader.SKIP_FRAMES);
        ClassHeader header = ClassHeader.read(bytes);
        Set<String> references = new LinkedHashSet<>();
        List<MethodFacts> methods = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (MethodNode m : node.methods)
        {
            if (m.instructions.size() == 0)
                continue;
            try
            {
                methods.add(method(node.name, m, references));
            }
            catch (AnalyzerException | RuntimeException x)
            {
                failures.add(m.name + m.desc + ": " + (x.getMessage() == null ? x.getClass().getSimpleName() : x.getMessage()));
            }
        }
        return new ClassFacts(header, List.copyOf(methods), Set.copyOf(references), List.copyOf(failures));
    }

    private static MethodFacts method(String owner, MethodNode m, Set<String> references) throws AnalyzerException
    {
        Frame<Origin>[] frames = new Analyzer<>(new OriginInterpreter()).analyze(owner, m);
        boolean[] locked = Monitors.held(m);
        InsnList insns = m.instructions;
        List<MethodFacts.Write> writes = new ArrayList<>();
        List<MethodFacts.Use> uses = new ArrayList<>();
        List<MethodFacts.ArrayStore> stores = new ArrayList<>();
        List<MethodFacts.Test> tests = new ArrayList<>();
        List<MethodFacts.Read> reads = new ArrayList<>();
        List<MethodFacts.Call> calls = new ArrayList<>();
        int line = 0;
        for (int i = 0; i < insns.size(); i++)
        {
            AbstractInsnNode insn = insns.get(i);
            if (insn instanceof LineNumberNode l)
            {
                line = l.line;
                continue;
            }
            Frame<Origin> frame = frames[i];
            if (frame == null)
                continue; // unreachable
            int op = insn.getOpcode();
            if (insn instanceof FieldInsnNode f)
            {
                references.add(f.owner);
                boolean isStatic = op == Opcodes.GETSTATIC || op == Opcodes.PUTSTATIC;
                FieldRef field = new FieldRef(f.owner, f.name, f.desc, isStatic);
                if (op == Opcodes.PUTFIELD || op == Opcodes.PUTSTATIC)
                {
                    Origin value = top(frame, 0);
                    boolean onThis = op == Opcodes.PUTFIELD && top(frame, 1).isThis;
                    writes.add(new MethodFacts.Write(field, onThis, locked[i], line, i, value.isConstant,
                        value.fields.contains(field), value.makers));
                }
                else
                {
                    reads.add(new MethodFacts.Read(field, locked[i], line, i));
                }
            }
            else if (insn instanceof MethodInsnNode call)
            {
                if (!call.owner.startsWith("["))
                    references.add(call.owner);
                calls.add(new MethodFacts.Call(call.owner, call.name, call.desc, false));
                if (op != Opcodes.INVOKESTATIC)
                {
                    Origin receiver = top(frame, Type.getArgumentTypes(call.desc).length);
                    for (FieldRef f : receiver.fields)
                        uses.add(new MethodFacts.Use(f, call.owner, call.name, locked[i], line, i));
                }
            }
            else if (insn instanceof InvokeDynamicInsnNode indy)
            {
                // A lambda's or method reference's target is code this class runs: follow it.
                for (Object arg : indy.bsmArgs)
                {
                    if (arg instanceof Handle h)
                    {
                        references.add(h.getOwner());
                        calls.add(new MethodFacts.Call(h.getOwner(), h.getName(), h.getDesc(), true));
                    }
                }
            }
            else if (insn instanceof TypeInsnNode t)
            {
                if (op == Opcodes.NEW)
                    references.add(t.desc);
            }
            else if (insn instanceof JumpInsnNode)
            {
                if (op != Opcodes.GOTO && op != Opcodes.JSR)
                {
                    addTests(tests, top(frame, 0), locked[i], i);
                    if (op >= Opcodes.IF_ICMPEQ && op <= Opcodes.IF_ACMPNE)
                        addTests(tests, top(frame, 1), locked[i], i);
                }
            }
            else if (op >= Opcodes.IASTORE && op <= Opcodes.SASTORE)
            {
                for (FieldRef f : top(frame, 2).fields)
                    stores.add(new MethodFacts.ArrayStore(f, locked[i], line, i));
            }
            else if (op == Opcodes.TABLESWITCH || op == Opcodes.LOOKUPSWITCH)
            {
                addTests(tests, top(frame, 0), locked[i], i);
            }
        }
        Annotations annotations = new Annotations();
        addAnnotations(annotations, m.visibleAnnotations);
        addAnnotations(annotations, m.invisibleAnnotations);
        return new MethodFacts(m.name, m.desc, m.access, annotations, List.copyOf(writes), List.copyOf(uses), List.copyOf(stores),
            List.copyOf(tests), List.copyOf(reads), List.copyOf(calls));
    }

    private static void addTests(List<MethodFacts.Test> tests, Origin tested, boolean locked, int index)
    {
        for (FieldRef f : tested.fields)
            tests.add(new MethodFacts.Test(f, locked, index));
    }

    private static void addAnnotations(Annotations annotations, List<AnnotationNode> nodes)
    {
        if (nodes == null)
            return;
        for (AnnotationNode a : nodes)
            a.accept(annotations.visitor(a.desc));
    }

    /** @return the value {@code depth} places below the top of the stack (0 is the top) */
    private static Origin top(Frame<Origin> frame, int depth)
    {
        return frame.getStack(frame.getStackSize() - 1 - depth);
    }
}
