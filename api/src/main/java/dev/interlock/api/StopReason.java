package dev.interlock.api;

/**
 * Why a webapp is stopping (mod_wsgi's {@code shutdown_reason}).
 */
public enum StopReason
{
    /** The webapp is undeployed and not replaced. */
    UNDEPLOY,
    /** A new instance of the same context path is serving already: the old one drains. */
    REDEPLOY,
    /** The whole server is stopping. */
    SERVER_STOP
}
