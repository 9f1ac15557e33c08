package dev.interlock.audit.rules;

import dev.interlock.audit.bytecode.ClassFacts;
import dev.interlock.audit.bytecode.ClassHeader;

/**
 * The WAR's classes as the rules see them. Implementations read each class at most once and
 * record what they cannot read; lookups of classes the WAR does not hold answer {@code null}.
 */
public interface ClassIndex
{
    /**
     * @param name an internal name, {@code com/example/Shop}
     * @return its header, or {@code null} if the WAR does not hold it (or it cannot be read)
     */
    ClassHeader header(String name);

    /**
     * @param name an internal name
     * @return its facts, or {@code null} if the WAR does not hold it (or it cannot be read)
     */
    ClassFacts facts(String name);

    /**
     * @param name an internal name
     * @return where the class is, {@code WEB-INF/classes} or {@code WEB-INF/lib/x.jar}, or {@code null}
     */
    String origin(String name);

    /**
     * The platform's packages, whose state is the JDK's or the container's concern and which a
     * WAR should not bundle: {@code java}, {@code javax}, {@code jakarta}, {@code jdk}, {@code sun},
     * {@code com.sun}, and Interlock's own API (the server provides it).
     *
     * @param name an internal name
     * @return whether the audit leaves it out
     */
    static boolean isPlatform(String name)
    {
        return name.startsWith("java/") || name.startsWith("javax/") || name.startsWith("jakarta/") || name.startsWith("jdk/") ||
            name.startsWith("sun/") || name.startsWith("com/sun/") || name.startsWith("dev/interlock/api/");
    }
}
