package dev.interlock.audit.bytecode;

import java.util.List;
import java.util.Set;

/**
 * A class analysed: its fields, what each of its methods does to fields, and the classes its
 * code refers to.
 *
 * @param header its name, supertypes and annotations
 * @param methods its methods with code, in class-file order
 * @param references internal names of the classes its code names (calls, field accesses,
 *        {@code new}, method handles), for the reach of the audit
 * @param failures the methods that could not be analysed, each {@code name: reason}
 */
public record ClassFacts(ClassHeader header, List<MethodFacts> methods, Set<String> references, List<String> failures)
{
}
