package dev.interlock.api.spi;

import java.util.Objects;

/**
 * One engine-provided implementation, shared by every server of the JVM that installs it and
 * kept until the last of them uninstalls it.
 *
 * @param <T> the service type
 */
final class Slot<T>
{
    private final T none;
    private volatile T current;
    private int installations;

    Slot(T none)
    {
        this.none = none;
        this.current = none;
    }

    T current()
    {
        return current;
    }

    synchronized void install(T implementation)
    {
        Objects.requireNonNull(implementation, "implementation");
        if (current != none && current != implementation)
            throw new IllegalStateException("Another Interlock engine is installed: " + current);
        current = implementation;
        installations++;
    }

    synchronized void uninstall(T implementation)
    {
        if (current == implementation && --installations == 0)
            current = none;
    }
}
