package dev.interlock.express;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import dev.interlock.jetty.InterlockServer;
import dev.interlock.jetty.StartProperties;
import dev.interlock.options.SettingValue;
import dev.interlock.testing.TestServer;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.xml.XmlConfiguration;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every Interlock setting has one name, accepted by every configuration route: Jetty XML,
 * {@code start.ini} (and {@code start.d}), {@code -D} system properties, environment variables
 * (by MicroProfile's rules), the launcher's {@code --set} and a webapp's own
 * {@code microprofile-config.properties}. The same name reaches the same option by each.
 */
class OneNameEveryRouteTest
{
    @TempDir
    Path dir;
    private TestServer server;

    @AfterEach
    void stop()
    {
        System.clearProperty("interlock.lock");
        System.clearProperty("interlock.executor-groups.reports.threads");
        if (server != null)
            server.close();
    }

    enum Route
    {
        JETTY_XML, START_INI, SYSTEM_PROPERTY, ENVIRONMENT, LAUNCHER, MICROPROFILE_CONFIG
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void interlockLock(Route route) throws Exception
    {
        server = new TestServer();
        if (route == Route.MICROPROFILE_CONFIG)
            deployWarWithOwnFile("interlock.lock=application\n");
        else
        {
            set(route, server.interlock(), "interlock.lock", "application");
            server.context("/shop", Map.of());
        }
        server.start();
        assertEquals("application", server.interlock().getApplicationGroup("server", "/shop").getDisciplines().get("shop"));
    }

    @ParameterizedTest
    @EnumSource(value = Route.class, names = "MICROPROFILE_CONFIG", mode = EnumSource.Mode.EXCLUDE)
    void scopedExecutorGroupSetting(Route route) throws Exception
    {
        // A webapp's own file cannot size executor groups (ValidationTest and PrecedenceTest in
        // the config module); every operator route can.
        server = new TestServer();
        set(route, server.interlock(), "interlock.executor-groups.reports.threads", "3");
        server.start();
        assertEquals(3, server.interlock().getExecutorGroup("reports").getMaxThreads());
    }

    private void set(Route route, InterlockServer interlock, String name, String value) throws Exception
    {
        switch (route)
        {
            case JETTY_XML ->
            {
                Path xml = dir.resolve("interlock-extra.xml");
                Files.writeString(xml, """
                    <?xml version="1.0"?>
                    <!DOCTYPE Configure PUBLIC "-//Jetty//Configure//EN" "https://jetty.org/configure_10_0.dtd">
                    <Configure class="dev.interlock.jetty.InterlockServer">
                      <Call name="set"><Arg>%s</Arg><Arg>%s</Arg></Call>
                    </Configure>
                    """.formatted(name, value));
                new XmlConfiguration(ResourceFactory.root().newResource(xml)).configure(interlock);
            }
            case START_INI ->
            {
                Path base = Files.createDirectories(dir.resolve("base"));
                Files.createDirectories(base.resolve("start.d"));
                Files.writeString(base.resolve("start.d/interlock.ini"), "--module=interlock\n" + name + "=" + value + "\n");
                StartProperties.apply(interlock, base.toString());
            }
            case SYSTEM_PROPERTY ->
            {
                System.setProperty(name, value);
                StartProperties.apply(interlock, Files.createDirectories(dir.resolve("empty-base")).toString());
            }
            // MicroProfile looks environment variables up by a setting's name, so the names of
            // executor groups must be known: INTERLOCK_EXECUTOR_GROUPS declares them.
            case ENVIRONMENT -> interlock.setEnvironment(Map.of(
                name.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT), value,
                "INTERLOCK_EXECUTOR_GROUPS", "reports"));
            case LAUNCHER ->
            {
                CommandLine cl = Express.commandLine();
                cl.parseArgs("--set", name + "=" + value);
                Express express = cl.getCommand();
                for (SettingValue s : express.settings())
                    interlock.set(s.key(), s.value(), s.source());
            }
            default -> throw new IllegalArgumentException(route.name());
        }
    }

    private void deployWarWithOwnFile(String properties)
    {
        WebArchive war = ShrinkWrap.create(WebArchive.class, "shop.war")
            .setWebXML(new StringAsset("<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\"/>"))
            .addAsResource(new StringAsset(properties), "META-INF/microprofile-config.properties");
        Path file = dir.resolve("shop.war");
        war.as(ZipExporter.class).exportTo(file.toFile(), true);
        server.addHandler(new WebAppContext(file.toString(), "/shop"));
    }
}
