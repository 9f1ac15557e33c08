package dev.interlock.options;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.interlock.lock.LockDiscipline;
import dev.interlock.lock.RequestTimeoutAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The precedence rules of scoped option blocks, as a table: settings written in order, the
 * (executor group, application group, webapp) asked about, the discipline that must win.
 */
public class ScopedOptionsTest
{
    private static List<SettingValue> settings(String... keyValues)
    {
        List<SettingValue> values = new ArrayList<>();
        for (int i = 0; i < keyValues.length; i += 2)
            values.add(new SettingValue(keyValues[i], keyValues[i + 1], "test"));
        return values;
    }

    static Stream<Arguments> precedence()
    {
        String declare = "interlock.executor-groups";
        return Stream.of(
            // nothing configured: free
            Arguments.of(settings(), "server", "/a", "a", "free"),
            // server default
            Arguments.of(settings("interlock.lock", "application"), "server", "/a", "a", "application"),
            // executor group beats server, whatever the order
            Arguments.of(settings(declare, "g", "interlock.executor-groups.g.lock", "shared", "interlock.lock", "application"), "g", "/a", "a", "shared"),
            // ... but only for its own group
            Arguments.of(settings(declare, "g", "interlock.executor-groups.g.lock", "shared", "interlock.lock", "application"), "server", "/a", "a", "application"),
            // application group beats executor group
            Arguments.of(settings(declare, "g", "interlock.application-groups./a.lock", "application", "interlock.executor-groups.g.lock", "shared"), "g", "/a", "a", "application"),
            // executor group + application group beats application group alone
            Arguments.of(settings(declare, "g", "interlock.executor-groups.g.application-groups./a.lock", "free", "interlock.application-groups./a.lock", "application"), "g", "/a", "a", "free"),
            // ... and only in that executor group
            Arguments.of(settings(declare, "g,h", "interlock.executor-groups.g.application-groups./a.lock", "free", "interlock.application-groups./a.lock", "application"), "h", "/a", "a", "application"),
            // equal scope (application group and webapp): the later block wins
            Arguments.of(settings("interlock.application-groups./a.lock", "shared", "interlock.webapps.a.lock", "application"), "server", "/a", "a", "application"),
            Arguments.of(settings("interlock.webapps.a.lock", "application", "interlock.application-groups./a.lock", "shared"), "server", "/a", "a", "shared"),
            // the same key twice: the later value
            Arguments.of(settings("interlock.lock", "shared", "interlock.lock", "application"), "server", "/a", "a", "application"),
            // a webapp block does not select another webapp
            Arguments.of(settings("interlock.webapps.b.lock", "application"), "server", "/a", "a", "free"),
            // application group names may contain dots and slashes
            Arguments.of(settings("interlock.application-groups./shop.v2.lock", "shared"), "server", "/shop.v2", "shop.v2", "shared")
        );
    }

    @ParameterizedTest
    @MethodSource("precedence")
    public void mostSpecificBlockWinsAndTiesGoToTheLaterOne(List<SettingValue> values, String executorGroup, String applicationGroup, String webapp, String expected)
    {
        InterlockConfig config = InterlockConfig.parse(values);
        assertEquals(expected, config.resolveLock(executorGroup, applicationGroup, webapp, null).settings().discipline().settingValue());
    }

    @Test
    public void eachOptionIsResolvedOnItsOwn()
    {
        InterlockConfig config = InterlockConfig.parse(settings(
            "interlock.executor-groups.g.threads", "4",
            "interlock.switch-interval", "20ms",
            "interlock.executor-groups.g.lock", "shared",
            "interlock.application-groups./a.lock-timeout", "2s",
            "interlock.executor-groups.g.application-groups./a.max-lock-waiters", "3"));
        ResolvedLock resolved = config.resolveLock("g", "/a", "a", null);
        assertEquals(LockDiscipline.SHARED, resolved.settings().discipline());
        assertEquals(Duration.ofMillis(20), resolved.settings().switchInterval());
        assertEquals(Duration.ofSeconds(2), resolved.settings().lockTimeout());
        assertEquals(3, resolved.settings().maxLockWaiters());
        assertEquals(Duration.ofSeconds(1), resolved.settings().retryAfter());
        assertEquals("interlock.executor-groups.g.lock=shared (from test)", resolved.provenance().get("lock"));
    }

    @Test
    public void requestTimeoutIsOffByDefaultAndScopedLikeTheLockOptions()
    {
        InterlockConfig defaults = InterlockConfig.parse(settings());
        assertEquals(Duration.ZERO, defaults.resolveLock("server", "/a", "a", null).settings().requestTimeout());
        assertEquals(RequestTimeoutAction.REPORT, defaults.resolveLock("server", "/a", "a", null).settings().requestTimeoutAction());
        assertEquals(Duration.ofMillis(100), defaults.resolveLock("server", "/a", "a", null).settings().holdWarning());

        InterlockConfig config = InterlockConfig.parse(settings(
            "interlock.executor-groups.g.threads", "4",
            "interlock.request-timeout", "10s",
            "interlock.executor-groups.g.request-timeout", "2s",
            "interlock.application-groups./a.request-timeout-action", "interrupt"));
        ResolvedLock a = config.resolveLock("g", "/a", "a", null);
        assertEquals(Duration.ofSeconds(2), a.settings().requestTimeout());
        assertEquals(RequestTimeoutAction.INTERRUPT, a.settings().requestTimeoutAction());
        assertEquals("interlock.executor-groups.g.request-timeout=2s (from test)", a.provenance().get("request-timeout"));
        ResolvedLock b = config.resolveLock("server", "/b", "b", null);
        assertEquals(Duration.ofSeconds(10), b.settings().requestTimeout());
        assertEquals(RequestTimeoutAction.REPORT, b.settings().requestTimeoutAction());
    }

    @Test
    public void webappOwnBlockRanksWithApplicationGroupAndComesLast()
    {
        InterlockConfig config = InterlockConfig.parse(settings("interlock.lock", "shared", "interlock.application-groups./a.lock", "free"));
        WebappBlock own = config.webappBlock("a", settings("interlock.lock", "application"), w -> { });
        assertEquals(LockDiscipline.APPLICATION, config.resolveLock("server", "/a", "a", own).settings().discipline());
        assertEquals(LockDiscipline.FREE, config.resolveLock("server", "/a", "b", null).settings().discipline());
    }

    @Test
    public void webappSettingsResolve()
    {
        InterlockConfig config = InterlockConfig.parse(settings(
            "interlock.executor-groups.reports.threads", "2",
            "interlock.webapps.shop.executor-group", "reports",
            "interlock.webapps.shop.routes", "/reports/*=reports, *.pdf=pdf",
            "interlock.not-thread-safe", "com.example.Legacy"));
        WebappSettings shop = config.resolveWebapp("shop", "/shop", null);
        assertEquals("reports", shop.executorGroup());
        assertEquals("/shop", shop.applicationGroup());
        assertEquals(List.of(new Route("/reports/*", "reports"), new Route("*.pdf", "pdf")), shop.routes());
        assertEquals(List.of("com.example.Legacy"), shop.notThreadSafe());
        WebappSettings root = config.resolveWebapp("ROOT", "/", null);
        assertEquals("server", root.executorGroup());
        assertEquals("/", root.applicationGroup());
        assertEquals(2, config.executorGroups().get("reports").threads());
    }

    static Stream<Arguments> badValues()
    {
        return Stream.of(
            Arguments.of(settings("interlock.lock", "frees"),
                "interlock.lock=frees (from test) is not valid: allowed values are free, application, shared"),
            Arguments.of(settings("interlock.executor-groups.g.threads", "-1"),
                "interlock.executor-groups.g.threads=-1 (from test) is not valid: expected an integer >= 1"),
            Arguments.of(settings("interlock.executor-groups.g.threads", "0"),
                "interlock.executor-groups.g.threads=0 (from test) is not valid: expected an integer >= 1"),
            Arguments.of(settings("interlock.executor-groups.g.queue", "-5"),
                "interlock.executor-groups.g.queue=-5 (from test) is not valid: expected an integer >= 0"),
            Arguments.of(settings("interlock.executor-groups.g.queue-timeout", "soon"),
                "interlock.executor-groups.g.queue-timeout=soon (from test) is not valid: expected a duration >= 1ms and <= 24h, such as 5ms, 30s or 2m"),
            Arguments.of(settings("interlock.switch-interval", "5"),
                "interlock.switch-interval=5 (from test) is not valid: expected a duration >= 0 and <= 24h, such as 5ms, 30s or 2m"),
            Arguments.of(settings("interlock.hold-warning", "-100ms"),
                "interlock.hold-warning=-100ms (from test) is not valid: expected a duration >= 0 and <= 24h, such as 5ms, 30s or 2m"),
            Arguments.of(settings("interlock.request-timeout", "-5s"),
                "interlock.request-timeout=-5s (from test) is not valid: expected a duration >= 0 and <= 24h, such as 5ms, 30s or 2m"),
            Arguments.of(settings("interlock.application-groups.a.request-timeout-action", "kill"),
                "interlock.application-groups.a.request-timeout-action=kill (from test) is not valid: allowed values are report, interrupt"),
            Arguments.of(settings("interlock.io-release", "yes"),
                "interlock.io-release=yes (from test) is not valid: expected true or false"),
            Arguments.of(settings("interlock.max-lock-waiters", "0"),
                "interlock.max-lock-waiters=0 (from test) is not valid: expected an integer >= 1"),
            Arguments.of(settings("interlock.executor-groups.nope.lock", "shared"),
                "interlock.executor-groups.nope.lock=shared (from test) is not valid: executor group 'nope' is not declared; declared groups are server " +
                    "(declare one with interlock.executor-groups.nope.threads=N or interlock.executor-groups=nope)"),
            Arguments.of(settings("interlock.executor-groups.server.threads", "8"),
                "interlock.executor-groups.server.threads=8 (from test) is not valid: executor group 'server' is Jetty's own thread pool; size it with jetty.threadPool.maxThreads, or declare a named executor group"),
            Arguments.of(settings("interlock.executor-groups.a.b.threads", "8"),
                "interlock.executor-groups.a.b.threads=8 (from test) is not valid: executor group names use letters, digits, '-' and '_' only, not 'a.b'"),
            Arguments.of(settings("interlock.routes", "/reports=reports=x"),
                "interlock.routes=/reports=reports=x (from test) is not valid: expected a comma-separated list of PATH=GROUP, each PATH a servlet path spec (/prefix/*, *.ext or an exact path) without spaces, empty, '.' or '..' segments and routed once, such as /reports/*=reports,/admin/*=admin"),
            Arguments.of(settings("interlock.lock-timeout", "P9999999999999D"),
                "interlock.lock-timeout=P9999999999999D (from test) is not valid: expected a duration >= 1ms and <= 24h, such as 5ms, 30s or 2m"),
            Arguments.of(settings("interlock.lock-timeout", "99999999999999999999s"),
                "interlock.lock-timeout=99999999999999999999s (from test) is not valid: expected a duration >= 1ms and <= 24h, such as 5ms, 30s or 2m"),
            Arguments.of(settings("interlock.lock-timeout", "9999999999h"),
                "interlock.lock-timeout=9999999999h (from test) is not valid: expected a duration >= 1ms and <= 24h, such as 5ms, 30s or 2m"),
            Arguments.of(settings("interlock.drain-timeout", "999999999999999999h"),
                "interlock.drain-timeout=999999999999999999h (from test) is not valid: expected a duration >= 0 and <= 24h, such as 5ms, 30s or 2m"),
            Arguments.of(settings("interlock.retry-after", "9999999999h"),
                "interlock.retry-after=9999999999h (from test) is not valid: expected a duration >= 0 and <= 24h, such as 5ms, 30s or 2m"),
            Arguments.of(settings("interlock.switch-interval", "18446744073709552us"),
                "interlock.switch-interval=18446744073709552us (from test) is not valid: expected a duration >= 0 and <= 24h, such as 5ms, 30s or 2m"),
            Arguments.of(settings("interlock.switch-interval", "PT-5S"),
                "interlock.switch-interval=PT-5S (from test) is not valid: expected a duration >= 0 and <= 24h, such as 5ms, 30s or 2m"),
            Arguments.of(settings("interlock.max-lock-waiters", "٥"),
                "interlock.max-lock-waiters=٥ (from test) is not valid: expected an integer >= 1"),
            Arguments.of(settings("interlock.max-lock-waiters", "+5"),
                "interlock.max-lock-waiters=+5 (from test) is not valid: expected an integer >= 1"),
            Arguments.of(settings("interlock.max-lock-waiters", "99999999999"),
                "interlock.max-lock-waiters=99999999999 (from test) is not valid: expected an integer >= 1"),
            Arguments.of(settings("interlock.routes", "//=g"),
                "interlock.routes=//=g (from test) is not valid: expected a comma-separated list of PATH=GROUP, each PATH a servlet path spec (/prefix/*, *.ext or an exact path) without spaces, empty, '.' or '..' segments and routed once, such as /reports/*=reports,/admin/*=admin"),
            Arguments.of(settings("interlock.routes", "/../*=g"),
                "interlock.routes=/../*=g (from test) is not valid: expected a comma-separated list of PATH=GROUP, each PATH a servlet path spec (/prefix/*, *.ext or an exact path) without spaces, empty, '.' or '..' segments and routed once, such as /reports/*=reports,/admin/*=admin"),
            Arguments.of(settings("interlock.routes", "/a b/*=g"),
                "interlock.routes=/a b/*=g (from test) is not valid: expected a comma-separated list of PATH=GROUP, each PATH a servlet path spec (/prefix/*, *.ext or an exact path) without spaces, empty, '.' or '..' segments and routed once, such as /reports/*=reports,/admin/*=admin"),
            Arguments.of(settings("interlock.routes", "/a/*=g,/a/*=h"),
                "interlock.routes=/a/*=g,/a/*=h (from test) is not valid: expected a comma-separated list of PATH=GROUP, each PATH a servlet path spec (/prefix/*, *.ext or an exact path) without spaces, empty, '.' or '..' segments and routed once, such as /reports/*=reports,/admin/*=admin"),
            Arguments.of(settings("interlock.application-group", " "),
                "interlock.application-group=  (from test) is not valid: expected an application group name without spaces, ',', '=' or '*'"),
            Arguments.of(settings("jetty.lock", "free"),
                "jetty.lock=free (from test) is not valid: Interlock settings start with 'interlock.'")
        );
    }

    @ParameterizedTest
    @MethodSource("badValues")
    public void badValuesFailWithSettingValueAndWhatIsAllowed(List<SettingValue> values, String message)
    {
        ConfigException x = assertThrows(ConfigException.class, () -> InterlockConfig.parse(values));
        assertEquals(message, x.getMessage());
    }

    @Test
    public void aWebappsUndeclaredExecutorGroupStopsStartupNotItsDeployment()
    {
        ConfigException x = assertThrows(ConfigException.class, () -> InterlockConfig.parse(settings("interlock.webapps.t.executor-group", "nosuch")));
        assertEquals("interlock.webapps.t.executor-group=nosuch (from test) is not valid: executor group 'nosuch' is not declared; declared groups are server", x.getMessage());
    }

    @Test
    public void theEnvironmentIsCheckedAtStartupByName()
    {
        ConfigException x = assertThrows(ConfigException.class, () -> InterlockConfig.parse(List.of(),
            Map.of("INTERLOCK_WEBAPPS_SHOP_LOCK", "exclusive")));
        assertEquals("interlock.webapps.shop.lock=exclusive (from environment variable INTERLOCK_WEBAPPS_SHOP_LOCK) is not valid: allowed values are free, application, shared", x.getMessage());
        ConfigException group = assertThrows(ConfigException.class, () -> InterlockConfig.parse(List.of(),
            Map.of("INTERLOCK_WEBAPPS_SHOP_EXECUTOR_GROUP", "nosuch")));
        assertEquals("INTERLOCK_WEBAPPS_SHOP_EXECUTOR_GROUP=nosuch (from environment variable INTERLOCK_WEBAPPS_SHOP_EXECUTOR_GROUP) is not valid: executor group 'nosuch' is not declared", group.getMessage());
        InterlockConfig ok = InterlockConfig.parse(List.of(), Map.of("INTERLOCK_WEBAPPS_MY_SHOP_LOCK_TIMEOUT", "5s", "INTERLOCK_LOKC", "free", "PATH", "/bin"));
        assertEquals(List.of("environment variable INTERLOCK_LOKC is not an Interlock setting and is ignored"), ok.warnings());
    }

    @Test
    public void aLaterValueOfTheSameKeyWinsBeforeTheEarlierIsParsed()
    {
        InterlockConfig config = InterlockConfig.parse(settings("interlock.lock", "bogus", "interlock.lock", "free"));
        assertEquals(LockDiscipline.FREE, config.resolveLock("server", "/a", "a", null).settings().discipline());
    }

    @Test
    public void scopedSettingsOnAWebappsContextWarnWithoutGuessingASimilarName()
    {
        InterlockConfig config = InterlockConfig.parse(settings("interlock.executor-groups.g.threads", "2"));
        List<String> warnings = new java.util.ArrayList<>();
        config.webappBlock("a", settings("interlock.executor-groups.g.threads", "4"), warnings::add);
        assertEquals(List.of("interlock.executor-groups.g.threads (from test) has no effect on a webapp's context: scoped settings and executor groups are the server's; " +
            "write it with the server's settings (start.d/*.ini, Jetty XML, -D), or set interlock.threads here for this webapp"), warnings);
    }

    @Test
    public void unknownExecutorGroupForAWebappFails()
    {
        ConfigException x = assertThrows(ConfigException.class, () ->
            InterlockConfig.parse(settings("interlock.executor-groups.reports.threads", "2", "interlock.webapps.shop.executor-group", "report")));
        assertEquals("interlock.webapps.shop.executor-group=report (from test) is not valid: executor group 'report' is not declared; declared groups are server, reports", x.getMessage());
    }

    @Test
    public void uselessPlacementsWarn()
    {
        InterlockConfig config = InterlockConfig.parse(settings(
            "interlock.executor-groups.g.threads", "2",
            "interlock.executor-groups.g.executor-group", "g",
            "interlock.threads", "4",
            "interlock.swich-interval", "10ms"));
        List<String> warnings = config.warnings();
        assertEquals(3, warnings.size(), warnings.toString());
        assertEquals("interlock.executor-groups.g.executor-group (from test) has no effect there: executor-group is chosen per webapp; write interlock.executor-group (all webapps) or interlock.webapps.NAME.executor-group", warnings.get(0));
        assertEquals("interlock.threads (from test) has no effect there: threads sizes a named executor group; write interlock.executor-groups.GROUP.threads", warnings.get(1));
        assertEquals("interlock.swich-interval (from test) is not an Interlock setting and is ignored; did you mean interlock.switch-interval?", warnings.get(2));
    }

    @Test
    public void durationsParse()
    {
        assertEquals(Duration.ofMillis(5), Setting.parseDuration("5ms"));
        assertEquals(Duration.ofSeconds(30), Setting.parseDuration("30s"));
        assertEquals(Duration.ofMinutes(2), Setting.parseDuration("2m"));
        assertEquals(Duration.ofNanos(250_000), Setting.parseDuration("250us"));
        assertEquals(Duration.ofSeconds(5), Setting.parseDuration("PT5S"));
        assertEquals(Duration.ZERO, Setting.parseDuration("0"));
        assertTrue(Setting.parseDuration("5 parsecs") == null);
    }
}
