package dev.interlock.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Routes the requests that target the annotated servlet to the named application group (a lock
 * domain) instead of its webapp's default one. A path route in {@code interlock.routes} takes
 * precedence over this annotation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ApplicationGroup
{
    /**
     * @return the application group's name
     */
    String value();
}
