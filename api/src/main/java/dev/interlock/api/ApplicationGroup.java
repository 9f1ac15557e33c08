package dev.interlock.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Routes requests to the named application group (a lock domain) instead of their webapp's
 * default one: on a servlet, the requests that target it; on a filter, the requests it is
 * mapped to (for {@code REQUEST} dispatches). The group is chosen once, when a request enters
 * the webapp: a path route in {@code interlock.routes} first, then the target servlet's
 * annotation, then that of the first annotated filter in mapping order. Servlets and filters
 * declared with {@code @WebServlet}/{@code @WebFilter}, in {@code web.xml} or programmatically
 * behave alike.
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
