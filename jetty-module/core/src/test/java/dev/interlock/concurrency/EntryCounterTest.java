package dev.interlock.concurrency;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The counter of one component on its own: threads parked inside it at once are its maximum, a
 * re-entry by the same thread counts once, the watch list matches a class or one it extends.
 */
public class EntryCounterTest
{
    @Test
    public void threadsParkedInsideAtOnceAreTheMaximum() throws Exception
    {
        EntryCounter counter = new EntryCounter("a.Servlet", "servlet", false);
        int n = 5;
        CountDownLatch inside = new CountDownLatch(n);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            Thread t = new Thread(() ->
            {
                EntryCounter.Inside token = counter.enter();
                try
                {
                    inside.countDown();
                    if (!release.await(20, TimeUnit.SECONDS))
                        failure.set(new AssertionError("not released"));
                }
                catch (Throwable x)
                {
                    failure.set(x);
                }
                finally
                {
                    counter.exit(token);
                }
            }, "entry-counter-test-" + i);
            t.start();
            threads.add(t);
        }
        assertTrue(inside.await(20, TimeUnit.SECONDS));
        assertEquals(new ComponentConcurrency("a.Servlet", "servlet", n, n, n, false), counter.snapshot());
        release.countDown();
        for (Thread t : threads)
        {
            t.join(TimeUnit.SECONDS.toMillis(20));
            assertFalse(t.isAlive(), t.getName() + " did not end");
        }
        assertNull(failure.get(), () -> "a thread failed: " + failure.get());
        ComponentConcurrency after = counter.snapshot();
        assertEquals(n, after.maxConcurrent());
        assertEquals(0, after.active());
        assertEquals(n, after.requests());
        assertTrue(after.enteredConcurrently());
    }

    @Test
    public void aReentryBySameThreadCountsOnce()
    {
        EntryCounter filter = new EntryCounter("a.Filter", "filter", false);
        EntryCounter servlet = new EntryCounter("a.Servlet", "servlet", false);
        EntryCounter.Inside outer = filter.enter();
        assertNotNull(outer);
        EntryCounter.Inside s = servlet.enter();
        // A forward back through the filter (mapped for FORWARD), then the servlet including itself.
        EntryCounter.Inside again = filter.enter();
        EntryCounter.Inside self = servlet.enter();
        assertNull(again);
        assertNull(self);
        assertEquals(1, filter.snapshot().active());
        assertEquals(1, servlet.snapshot().active());
        servlet.exit(self);
        filter.exit(again);
        servlet.exit(s);
        filter.exit(outer);
        assertEquals(new ComponentConcurrency("a.Filter", "filter", 1, 0, 1, false), filter.snapshot());
        assertEquals(new ComponentConcurrency("a.Servlet", "servlet", 1, 0, 1, false), servlet.snapshot());
        // Out of both: the next request on this thread is counted again.
        EntryCounter.Inside next = servlet.enter();
        assertNotNull(next);
        servlet.exit(next);
        assertEquals(2, servlet.snapshot().requests());
        assertEquals(1, servlet.snapshot().maxConcurrent());
    }

    @Test
    public void aThrowingComponentIsCountedOut()
    {
        EntryCounter counter = new EntryCounter("a.Servlet", "servlet", false);
        for (int i = 0; i < 3; i++)
        {
            EntryCounter.Inside token = counter.enter();
            try
            {
                throw new IllegalStateException("the servlet failed");
            }
            catch (IllegalStateException expected)
            {
                assertEquals("the servlet failed", expected.getMessage());
            }
            finally
            {
                counter.exit(token);
            }
        }
        assertEquals(new ComponentConcurrency("a.Servlet", "servlet", 1, 0, 3, false), counter.snapshot());
    }

    public static class Base
    {
    }

    public static class Derived extends Base
    {
    }

    @Test
    public void theWatchListMatchesAClassOrOneItExtends()
    {
        WebappConcurrency webapp = new WebappConcurrency("/shop", List.of(Base.class.getName()));
        assertTrue(webapp.watches(Base.class));
        assertTrue(webapp.watches(Derived.class));
        assertFalse(webapp.watches(String.class));
        EntryCounter derived = webapp.counter(Derived.class, "servlet");
        EntryCounter other = webapp.counter(String.class, "filter");
        assertTrue(derived.watched());
        assertFalse(other.watched());
        EntryCounter.Inside token = other.enter();
        other.exit(token);
        // The most concurrent first, then by kind and class: here both had at most one.
        assertEquals(List.of(new ComponentConcurrency(String.class.getName(), "filter", 1, 0, 1, false),
            new ComponentConcurrency(Derived.class.getName(), "servlet", 0, 0, 0, true)), webapp.components());
    }
}
