package dev.interlock.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import dev.interlock.options.ConfigException;
import dev.interlock.testing.TestServer;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A bad value in a webapp's own file fails the deployment of that webapp only, with a message
 * naming the property, the value, the file it came from and what is allowed; an unknown
 * {@code interlock.*} key warns with the nearest valid name.
 */
class ValidationTest
{
    @TempDir
    Path dir;
    private TestServer server;

    @AfterEach
    void stop()
    {
        if (server != null)
            server.close();
    }

    static Stream<Arguments> badValues()
    {
        return Stream.of(
            Arguments.of("interlock.lock=exclusive", "interlock.lock=exclusive", "allowed values are free, application, shared"),
            Arguments.of("interlock.drain-timeout=-5s", "interlock.drain-timeout=-5s", "expected a duration >= 0 and <= 24h, such as 5ms, 30s or 2m"),
            Arguments.of("interlock.max-lock-waiters=lots", "interlock.max-lock-waiters=lots", "expected an integer >= 1"),
            Arguments.of("interlock.io-release=sometimes", "interlock.io-release=sometimes", "expected true or false"),
            Arguments.of("interlock.executor-group=nope", "interlock.executor-group=nope", "executor group 'nope' is not declared; declared groups are server, reports"),
            Arguments.of("interlock.routes=/reports", "interlock.routes=/reports", "expected a comma-separated list of PATH=GROUP"),
            Arguments.of("interlock.routes=/x/*=/ok", "interlock.routes=/x/*=/ok", "application group /ok is named after another webapp's context path"),
            Arguments.of("interlock.application-group=together", "interlock.application-group=together", "application group together is used by another webapp"),
            Arguments.of("interlock.lock=${undefined.prop}", "interlock.lock=${undefined.prop}", "its expression does not resolve"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void badValueFailsThatWebappOnly(String line, String setting, String allowed) throws Exception
    {
        server = new TestServer()
            .set("interlock.executor-groups.reports.threads", "2")
            .set("interlock.webapps.ok.application-group", "together");
        Deployments.deploy(server, "/ok", ConfigWars.war(dir, "ok", null));
        WebAppContext bad = Deployments.deploy(server, "/shop", ConfigWars.war(dir, "shop", line + "\n"));
        server.start();

        assertEquals(200, server.get("/ok/settings").getStatus(), "the other webapp serves");
        assertEquals(503, server.get("/shop/settings").getStatus(), "the bad one is unavailable");
        Throwable failure = bad.getUnavailableException();
        assertNotNull(failure, "the deployment failed");
        String message = failure.getMessage();
        assertThat(message, containsString(setting));
        assertThat(message, containsString("(from microprofile-config.properties of webapp /shop, "));
        // Named by the WAR the operator deployed, not by where Jetty unpacked it.
        assertThat(message, containsString("shop.war!/WEB-INF/classes/META-INF/microprofile-config.properties line 1"));
        assertThat(message, not(containsString("/tmp/jetty-")));
        assertThat(message, containsString(allowed));
    }

    @Test
    void aConfigOrdinalThatIsNotANumberIsNamed() throws Exception
    {
        server = new TestServer();
        WebAppContext bad = Deployments.deploy(server, "/shop", ConfigWars.war(dir, "shop", "config_ordinal=abc\ninterlock.lock=application\n"));
        Deployments.deploy(server, "/ok", ConfigWars.war(dir, "ok", null));
        server.start();
        assertEquals(200, server.get("/ok/settings").getStatus());
        String message = bad.getUnavailableException().getMessage();
        assertThat(message, containsString("config_ordinal=abc"));
        assertThat(message, containsString("WEB-INF/classes/META-INF/microprofile-config.properties"));
        assertThat(message, containsString("expected an integer"));
    }

    @Test
    void badValueInTheEnvironmentStopsStartupNamingTheVariable() throws Exception
    {
        // The environment is the operator's: a bad value stops the server, as any other operator
        // setting does, even before the webapp it names deploys.
        server = new TestServer();
        server.interlock().setEnvironment(Map.of("INTERLOCK_WEBAPPS_SHOP_SWITCH_INTERVAL", "soon"));
        Deployments.deploy(server, "/ok", ConfigWars.war(dir, "ok", null));
        Exception x = assertThrows(Exception.class, server::start);
        ConfigException bad = null;
        for (Throwable t = x; t != null && bad == null; t = t.getCause())
            bad = t instanceof ConfigException c ? c : null;
        assertNotNull(bad, x.toString());
        assertEquals("interlock.webapps.shop.switch-interval=soon (from environment variable INTERLOCK_WEBAPPS_SHOP_SWITCH_INTERVAL) is not valid: " +
            "expected a duration >= 0 and <= 24h, such as 5ms, 30s or 2m", bad.getMessage());
    }

    @Test
    void unknownKeyWarnsWithTheNearestName() throws Exception
    {
        server = new TestServer();
        Deployments.deploy(server, "/shop", ConfigWars.war(dir, "shop", "interlock.lok=application\ninterlock.drain-timout=5s\nshop.other=1\n"));
        server.start();
        assertEquals(200, server.get("/shop/settings").getStatus());
        assertThat(server.interlock().getWarnings(), hasItem(containsString(
            "interlock.lok (from microprofile-config.properties of webapp /shop")));
        assertThat(server.interlock().getWarnings(), hasItem(containsString("did you mean interlock.lock?")));
        assertThat(server.interlock().getWarnings(), hasItem(containsString("did you mean interlock.drain-timeout?")));
        assertEquals(2, server.interlock().getWarnings().stream().filter(w -> w.contains("webapp /shop")).count(), "only interlock.* keys are checked");
    }
}
