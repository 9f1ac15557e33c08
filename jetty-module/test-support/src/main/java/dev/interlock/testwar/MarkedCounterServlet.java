package dev.interlock.testwar;

import dev.interlock.api.NotThreadSafe;
import it.war.CounterServlet;

/** The same counter, declared not thread-safe. */
@NotThreadSafe
public class MarkedCounterServlet extends CounterServlet
{
}
