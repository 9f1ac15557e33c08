package dev.interlock.audit.war;

import java.util.List;

/**
 * What the audit reads of a WAR, in the order a container sees it: {@code WEB-INF/classes}
 * first, then the jars of {@code WEB-INF/lib} by name.
 *
 * @param classes every class file ({@code module-info} and multi-release versions left out)
 * @param webXml {@code WEB-INF/web.xml}, or {@code null} if there is none
 * @param fragments the jars' {@code META-INF/web-fragment.xml}
 * @param configFiles the {@code META-INF/microprofile-config.properties} of {@code WEB-INF/classes} and the jars
 * @param initializers the {@code META-INF/services/...ServletContainerInitializer} lists
 * @param unreadable what could not be read (a jar that is not a zip, say), as path and reason
 * @param notes what the reader should know about the layout (multi-release jars read at their base version)
 */
public record WarContents(List<ClassFile> classes, Resource webXml, List<Resource> fragments, List<Resource> configFiles,
    List<Resource> initializers, List<Unread> unreadable, List<String> notes)
{
}
