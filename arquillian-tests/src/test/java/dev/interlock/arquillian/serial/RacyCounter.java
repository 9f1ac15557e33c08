package dev.interlock.arquillian.serial;

import dev.interlock.api.Interlock;
import it.war.CounterServlet;

/**
 * Part of the serial WAR: a counter with the tests' racy read-modify-write
 * ({@link CounterServlet.RacyCount}), so that two threads inside at once lose an update.
 */
public abstract class RacyCounter
{
    private final CounterServlet.RacyCount count = new CounterServlet.RacyCount();

    public int increment()
    {
        return count.increment();
    }

    public int count()
    {
        return count.get();
    }

    /**
     * @return whether the calling thread holds an Interlock lock inside this method
     */
    public boolean holdsLock()
    {
        return Interlock.holdsLock();
    }
}
