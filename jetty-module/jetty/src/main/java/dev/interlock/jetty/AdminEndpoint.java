package dev.interlock.jetty;

import dev.interlock.options.InterlockConfig;
import dev.interlock.options.Setting;
import org.eclipse.jetty.server.Handler;

/**
 * An endpoint for operators served next to the status page, by the same server-level handler and
 * under the same access rules: loopback clients only, judged on the connection, or clients in
 * {@code interlock.status.role} (unless the endpoint {@linkplain #admitsAnyClient admits any
 * client}); {@code GET} and {@code HEAD} only, never cached.
 *
 * <p>An engine serves the endpoints {@linkplain InterlockServer#addEndpoint added} to it and
 * those its class loader finds as services of this interface (a jar on the server's classpath
 * is enough); an added endpoint of the same class wins over a service. Which are on, and at
 * which path, is read from the engine's settings each time it starts.</p>
 */
public interface AdminEndpoint
{
    /**
     * @return the setting that turns the endpoint on, a {@link Setting.Kind#SERVER SERVER}
     * setting of {@link dev.interlock.options.Settings}
     */
    Setting<Boolean> enabledBy();

    /**
     * @return the setting holding its path, a {@link Setting.Kind#SERVER SERVER} setting of
     * {@link dev.interlock.options.Settings}
     */
    Setting<String> pathSetting();

    /**
     * Makes the handler that answers the endpoint's path for one start of the engine. It is
     * started when the endpoint turns on, as the engine starts and before its groups exist (a
     * handler that reads them must allow for none), and stopped when the
     * engine stops; it is handed admitted {@code GET} and {@code HEAD} requests for its path only,
     * may be called by any thread and must not block.
     *
     * @param interlock the engine
     * @return a new handler
     */
    Handler handler(InterlockServer interlock);

    /**
     * Whether the endpoint also answers the paths below its own ({@code PATH/...}), such as one
     * webapp's readiness at {@code /interlock/ready/shop}. An endpoint at exactly such a path wins
     * over it.
     *
     * @return {@code false} unless overridden
     */
    default boolean servesBelow()
    {
        return false;
    }

    /**
     * Whether, with these settings, any client may see the endpoint, not only those the status
     * page admits: for what a load balancer on another host must read, and nothing that tells of
     * the groups or the load. Read once per start of the engine.
     *
     * @param config the engine's settings
     * @return {@code false} unless overridden
     */
    default boolean admitsAnyClient(InterlockConfig config)
    {
        return false;
    }
}
