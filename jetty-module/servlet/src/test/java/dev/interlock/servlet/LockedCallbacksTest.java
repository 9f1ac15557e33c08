package dev.interlock.servlet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.interlock.group.Groups;
import dev.interlock.group.Membership;
import dev.interlock.group.WebappGroups;
import dev.interlock.lock.LockOutcome;
import dev.interlock.lock.LockUnavailableException;
import dev.interlock.options.InterlockConfig;
import dev.interlock.options.SettingValue;
import dev.interlock.options.Warnings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Callbacks run under the dispatch's lock report what went wrong as it went wrong: the lock's
 * refusal when the lock is not had, the application's own failure otherwise.
 */
public class LockedCallbacksTest
{
    private Groups groups;
    private Membership membership;

    @BeforeEach
    public void join() throws Exception
    {
        InterlockConfig config = InterlockConfig.parse(List.of(
            new SettingValue("interlock.lock", "application", "test"),
            new SettingValue("interlock.lock-timeout", "50ms", "test")));
        groups = new Groups(config, null, new Warnings());
        groups.start();
        membership = WebappGroups.join(groups, "/app", null, List.of(), List.of(), null).defaultMembership();
    }

    @AfterEach
    public void stop() throws Exception
    {
        groups.stop();
    }

    @Test
    public void anApplicationFailureIsNotMistakenForTheLocks()
    {
        LockedCallbacks callbacks = new LockedCallbacks(membership, membership.lockInForce(), false);
        IOException applications = new IOException("the application's own");
        UncheckedIOException thrown = assertThrows(UncheckedIOException.class, () -> callbacks.runUnchecked(() -> sneakyThrow(applications)));
        assertSame(applications, thrown.getCause());
        assertFalse(membership.lockInForce().isHeldByCurrentThread(), "released on the way out");
    }

    @Test
    public void aLockNotHadInTimeIsTheLocksRefusal() throws Exception
    {
        CountDownLatch taken = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread holder = new Thread(() ->
        {
            membership.lockInForce().acquire(TimeUnit.SECONDS.toNanos(10), false, 64);
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
                membership.lockInForce().release();
            }
        }, "holder");
        holder.start();
        try
        {
            assertTrue(taken.await(10, TimeUnit.SECONDS));
            LockedCallbacks callbacks = new LockedCallbacks(membership, membership.lockInForce(), false);
            LockUnavailableException thrown = assertThrows(LockUnavailableException.class, () -> callbacks.runUnchecked(() -> { }));
            assertEquals(LockOutcome.TIMED_OUT, thrown.getOutcome());
        }
        finally
        {
            done.countDown();
            holder.join(10_000);
        }
        assertFalse(holder.isAlive());
    }

    @SuppressWarnings("unchecked")
    private static <X extends Throwable> void sneakyThrow(Throwable x) throws X
    {
        throw (X)x;
    }
}
