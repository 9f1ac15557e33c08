package dev.interlock.lock;

/**
 * What the watchdog does with a request running longer than {@code interlock.request-timeout}
 * ({@code interlock.request-timeout-action}).
 */
public enum RequestTimeoutAction
{
    /** Log it, with its thread's stack, once. */
    REPORT,
    /**
     * Log it and interrupt its thread; if it is still running one more timeout later, log it
     * again as unstoppable. Java cannot do more: a thread that ignores interrupts runs on.
     */
    INTERRUPT
}
