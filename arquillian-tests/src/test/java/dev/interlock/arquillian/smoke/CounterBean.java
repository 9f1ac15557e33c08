package dev.interlock.arquillian.smoke;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Part of the smoke WAR: an application-scoped counter.
 */
@ApplicationScoped
public class CounterBean
{
    private final AtomicInteger count = new AtomicInteger();

    public int increment()
    {
        return count.incrementAndGet();
    }
}
