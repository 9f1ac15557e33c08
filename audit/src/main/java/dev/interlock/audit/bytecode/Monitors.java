package dev.interlock.audit.bytecode;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * Which instructions of a method run while it holds a monitor: all of a {@code synchronized}
 * method's, and those between a {@code monitorenter} and its {@code monitorexit}, found by
 * following the control flow (jumps, switches, exception handlers) rather than the listing, so
 * that the extra {@code monitorexit} javac writes into a block's exception handler does not
 * unbalance the count (as a linear scan would).
 *
 * <p>Where paths disagree (never in javac's output) the lower count wins: the audit would rather
 * report a write than excuse it. Any monitor counts, whatever object it is taken on.</p>
 */
final class Monitors
{
    private Monitors()
    {
    }

    /**
     * @param method a method with code
     * @return per instruction index, whether a monitor is held when it runs (false for unreachable code)
     */
    static boolean[] held(MethodNode method)
    {
        InsnList insns = method.instructions;
        int n = insns.size();
        boolean[] held = new boolean[n];
        if ((method.access & Opcodes.ACC_SYNCHRONIZED) != 0)
        {
            Arrays.fill(held, true);
            return held;
        }
        int[] depth = new int[n];
        Arrays.fill(depth, -1);
        Deque<Integer> work = new ArrayDeque<>();
        if (n > 0)
        {
            depth[0] = 0;
            work.push(0);
        }
        while (!work.isEmpty())
        {
            int i = work.pop();
            int before = depth[i];
            AbstractInsnNode insn = insns.get(i);
            int after = switch (insn.getOpcode())
            {
                case Opcodes.MONITORENTER -> before + 1;
                case Opcodes.MONITOREXIT -> Math.max(0, before - 1);
                default -> before;
            };
            for (TryCatchBlockNode tcb : method.tryCatchBlocks)
            {
                int start = insns.indexOf(tcb.start);
                int end = insns.indexOf(tcb.end);
                if (i >= start && i < end)
                    flow(depth, work, insns.indexOf(tcb.handler), before);
            }
            if (insn instanceof JumpInsnNode jump)
            {
                flow(depth, work, insns.indexOf(jump.label), after);
                if (insn.getOpcode() != Opcodes.GOTO)
                    flow(depth, work, i + 1, after);
            }
            else if (insn instanceof TableSwitchInsnNode table)
            {
                flow(depth, work, insns.indexOf(table.dflt), after);
                table.labels.forEach(l -> flow(depth, work, insns.indexOf(l), after));
            }
            else if (insn instanceof LookupSwitchInsnNode lookup)
            {
                flow(depth, work, insns.indexOf(lookup.dflt), after);
                lookup.labels.forEach(l -> flow(depth, work, insns.indexOf(l), after));
            }
            else if (!ends(insn.getOpcode()))
            {
                flow(depth, work, i + 1, after);
            }
        }
        for (int i = 0; i < n; i++)
            held[i] = depth[i] > 0;
        return held;
    }

    private static boolean ends(int opcode)
    {
        return (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) || opcode == Opcodes.ATHROW || opcode == Opcodes.RET;
    }

    private static void flow(int[] depth, Deque<Integer> work, int to, int value)
    {
        if (to < 0 || to >= depth.length)
            return;
        if (depth[to] == -1 || value < depth[to])
        {
            depth[to] = value;
            work.push(to);
        }
    }
}
