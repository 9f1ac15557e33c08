package dev.interlock.metrics;

import java.util.List;
import java.util.Map;

/**
 * One application group at one moment, with the lock its requests take: the group's own lock
 * (under {@code application}, and for not-thread-safe components under {@code free}) or its
 * executor group's shared lock (under {@code shared}).
 *
 * @param name the group's name
 * @param executorGroup its executor group
 * @param disciplines the lock discipline in force, per webapp using the group
 * @param disciplineSources the setting that chose each (key, value and source), or {@code default}
 * @param routes the path specs routed to the group, per webapp ({@code interlock.routes}); a
 * webapp whose default group it is has none here, unless it also routes paths to it
 * @param fallbacks the components declared not thread-safe that run under its lock
 * @param activeRequests requests inside the group now
 * @param lock the name of the lock described below
 * @param waiters threads waiting for that lock now
 * @param acquisitions acquisitions of that lock
 * @param contendedAcquisitions acquisitions that had to wait
 * @param contentionRatio contended over all acquisitions, 0 to 1
 * @param handOvers hand-overs at yield points
 * @param refusals acquisitions refused (lock timeout, too many waiters, interrupted): 503s
 * @param abortedResponses committed responses aborted because their request could not have the
 * lock back after giving it up (refusals of requests that were too far along for a 503)
 * @param lockWait how long contended acquisitions waited, in multiples of the switch interval
 * @param lockHold how long the lock was held, one acquisition in 32 measured, in multiples
 * of the switch interval
 */
public record ApplicationGroupMetrics(String name, String executorGroup, Map<String, String> disciplines, Map<String, String> disciplineSources,
                                      Map<String, List<String>> routes, List<String> fallbacks, int activeRequests, String lock, int waiters, long acquisitions,
                                      long contendedAcquisitions, double contentionRatio, long handOvers, long refusals,
                                      long abortedResponses, Histogram lockWait, Histogram lockHold)
{
    public ApplicationGroupMetrics
    {
        disciplines = Map.copyOf(disciplines);
        disciplineSources = Map.copyOf(disciplineSources);
        routes = Map.copyOf(routes);
        fallbacks = List.copyOf(fallbacks);
    }
}
