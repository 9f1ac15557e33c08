package dev.interlock.audit.bytecode;

/**
 * A field as an instruction names it: the owner is the class named in the instruction, which
 * may be a subclass of the one that declares it.
 *
 * @param owner internal name of the class named, e.g. {@code com/example/Shop}
 * @param name the field's name
 * @param desc its descriptor, e.g. {@code Ljava/util/Map;}
 * @param isStatic whether it is a static field
 */
public record FieldRef(String owner, String name, String desc, boolean isStatic)
{
}
