package dev.interlock.options;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code interlock.detect-concurrency} and {@code interlock.detect-concurrency.watch}: webapp
 * settings like {@code interlock.not-thread-safe} (server and webapp scope, a webapp's own file),
 * the second with a dot in its own name; their bad values and misplacements.
 */
public class ConcurrencySettingsTest
{
    private static List<SettingValue> settings(String... keyValues)
    {
        List<SettingValue> values = new ArrayList<>();
        for (int i = 0; i < keyValues.length; i += 2)
            values.add(new SettingValue(keyValues[i], keyValues[i + 1], "test"));
        return values;
    }

    @Test
    public void offAndEmptyByDefault()
    {
        WebappSettings shop = InterlockConfig.parse(settings()).resolveWebapp("shop", "/shop", null);
        assertFalse(shop.detectConcurrency());
        assertEquals(List.of(), shop.watch());
    }

    @Test
    public void serverDefaultsAndWebappBlocksResolve()
    {
        InterlockConfig config = InterlockConfig.parse(settings(
            "interlock.detect-concurrency", "true",
            "interlock.detect-concurrency.watch", "com.example.Legacy, com.example.Cache",
            "interlock.webapps.shop.detect-concurrency", "false",
            "interlock.webapps.shop.detect-concurrency.watch", "com.example.shop.CartServlet"));
        WebappSettings shop = config.resolveWebapp("shop", "/shop", null);
        assertFalse(shop.detectConcurrency());
        assertEquals(List.of("com.example.shop.CartServlet"), shop.watch());
        WebappSettings other = config.resolveWebapp("other", "/other", null);
        assertTrue(other.detectConcurrency());
        assertEquals(List.of("com.example.Legacy", "com.example.Cache"), other.watch());
        assertEquals(List.of(), config.warnings());
    }

    @Test
    public void aWebappWhoseNameHasDotsIsToldApartFromTheDottedSetting()
    {
        InterlockConfig config = InterlockConfig.parse(settings("interlock.webapps.shop.v2.detect-concurrency.watch", "a.B"));
        assertEquals(List.of("a.B"), config.resolveWebapp("shop.v2", "/shop.v2", null).watch());
        assertEquals(List.of(), config.resolveWebapp("shop", "/shop", null).watch());
    }

    @Test
    public void environmentVariablesNameThem()
    {
        InterlockConfig config = InterlockConfig.parse(List.of(), Map.of(
            "INTERLOCK_DETECT_CONCURRENCY", "true",
            "INTERLOCK_WEBAPPS_SHOP_DETECT_CONCURRENCY_WATCH", "com.example.A,com.example.B"));
        WebappSettings shop = config.resolveWebapp("shop", "/shop", config.webappBlock("shop", List.of(), w -> { }));
        assertTrue(shop.detectConcurrency());
        assertEquals(List.of("com.example.A", "com.example.B"), shop.watch());
        assertEquals(List.of(), config.warnings());
    }

    @Test
    public void aWebappsOwnFileMayTurnItOn()
    {
        InterlockConfig config = InterlockConfig.parse(settings("interlock.detect-concurrency.watch", "com.example.A"));
        List<String> warnings = new ArrayList<>();
        WebappBlock own = config.webappBlock("shop", "/shop", List.of(), settings("interlock.detect-concurrency", "true"), warnings::add);
        assertTrue(config.resolveWebapp("shop", "/shop", own).detectConcurrency());
        assertEquals(List.of(), warnings);
    }

    @Test
    public void badValuesNameTheSettingAndWhatIsAllowed()
    {
        ConfigException on = assertThrows(ConfigException.class, () -> InterlockConfig.parse(settings("interlock.detect-concurrency", "yes")));
        assertEquals("interlock.detect-concurrency=yes (from test) is not valid: expected true or false", on.getMessage());
        ConfigException watch = assertThrows(ConfigException.class, () ->
            InterlockConfig.parse(settings("interlock.webapps.shop.detect-concurrency.watch", "com.example.A, not a class")));
        assertEquals("interlock.webapps.shop.detect-concurrency.watch=com.example.A, not a class (from test) is not valid: " +
            "expected a comma-separated list of fully qualified class names, such as com.example.LegacyServlet,com.example.CacheFilter", watch.getMessage());
        ConfigException env = assertThrows(ConfigException.class, () ->
            InterlockConfig.parse(List.of(), Map.of("INTERLOCK_WEBAPPS_SHOP_DETECT_CONCURRENCY", "maybe")));
        assertEquals("interlock.webapps.shop.detect-concurrency=maybe (from environment variable INTERLOCK_WEBAPPS_SHOP_DETECT_CONCURRENCY) is not valid: expected true or false",
            env.getMessage());
    }

    @Test
    public void placementsWithoutEffectWarn()
    {
        InterlockConfig config = InterlockConfig.parse(settings(
            "interlock.executor-groups.g.threads", "2",
            "interlock.executor-groups.g.detect-concurrency.watch", "a.B",
            "interlock.application-groups.reports.detect-concurrency", "true",
            "interlock.detect-concurrency.wach", "a.B",
            "interlock.executor-groups.g.metrics.enabled", "false"));
        assertEquals(List.of(
            "interlock.executor-groups.g.detect-concurrency.watch (from test) has no effect there: detect-concurrency.watch is chosen per webapp; " +
                "write interlock.detect-concurrency.watch (all webapps) or interlock.webapps.NAME.detect-concurrency.watch",
            "interlock.application-groups.reports.detect-concurrency (from test) has no effect there: detect-concurrency is chosen per webapp; " +
                "write interlock.detect-concurrency (all webapps) or interlock.webapps.NAME.detect-concurrency",
            "interlock.detect-concurrency.wach (from test) is not an Interlock setting and is ignored; did you mean interlock.detect-concurrency.watch?",
            "interlock.executor-groups.g.metrics.enabled (from test) has no effect there: metrics.enabled is a setting of the whole server; write interlock.metrics.enabled"),
            config.warnings());
    }

    @Test
    public void inForceListsBothWithTheirSources()
    {
        InterlockConfig config = InterlockConfig.parse(settings("interlock.webapps.shop.detect-concurrency", "true"));
        WebappSettings shop = config.resolveWebapp("shop", "/shop", null);
        List<SettingValue> inForce = config.inForce(shop, null);
        assertTrue(inForce.contains(new SettingValue("interlock.detect-concurrency", "true", "interlock.webapps.shop.detect-concurrency (from test)")), inForce.toString());
        assertTrue(inForce.contains(new SettingValue("interlock.detect-concurrency.watch", "", "default")), inForce.toString());
    }
}
