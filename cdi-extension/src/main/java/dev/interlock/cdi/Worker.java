package dev.interlock.cdi;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.Objects;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.enterprise.util.Nonbinding;
import jakarta.inject.Qualifier;

/**
 * Names an injected tracked worker of the webapp:
 *
 * <pre>
 * &#64;Inject &#64;Worker(value = "indexer", threads = 2) ManagedExecutorService indexer;
 * &#64;Inject &#64;Worker("ticks") ManagedScheduledExecutorService ticks;
 * &#64;Inject &#64;Worker("pollers") ManagedThreadFactory pollers;
 * </pre>
 *
 * <p>Every injection point with the same name gets the same instance (created on first use
 * through {@code Webapp.current()}). A name is one worker of one type, with one thread count;
 * anything else is a deployment problem naming the injection points. The names of the unnamed
 * defaults, {@code default}, {@code scheduled} and {@code threads}, are reserved.</p>
 *
 * <p>Both members are {@link Nonbinding}: the extension reads them from the injection point.</p>
 */
@Qualifier
@Documented
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, METHOD, TYPE})
public @interface Worker
{
    /**
     * @return the worker's name, unique within the webapp: letters, digits, {@code .},
     * {@code _} and {@code -}; it appears in the thread names
     * ({@code interlock-worker-WEBAPP-NAME-N})
     */
    @Nonbinding
    String value();

    /**
     * @return how many threads an executor runs at most (the core threads of a scheduled
     * executor); at least 1. Has no effect on a {@code ManagedThreadFactory} (a warning if set)
     */
    @Nonbinding
    int threads() default 1;

    /** For programmatic lookup: {@code instance.select(ManagedExecutorService.class, Worker.Literal.of("indexer", 2))}. */
    final class Literal extends AnnotationLiteral<Worker> implements Worker
    {
        private static final long serialVersionUID = 1L;

        private final String value;
        private final int threads;

        private Literal(String value, int threads)
        {
            this.value = Objects.requireNonNull(value, "value");
            this.threads = threads;
        }

        /**
         * @param value the worker's name
         * @param threads its threads
         * @return the qualifier
         */
        public static Literal of(String value, int threads)
        {
            return new Literal(value, threads);
        }

        /**
         * @param value the worker's name
         * @return the qualifier, with one thread
         */
        public static Literal of(String value)
        {
            return new Literal(value, 1);
        }

        @Override
        public String value()
        {
            return value;
        }

        @Override
        public int threads()
        {
            return threads;
        }
    }
}
