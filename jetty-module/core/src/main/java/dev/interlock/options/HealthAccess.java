package dev.interlock.options;

/**
 * The value of {@code interlock.health.allow}: who may see the readiness and liveness endpoints.
 */
public enum HealthAccess
{
    /**
     * Whoever may see the status page (the default): loopback clients, judged on the connection;
     * or, with {@code interlock.status.role} set, clients authenticated (BASIC) in that role.
     */
    STATUS,
    /**
     * Any client, without credentials: for a load balancer or a Kubernetes probe on another host.
     * The endpoints say whether the server (or a webapp) takes requests and, when it does not, why
     * in one line (stopping; a saturated executor group, by name); nothing else of the status page.
     */
    ANY
}
