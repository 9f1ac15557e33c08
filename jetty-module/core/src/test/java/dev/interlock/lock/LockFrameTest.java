package dev.interlock.lock;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a dispatch's frame does around {@code Interlock.blocking(...)}: the application's own
 * failure reaches the application even when the lock cannot be had back afterwards.
 */
public class LockFrameTest
{
    private final GroupLock lock = new GroupLock("test");
    private final LockSettings settings = LockSettings.custom()
        .discipline(LockDiscipline.APPLICATION)
        .lockTimeout(Duration.ofMillis(50))
        .build();

    @Test
    public void aFailingBlockingSectionKeepsItsExceptionWhenTheLockIsNotHadBack() throws Exception
    {
        CountDownLatch taken = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        // Takes the lock while the section has released it, and keeps it past the lock timeout.
        Thread other = new Thread(() ->
        {
            lock.acquire(TimeUnit.SECONDS.toNanos(10), false, 64);
            taken.countDown();
            try
            {
                done.await(10, TimeUnit.SECONDS);
            }
            catch (InterruptedException x)
            {
                Thread.currentThread().interrupt();
            }
            finally
            {
                lock.release();
            }
        }, "holder");

        LockFrame frame = LockFrame.current();
        LockFrame.Entry entry = frame.enter(lock, settings, false, settings.lockTimeoutNanos());
        IllegalStateException applications = new IllegalStateException("the application's own failure");
        try
        {
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> LockFrame.YIELD_POINTS.blocking(() ->
            {
                other.start();
                assertTrue(taken.await(10, TimeUnit.SECONDS));
                throw applications;
            }));
            assertSame(applications, thrown, "the section's exception, not the lock's");
            assertEquals(1, thrown.getSuppressed().length);
            assertInstanceOf(LockUnavailableException.class, thrown.getSuppressed()[0]);
            assertEquals(LockOutcome.TIMED_OUT, ((LockUnavailableException)thrown.getSuppressed()[0]).getOutcome());
            assertFalse(lock.isHeldByCurrentThread());
        }
        finally
        {
            frame.exit(entry, false);
            done.countDown();
            other.join(10_000);
        }
        assertFalse(other.isAlive());
        assertEquals(0, lock.getWaiters());
    }

    @Test
    public void aBlockingSectionThatSucceedsTakesTheLockBack() throws Exception
    {
        LockFrame frame = LockFrame.current();
        LockFrame.Entry entry = frame.enter(lock, settings, false, settings.lockTimeoutNanos());
        try
        {
            boolean heldInside = LockFrame.YIELD_POINTS.blocking(lock::isHeldByCurrentThread);
            assertFalse(heldInside, "released while blocking");
            assertTrue(lock.isHeldByCurrentThread(), "taken back after");
        }
        finally
        {
            frame.exit(entry, false);
        }
        assertFalse(lock.isHeldByCurrentThread());
    }
}
