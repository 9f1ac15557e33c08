package dev.interlock.express.compare;

/**
 * A comparison that could not be completed, for a reason found while it ran (the check URL
 * answered no number, the load did not stop within its bound, the server did not start): the
 * command reports the message and exits with status 1. Bad options are found before and are
 * usage errors instead.
 */
public final class RunFailure extends Exception
{
    public RunFailure(String message)
    {
        super(message, null, false, false);
    }
}
