package dev.interlock.options;

import java.util.List;

/**
 * The resolved per-webapp settings.
 *
 * @param webapp the webapp's name ({@code shop}, {@code ROOT})
 * @param executorGroup its executor group
 * @param applicationGroup its default application group
 * @param routes path routes to other application groups, first match wins
 * @param notThreadSafe class names treated as {@code @NotThreadSafe}
 * @param detectConcurrency whether the requests inside each servlet and filter at once are counted
 * @param watch class names whose concurrency is reported loudly ({@code interlock.detect-concurrency.watch})
 */
public record WebappSettings(String webapp, String executorGroup, String applicationGroup, List<Route> routes, List<String> notThreadSafe,
                             boolean detectConcurrency, List<String> watch)
{
}
