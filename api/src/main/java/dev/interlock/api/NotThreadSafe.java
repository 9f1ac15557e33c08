package dev.interlock.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a servlet or filter unsafe to run on several threads at once: the replacement for
 * the {@code SingleThreadModel} that Servlet 6 removed.
 *
 * <p>Every dispatch into a marked servlet or filter runs under its application group's lock,
 * even where the group's discipline is {@code free}; where a lock is already in force it runs
 * under that one. The lock is strict: it is kept through servlet I/O and {@code blocking}
 * sections, so the component's fields are never seen by two requests at once. Interlock logs
 * each marked component once at deploy, naming it and its group.</p>
 *
 * <p>Class names listed in {@code interlock.not-thread-safe} are treated as if they carried
 * this annotation.</p>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface NotThreadSafe
{
}
