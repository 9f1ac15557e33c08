package dev.interlock.jetty;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * described by {@code dev/interlock/jetty/status.schema.json}; and each {@link AdminEndpoint} its
 * setting turns on, such as the Prometheus scrape, at its own path and under the same rules.
 *
 * <p>Who may see them: without {@code interlock.status.role}, only clients whose physical
 * connection comes from a loopback address, judged on the connection's end point and never on
 * {@code Forwarded} or {@code X-Forwarded-For} (which a {@code ForwardedRequestCustomizer} puts
 * into {@code Request.getConnectionMetaData().getRemoteSocketAddress()}); others get 403. With a
 * role, any client authenticated with BASIC through the server's {@code LoginService} bean and in
 * that role; others get 401 with a challenge, or 403. An endpoint that
 * {@linkplain AdminEndpoint#admitsAnyClient admits any client} (readiness and liveness with
 * {@code interlock.health.allow=any}) is served to every client, without credentials.</p>
 *
 * <p>A server-level wrapper, outside the draining handler (so that a draining root webapp does
 * not answer for it). It is in the handler tree whether or not the endpoint is on, because a
 * wrapper cannot be inserted into a started tree without stopping it; while off it passes every
 * request on at the cost of one volatile read. Every other path passes through.</p>
 */
class StatusHandler extends Handler.Wrapper
{
    private final InterlockServer interlock;
    private volatile Endpoints endpoints;

    StatusHandler(InterlockServer interlock)
    {
        this.interlock = interlock;
    }

    /**
     * Turns the endpoints on with the engine's settings: the status page and its JSON when
     * {@code interlock.status.enabled}, and each other endpoint whose setting turns it on. Called
     * by the engine's start, on the thread starting it, once its groups exist. Fails, leaving
     * everything off, if they cannot be served as configured.
     *
     * @param config the engine's settings
     * @param others the engine's other endpoints
     * @return the endpoints turned on, by who may see them, such as
     * {@code status on /interlock/status, prometheus on /interlock/metrics (loopback clients only)};
     * empty if none is on
     * @throws ConfigException if a role is set and the server has no {@code LoginService}, a
     * library an endpoint needs is not on the server's classpath, or two endpoints share a path
     * @throws Exception if an endpoint or the role check cannot start
     */
    List<String> enable(InterlockConfig config, List<AdminEndpoint> others) throws Exception
    {
        disable();
        Map<String, Handler> served = new LinkedHashMap<>();
        Map<String, Handler> below = new LinkedHashMap<>();
        Set<Handler> open = new HashSet<>();
        Map<String, Setting<String>> pathOf = new HashMap<>();
        List<String> on = new ArrayList<>();
        List<String> onForAny = new ArrayList<>();
        if (config.server(Settings.STATUS_ENABLED))
        {
            String path = config.server(Settings.STATUS_PATH);
            requireClass("org.eclipse.jetty.util.ajax.JSON", Settings.STATUS_ENABLED, "true", config,
                "the status endpoint writes its JSON with Jetty's jetty-util-ajax, which is not on the server's classpath " +
                    "(in a jetty-base, the json module, which the interlock module depends on)");
            Serve status = new Serve(path);
            served.put(path, status);
            served.put(path + ".json", status);
            pathOf.put(path, Settings.STATUS_PATH);
            pathOf.put(path + ".json", Settings.STATUS_PATH);
            on.add("status on " + path);
        }
        for (AdminEndpoint other : others)
        {
            if (!config.server(other.enabledBy()))
                continue;
            Setting<String> setting = other.pathSetting();
            String path = config.server(setting);
            Setting<String> taken = pathOf.putIfAbsent(path, setting);
            if (taken != null)
                throw new ConfigException(Settings.PREFIX + setting.name(), path, source(config, setting),
                    "another endpoint is served there (" + Settings.PREFIX + taken.name() + "=" + config.server(taken) + "); give each its own path");
            Handler handler = other.handler(interlock);
            served.put(path, handler);
            if (other.servesBelow())
                below.put(path + "/", handler);
            String described = setting.name().substring(0, setting.name().indexOf('.')) + " on " + path + (other.servesBelow() ? "[/...]" : "");
            if (other.admitsAnyClient(config))
            {
                open.add(handler);
                onForAny.add(described);
            }
            else
            {
                on.add(described);
            }
        }
        if (served.isEmpty())
            return List.of();
        String role = config.server(Settings.STATUS_ROLE);
        served.values().forEach(h -> h.setServer(interlock.getServer()));
        Routes routes = new Routes(Map.copyOf(served), Map.copyOf(below), Set.copyOf(open));
        Handler dispatch = new Dispatch(routes);
        Handler chain = dispatch;
        if (!role.isEmpty() && !on.isEmpty())
        {
            requireClass("org.eclipse.jetty.security.SecurityHandler", Settings.STATUS_ROLE, role, config,
                "a role is checked through Jetty's security, jetty-security, which is not on the server's classpath " +
                    "(in a jetty-base, the security module)");
            chain = StatusSecurity.secure(interlock.getServer(), role, source(config, Settings.STATUS_ROLE), dispatch);
        }
        else
        {
            chain.setServer(interlock.getServer());
        }
        // With a role, the security handler starts and stops the dispatch, its child.
        chain.start();
        endpoints = new Endpoints(routes, chain == dispatch ? "" : role, dispatch, chain, !on.isEmpty());
        List<String> described = new ArrayList<>();
        if (!on.isEmpty())
            described.add(String.join(", ", on) + " (" + (role.isEmpty() ? "loopback clients only" : "role " + role) + ")");
        if (!onForAny.isEmpty())
            described.add(String.join(", ", onForAny) + " (any client)");
        return List.copyOf(described);
    }

    /**
     * Turns the endpoints off; requests to their paths pass through again.
     */
    void disable()
    {
        Endpoints e = endpoints;
        endpoints = null;
        if (e != null)
            LifeCycle.stop(e.chain());
    }

    /**
     * @return whether an endpoint is on
     */
    boolean isEnabled()
    {
        return endpoints != null;
    }

    /**
     * @return whether an endpoint is on that only loopback clients, or clients in
     * {@code interlock.status.role}, may see
     */
    boolean isGuarding()
    {
        Endpoints e = endpoints;
        return e != null && e.guarded();
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
        Endpoints e = endpoints;
        if (e == null)
            return super.handle(request, response, callback);
        String path = Request.getPathInContext(request);
        Handler target = path == null ? null : e.routes().find(path);
        if (target == null)
            return super.handle(request, response, callback);
        if (e.routes().open().contains(target))
            return e.dispatch().handle(request, response, callback);
        if (e.role().isEmpty() && !fromLoopback(request))
        {
            // Nothing about the groups, nor whether they exist.
            writeText(response, callback, HttpStatus.FORBIDDEN_403,
                "403 Forbidden: Interlock's status and metrics are served to loopback clients only (interlock.status.role is not set)\n");
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

    /**
     * Answers with plain text, never cached. Never blocks; completes the callback.
     */
    static void writeText(Response response, Callback callback, int status, String text)
    {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.write(true, StandardCharsets.UTF_8.encode(text), callback);
    }

    /**
     * @param routes the endpoints by path
     * @param role the role required, or empty for loopback only
     * @param dispatch what serves an admitted request
     * @param chain what admits and serves a request for an endpoint that not every client may
     * see: the dispatch, behind a security handler when a role is set
     * @param guarded whether an endpoint that not every client may see is on
     */
    private record Endpoints(Routes routes, String role, Handler dispatch, Handler chain, boolean guarded)
    {
    }

    /**
     * The endpoints by path.
     *
     * @param exact each endpoint's own path
     * @param below {@code PATH/} of each endpoint that serves the paths below its own
     * @param open the endpoints any client may see
     */
    private record Routes(Map<String, Handler> exact, Map<String, Handler> below, Set<Handler> open)
    {
        /**
         * @return the endpoint serving {@code path}: the one at exactly that path, else one whose
         * path it is below (with something after the {@code /}), else {@code null}
         */
        Handler find(String path)
        {
            Handler h = exact.get(path);
            if (h != null || below.isEmpty())
                return h;
            for (Map.Entry<String, Handler> b : below.entrySet())
            {
                if (path.length() > b.getKey().length() && path.startsWith(b.getKey()))
                    return b.getValue();
            }
            return null;
        }
    }

    /** Hands an admitted request to the endpoint of its path; only GET and HEAD are served. Never blocks. */
    private static final class Dispatch extends Handler.Abstract.NonBlocking
    {
        private final Routes routes;

        private Dispatch(Routes routes)
        {
            this.routes = routes;
            Set.copyOf(routes.exact().values()).forEach(h -> addBean(h, true));
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception
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
            String path = Request.getPathInContext(request);
            Handler h = path == null ? null : routes.find(path);
            return h != null && h.handle(request, response, callback);
        }
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
