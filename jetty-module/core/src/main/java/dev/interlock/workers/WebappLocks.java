package dev.interlock.workers;

import dev.interlock.api.Interlock;
import dev.interlock.api.InterlockSettings;

/**
 * What a webapp's {@link TrackedWorkers} needs from the engine's view of the webapp: its
 * settings and its not-thread-safe lock. Provided by the environment adapter, which knows them
 * only once the webapp's binding has started.
 */
public interface WebappLocks
{
    /** For a webapp outside any engine (tests of the workers alone): default settings unknown, nothing locked. */
    WebappLocks NONE = new WebappLocks()
    {
        @Override
        public InterlockSettings settings()
        {
            throw new IllegalStateException("this webapp has no Interlock binding, so no settings");
        }

        @Override
        public <T, X extends Throwable> T serialized(Interlock.Section<T, X> section) throws X
        {
            return section.call();
        }
    };

    /**
     * @return the settings in force
     * @throws IllegalStateException before the webapp's binding has started
     */
    InterlockSettings settings();

    /**
     * @see dev.interlock.api.Webapp#serialized(Interlock.Section)
     */
    <T, X extends Throwable> T serialized(Interlock.Section<T, X> section) throws X;
}
