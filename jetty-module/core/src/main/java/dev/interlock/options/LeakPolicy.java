package dev.interlock.options;

/**
 * The value of {@code interlock.leak-policy}: what to do, when a webapp has stopped, with
 * threads still running with its classloader that it did not get from Interlock.
 */
public enum LeakPolicy
{
    /** Log each with its stack trace. */
    REPORT,
    /** Log each and interrupt it: a thread whose webapp is gone can only do harm (the default). */
    INTERRUPT,
    /** Say nothing. */
    IGNORE
}
