package dev.interlock.samples.counter;

import dev.interlock.api.NotThreadSafe;

/**
 * The same racy code as {@link LegacyCounterServlet}, with a counter of its own, declared
 * {@link NotThreadSafe}: Interlock runs it under its application group's lock even under
 * {@code interlock.lock=free}, and logs that fallback once at deploy. Served at
 * {@code /safe/*}: {@code POST /safe/increment}, {@code GET /safe/count},
 * {@code POST /safe/reset}.
 */
@NotThreadSafe
public class SafeCounterServlet extends LegacyCounterServlet
{
}
