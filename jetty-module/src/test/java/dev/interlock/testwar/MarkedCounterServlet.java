package dev.interlock.testwar;

import dev.interlock.api.NotThreadSafe;

/** The same counter, declared not thread-safe. */
@NotThreadSafe
public class MarkedCounterServlet extends CounterServlet
{
}
