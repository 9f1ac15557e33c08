package dev.interlock.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Interlock settings in force for one webapp, read-only: what the engine resolved from the
 * operator's settings, environment variables and the webapp's own
 * {@code microprofile-config.properties}, in that order of precedence (see the config
 * module's README). Lock options are those of the webapp's default application group.
 *
 * <p>Obtained from {@link Webapp#settings()}; injectable with the CDI extension. Immutable: a
 * webapp's settings change only when it is redeployed.</p>
 */
public interface InterlockSettings
{
    /**
     * @return the webapp's name in settings: its context path without the leading slash,
     * {@code ROOT} for the root context
     */
    String webapp();

    /**
     * @return the executor group its requests run on ({@code server} for Jetty's own pool)
     */
    String executorGroup();

    /**
     * @return its default application group
     */
    String applicationGroup();

    /**
     * @return the lock discipline of its default application group: {@code free},
     * {@code application} or {@code shared}
     */
    String lock();

    /**
     * @return the switch interval of its default application group
     */
    Duration switchInterval();

    /**
     * @return the longest wait for its default application group's lock
     */
    Duration lockTimeout();

    /**
     * @return the budget of its whole stopping sequence
     */
    Duration drainTimeout();

    /**
     * @return its path routes to other application groups, as written ({@code /reports/*=reports})
     */
    List<String> routes();

    /**
     * @return the class names it treats as not thread-safe besides annotated ones
     */
    List<String> notThreadSafe();

    /**
     * @return every setting name this view answers for, such as {@code interlock.lock}
     */
    Set<String> names();

    /**
     * @param name a setting's name, such as {@code interlock.drain-timeout}
     * @return its value in force as text, in the form the settings accept; empty for names that
     * are not webapp settings
     */
    Optional<String> value(String name);

    /**
     * @param name a setting's name
     * @return where its value came from (a file, a property, an environment variable), or
     * {@code default}; empty for names that are not webapp settings
     */
    Optional<String> source(String name);
}
