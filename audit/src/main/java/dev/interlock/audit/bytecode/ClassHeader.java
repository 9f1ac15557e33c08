package dev.interlock.audit.bytecode;

import java.util.ArrayList;
import java.util.List;

import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Opcodes;

/**
 * What the audit needs of every class of the WAR, read without its code: its name, supertypes
 * and class-level annotations.
 *
 * @param name internal name, e.g. {@code com/example/Shop}
 * @param superName the superclass's internal name, {@code null} for {@code java/lang/Object}
 * @param interfaces the interfaces it implements directly
 * @param access its access flags
 * @param annotations its class-level annotations
 * @param fields the fields it declares
 */
public record ClassHeader(String name, String superName, List<String> interfaces, int access, Annotations annotations, List<FieldInfo> fields)
{
    /**
     * @param bytes a class file
     * @return its header
     * @throws RuntimeException (from ASM) if the bytes are not a class file it can read
     */
    public static ClassHeader read(byte[] bytes)
    {
        HeaderVisitor v = new HeaderVisitor();
        new ClassReader(bytes).accept(v, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return new ClassHeader(v.name, v.superName, v.interfaces, v.access, v.annotations, List.copyOf(v.fields));
    }

    private static final class HeaderVisitor extends ClassVisitor
    {
        final Annotations annotations = new Annotations();
        final List<FieldInfo> fields = new ArrayList<>();
        String name;
        String superName;
        List<String> interfaces = List.of();
        int access;

        HeaderVisitor()
        {
            super(Opcodes.ASM9);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces)
        {
            this.name = name;
            this.superName = superName;
            this.interfaces = interfaces == null ? List.of() : List.of(interfaces);
            this.access = access;
        }

        @Override
        public AnnotationVisitor visitAnnotation(String descriptor, boolean visible)
        {
            return annotations.visitor(descriptor);
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value)
        {
            fields.add(new FieldInfo(name, descriptor, access));
            return null;
        }
    }

    /** @return whether it is an interface (or an annotation type) */
    public boolean isInterface()
    {
        return (access & Opcodes.ACC_INTERFACE) != 0;
    }

    /**
     * @param name a field's name
     * @return the field this class declares under that name, or {@code null}
     */
    public FieldInfo field(String name)
    {
        for (FieldInfo f : fields)
        {
            if (f.name().equals(name))
                return f;
        }
        return null;
    }

    /** @return the binary name, {@code com.example.Shop} */
    public String binaryName()
    {
        return name.replace('/', '.');
    }
}
