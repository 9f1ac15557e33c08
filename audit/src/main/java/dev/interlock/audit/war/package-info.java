/**
 * Reading a WAR file or an exploded WAR directory without deploying it: its class files (of
 * {@code WEB-INF/classes} and the jars of {@code WEB-INF/lib}), its deployment descriptors and
 * the few other resources the audit reads. Not API: used by {@link dev.interlock.audit.Audit}.
 */
package dev.interlock.audit.war;
