package dev.interlock.options;

import java.time.Duration;

/**
 * How one webapp stops.
 *
 * @param drainTimeout the budget of the whole stopping sequence ({@code interlock.drain-timeout})
 * @param workerJoin the longest wait for tracked workers to finish, within that budget
 * ({@code interlock.worker-join})
 * @param leakPolicy what to do with leaked threads ({@code interlock.leak-policy})
 */
public record StopSettings(Duration drainTimeout, Duration workerJoin, LeakPolicy leakPolicy)
{
}
