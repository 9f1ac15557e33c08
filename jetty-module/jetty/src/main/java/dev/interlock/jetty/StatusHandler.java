package dev.interlock.jetty;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import dev.interlock.options.ConfigException;
import dev.interlock.options.InterlockConfig;
import dev.interlock.options.Setting;
import dev.interlock.options.SettingValue;
import dev.interlock.options.Settings;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * The status endpoint ({@code interlock.status.enabled}, off by default): at
 * {@code interlock.status.path} ({@code /interlock/status}) a page for people, with live charts,
 * and at the same path plus {@code .json} the metrics for machines (the current snapshot and the
 * last five minutes, one sample a second; {@code ?since=MILLIS} keeps only the later samples),
 * described by {@code dev/interlock/jetty/status.schema.json}.
 *
 * <p>Who may see it: without {@code interlock.status.role}, only clients whose physical
 * connection comes from a loopback address, judged on the connection's end point and never on
 * {@code Forwarded} or {@code X-Forwarded-For} (which a {@code ForwardedRequestCustomizer} puts
 * into {@code Request.getConnectionMetaData().getRemoteSocketAddress()}); others get 403. With a
 * role, any client authenticated with BASIC through the server's {@code LoginService} bean and in
 * that role; others get 401 with a challenge, or 403.</p>
 *
 * <p>A server-level wrapper, outside the draining handler (so that a draining root webapp does
 * not answer for it). It is in the handler tree whether or not the endpoint is on, because a
 * wrapper cannot be inserted into a started tree without stopping it; while off it passes every
 * request on at the cost of one volatile read. Every other path passes through.</p>
 */
class StatusHandler extends Handler.Wrapper
{
    private final InterlockServer interlock;
    private volatile Endpoint endpoint;

    StatusHandler(InterlockServer interlock)
    {
        this.interlock = interlock;
    }

    /**
     * Turns the endpoint on with the engine's settings; called by the engine's start, on the
     * thread starting it. Fails, leaving it off, if it cannot be served as configured.
     *
     * @param config the engine's settings, {@code interlock.status.enabled} being true
     * @throws ConfigException if a role is set and the server has no {@code LoginService}, or a
     * library the endpoint needs is not on the server's classpath
     * @throws Exception if the role check cannot start
     */
    void enable(InterlockConfig config) throws Exception
    {
        disable();
        String path = config.server(Settings.STATUS_PATH);
        String role = config.server(Settings.STATUS_ROLE);
        requireClass("org.eclipse.jetty.util.ajax.JSON", Settings.STATUS_ENABLED, "true", config,
            "the status endpoint writes its JSON with Jetty's jetty-util-ajax, which is not on the server's classpath " +
                "(in a jetty-base, the json module, which the interlock module depends on)");
        Handler serve = new Serve(path);
        Handler chain = serve;
        if (!role.isEmpty())
        {
            requireClass("org.eclipse.jetty.security.SecurityHandler", Settings.STATUS_ROLE, role, config,
                "a role is checked through Jetty's security, jetty-security, which is not on the server's classpath " +
                    "(in a jetty-base, the security module)");
            chain = StatusSecurity.secure(interlock.getServer(), role, source(config, Settings.STATUS_ROLE), serve);
        }
        else
        {
            chain.setServer(interlock.getServer());
        }
        chain.start();
        endpoint = new Endpoint(path, path + ".json", role, chain);
    }

    /**
     * Turns the endpoint off; requests to its path pass through again.
     */
    void disable()
    {
        Endpoint e = endpoint;
        endpoint = null;
        if (e != null)
            LifeCycle.stop(e.chain());
    }

    /**
     * @return whether the endpoint is on
     */
    boolean isEnabled()
    {
        return endpoint != null;
    }

    @Override
    protected void doStop() throws Exception
    {
        disable();
        super.doStop();
    }

    /**
     * Answers a request for the status path, or passes it on. May be called by any thread;
     * never blocks when it answers (the page is prepared at start, the JSON written from a
     * snapshot of counters).
     */
    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception
    {
        Endpoint e = endpoint;
        if (e == null)
            return super.handle(request, response, callback);
        String path = Request.getPathInContext(request);
        if (path == null || !path.equals(e.path()) && !path.equals(e.jsonPath()))
            return super.handle(request, response, callback);
        if (e.role().isEmpty() && !fromLoopback(request))
        {
            // Nothing about the groups, nor whether they exist.
            writeText(response, callback, HttpStatus.FORBIDDEN_403,
                "403 Forbidden: the Interlock status is served to loopback clients only (interlock.status.role is not set)\n");
            return true;
        }
        // With a role, the security handler answers 401 or 403 itself, or calls Serve.
        return e.chain().handle(request, response, callback);
    }

    /**
     * @param request a request
     * @return whether its physical connection comes from a loopback address: the end point's
     * peer, which no header can change
     */
    static boolean fromLoopback(Request request)
    {
        SocketAddress remote = request.getConnectionMetaData().getConnection().getEndPoint().getRemoteSocketAddress();
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null && inet.getAddress().isLoopbackAddress();
    }

    private static void requireClass(String className, Setting<?> setting, String value, InterlockConfig config, String why)
    {
        try
        {
            Class.forName(className, false, StatusHandler.class.getClassLoader());
        }
        catch (ClassNotFoundException | LinkageError x)
        {
            throw new ConfigException(Settings.PREFIX + setting.name(), value, source(config, setting), why);
        }
    }

    /**
     * @return where the setting in force came from
     */
    static String source(InterlockConfig config, Setting<?> setting)
    {
        SettingValue set = config.serverSource(setting);
        return set == null ? "default" : set.source();
    }

    private static void writeText(Response response, Callback callback, int status, String text)
    {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.write(true, StandardCharsets.UTF_8.encode(text), callback);
    }

    /**
     * @param path the page's path
     * @param jsonPath the JSON's path
     * @param role the role required, or empty for loopback only
     * @param chain what serves an admitted request: {@link Serve}, behind a security handler when
     * a role is set
     */
    private record Endpoint(String path, String jsonPath, String role, Handler chain)
    {
    }

    /**
     * Answers an admitted request: the page or the JSON, for GET and HEAD. Never blocks.
     */
    private final class Serve extends Handler.Abstract.NonBlocking
    {
        private final String jsonPath;
        private final byte[] page;

        private Serve(String path)
        {
            this.jsonPath = path + ".json";
            this.page = StatusPage.html(path.substring(path.lastIndexOf('/') + 1) + ".json");
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback)
        {
            String method = request.getMethod();
            if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method))
            {
                response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
                writeText(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "405 Method Not Allowed: GET or HEAD\n");
                return true;
            }
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.getHeaders().put("X-Content-Type-Options", "nosniff");
            response.getHeaders().put("Referrer-Policy", "no-referrer");
            if (!jsonPath.equals(Request.getPathInContext(request)))
            {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html;charset=utf-8");
                response.getHeaders().put("Content-Security-Policy", StatusPage.CONTENT_SECURITY_POLICY);
                response.write(true, ByteBuffer.wrap(page), callback);
                return true;
            }
            long since;
            try
            {
                Fields query = Request.extractQueryParameters(request);
                String value = query.getValue("since");
                since = value == null ? Long.MIN_VALUE : Long.parseLong(value.trim());
            }
            catch (RuntimeException x)
            {
                writeText(response, callback, HttpStatus.BAD_REQUEST_400, "400 Bad Request: since must be a time in milliseconds since the epoch\n");
                return true;
            }
            String json = StatusJson.write(interlock, since);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
            response.write(true, StandardCharsets.UTF_8.encode(json), callback);
            return true;
        }
    }
}
