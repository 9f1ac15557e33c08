package dev.interlock.arquillian.serial;

import dev.interlock.api.Interlock;

/**
 * Part of the serial WAR: a counter with a racy read-modify-write, the read and the write 1 ms
 * apart, so that two threads inside at once lose an update.
 */
public abstract class RacyCounter
{
    private int count;

    public int increment() throws InterruptedException
    {
        int read = count;
        Thread.sleep(1);
        count = read + 1;
        return count;
    }

    public int count()
    {
        return count;
    }

    /**
     * @return whether the calling thread holds an Interlock lock inside this method
     */
    public boolean holdsLock()
    {
        return Interlock.holdsLock();
    }
}
