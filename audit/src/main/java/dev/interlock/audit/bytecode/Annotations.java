package dev.interlock.audit.bytecode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The annotations on a class or method, by descriptor ({@code Ljakarta/servlet/annotation/WebServlet;}),
 * each with its string-valued elements (arrays flattened): enough for {@code urlPatterns} and
 * {@code ApplicationGroup.value}. Both retentions are read: jcip's {@code @NotThreadSafe} is
 * {@code CLASS}-retained.
 */
public final class Annotations
{
    private final Map<String, Map<String, List<String>>> byDesc = new LinkedHashMap<>();

    /** @return whether an annotation of this descriptor is present */
    public boolean has(String desc)
    {
        return byDesc.containsKey(desc);
    }

    /**
     * @param desc the annotation's descriptor
     * @param element the element's name, e.g. {@code value}
     * @return its string values, empty if absent
     */
    public List<String> strings(String desc, String element)
    {
        Map<String, List<String>> values = byDesc.get(desc);
        return values == null ? List.of() : values.getOrDefault(element, List.of());
    }

    /** @return every annotation descriptor present */
    public Set<String> descriptors()
    {
        return byDesc.keySet();
    }

    AnnotationVisitor visitor(String desc)
    {
        Map<String, List<String>> values = byDesc.computeIfAbsent(desc, d -> new LinkedHashMap<>());
        return new Collector(values, null);
    }

    private static final class Collector extends AnnotationVisitor
    {
        private final Map<String, List<String>> values;
        private final String arrayName;

        Collector(Map<String, List<String>> values, String arrayName)
        {
            super(Opcodes.ASM9);
            this.values = values;
            this.arrayName = arrayName;
        }

        @Override
        public void visit(String name, Object value)
        {
            if (value instanceof String s)
                values.computeIfAbsent(arrayName != null ? arrayName : name, n -> new ArrayList<>()).add(s);
        }

        @Override
        public AnnotationVisitor visitArray(String name)
        {
            return new Collector(values, name);
        }
    }
}
