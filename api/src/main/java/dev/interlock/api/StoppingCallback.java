package dev.interlock.api;

/**
 * Called once when its webapp stops, after in-flight requests have drained and before tracked
 * workers are stopped and the webapp is torn down. Callbacks run one at a time on the stopping
 * thread, by ascending priority, then in registration order; one that throws is logged and the
 * others still run.
 */
@FunctionalInterface
public interface StoppingCallback
{
    /**
     * @param stopping the reason and the deadline
     * @throws Exception logged; the stopping sequence goes on
     */
    void stopping(Stopping stopping) throws Exception;
}
