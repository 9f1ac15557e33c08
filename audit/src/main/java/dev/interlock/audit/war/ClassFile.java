package dev.interlock.audit.war;

/**
 * A class file of the WAR, not yet parsed.
 *
 * @param path where it is, e.g. {@code WEB-INF/classes/a/B.class} or {@code WEB-INF/lib/x.jar!/a/B.class}
 * @param origin {@code WEB-INF/classes} or the jar, e.g. {@code WEB-INF/lib/x.jar}
 * @param bytes its content
 */
public record ClassFile(String path, String origin, byte[] bytes)
{
}
