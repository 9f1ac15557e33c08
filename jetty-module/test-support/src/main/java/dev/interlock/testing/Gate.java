package dev.interlock.testing;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps requests inside application code until the test opens it: {@link #park()} is called by
 * a servlet, {@link #awaitEntered()} and {@link #open()} by the test. Every wait is bounded.
 */
public final class Gate
{
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch open = new CountDownLatch(1);

    /**
     * Marks a request as inside and waits, at most 20 s, for {@link #open()}.
     *
     * @return whether the gate was opened in time
     */
    public boolean park()
    {
        entered.countDown();
        return awaitOpen();
    }

    /**
     * Waits, at most 20 s, for {@link #open()} without marking anyone inside.
     *
     * @return whether the gate was opened in time
     */
    public boolean awaitOpen()
    {
        try
        {
            return open.await(20, TimeUnit.SECONDS);
        }
        catch (InterruptedException x)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Marks a request as inside without waiting. */
    public void enter()
    {
        entered.countDown();
    }

    /**
     * @return whether a request entered within 10 s
     */
    public boolean awaitEntered() throws InterruptedException
    {
        return entered.await(10, TimeUnit.SECONDS);
    }

    /** Lets every parked request go on; call it in {@code @AfterEach} too. */
    public void open()
    {
        open.countDown();
    }
}
