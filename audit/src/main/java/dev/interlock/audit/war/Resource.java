package dev.interlock.audit.war;

/**
 * A file of the WAR other than a class: a descriptor, a properties file, a service list.
 *
 * @param path where it is, e.g. {@code WEB-INF/web.xml} or {@code WEB-INF/lib/x.jar!/META-INF/web-fragment.xml}
 * @param origin {@code WEB-INF} for the WAR's own files, else the jar, e.g. {@code WEB-INF/lib/x.jar}
 * @param bytes its content
 */
public record Resource(String path, String origin, byte[] bytes)
{
}
