package dev.interlock.arquillian.smoke;

import java.lang.ref.WeakReference;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.interlock.arquillian.WeldWars;
import dev.interlock.arquillian.jetty.InterlockJettyContainer;
import dev.interlock.group.LockDomain;
import dev.interlock.jetty.InterlockServer;
import dev.interlock.jetty.ee10.ServletContextBinding;
import dev.interlock.options.SettingValue;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.ee.webapp.WebAppClassLoader;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A WAR with Weld 6 deployed into embedded Jetty 12.1 ee10 with Interlock: the
 * application-scoped bean is injected into the servlet, Weld's client proxy answers, Interlock
 * binds the webapp and runs its requests under the lock {@code arquillian.xml} gives it, and the
 * same WAR deploys and undeploys three times leaving no context behind and no classloader
 * reachable.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public class WeldSmokeTest
{
    private static final String WELD_PROXY = "WeldClientProxy";

    private static HttpClient client;

    @ArquillianResource
    @OperateOnDeployment("smoke")
    private URL smoke;

    @ArquillianResource
    private Server server;

    @ArquillianResource
    private InterlockServer interlock;

    @ArquillianResource
    private Deployer deployer;

    @Deployment(name = "smoke")
    public static WebArchive smoke()
    {
        return WeldWars.create("smoke.war").addClasses(CounterBean.class, CounterServlet.class);
    }

    @Deployment(name = "again", managed = false)
    public static WebArchive again()
    {
        return WeldWars.create("again.war").addClasses(CounterBean.class, CounterServlet.class);
    }

    @BeforeAll
    public static void startClient() throws Exception
    {
        client = new HttpClient();
        client.start();
    }

    @AfterAll
    public static void stopClient() throws Exception
    {
        client.stop();
    }

    @Test
    public void weldInjectsTheApplicationScopedBeanIntoTheServlet() throws Exception
    {
        assertTrue(smoke.toString().endsWith("/smoke/"), smoke.toString());
        Map<String, String> first = get(smoke.toURI().resolve("count"));
        Map<String, String> second = get(smoke.toURI().resolve("count"));

        assertEquals("true", first.get("injected"), "@Inject into the servlet: " + first);
        assertTrue(first.get("beanClass").contains(WELD_PROXY), "a Weld client proxy is injected: " + first);
        assertTrue(first.get("cdiCurrentBeanClass").contains(WELD_PROXY), "CDI.current() is Weld: " + first);
        assertEquals(Integer.parseInt(first.get("count")) + 1, Integer.parseInt(second.get("count")),
            "one application-scoped counter: " + first + " then " + second);
        assertEquals(WebAppClassLoader.class.getName(), first.get("servletLoader"), "the WAR's classes: " + first);
        assertEquals(WebAppClassLoader.class.getName(), first.get("cdiApiLoader"), "the WAR's own CDI API: " + first);
        assertFalse(WebAppClassLoader.class.getName().equals(first.get("interlockApiLoader")), "the server's Interlock API: " + first);
    }

    @Test
    public void interlockIsActiveOnTheWebapp() throws Exception
    {
        Map<String, String> response = get(smoke.toURI().resolve("count"));
        assertEquals("true", response.get("holdsLock"),
            "interlock.webapps.smoke.lock=application from arquillian.xml: the servlet runs under the lock: " + response);

        assertNotNull(interlock, "the server's InterlockServer bean");
        assertTrue(interlock == server.getBean(InterlockServer.class));
        assertTrue(interlock.getSettings().stream().map(SettingValue::toString).anyMatch(s -> s.contains(InterlockJettyContainer.SETTINGS_SOURCE)),
            "settings from arquillian.xml: " + interlock.getSettings());
        LockDomain group = interlock.getApplicationGroup("server", "/smoke");
        assertNotNull(group, "application group /smoke: " + interlock.getGroups().getApplicationGroupNames());
        assertEquals(Map.of("smoke", "application"), group.getDisciplines());

        WebAppContext webapp = (WebAppContext)context("/smoke").orElseThrow();
        ServletContextBinding binding = webapp.getBean(ServletContextBinding.class);
        assertNotNull(binding, "Interlock's ee10 Configuration applied itself to the WebAppContext");
        assertTrue(binding.isStarted() && binding.isActive(), binding.toString());
    }

    @Test
    public void theSameWarDeploysAndUndeploysThreeTimes() throws Exception
    {
        int contextsBefore = contexts().getHandlers().size();
        URI count = server.getURI().resolve("/again/count");
        List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
        for (int i = 1; i <= 3; i++)
        {
            deployer.deploy("again");
            assertTrue(context("/again").isPresent(), "deployed, round " + i);
            loaders.add(new WeakReference<>(context("/again").orElseThrow().getClassLoader()));
            Map<String, String> response = get(count);
            assertEquals("1", response.get("count"), "a new Weld container, so a new counter, round " + i + ": " + response);
            assertEquals("true", response.get("injected"), response.toString());
            assertTrue(interlock.getApplicationGroup("server", "/again").isInUse());

            deployer.undeploy("again");
            assertFalse(context("/again").isPresent(), "undeployed, round " + i);
            assertEquals(404, client.GET(count).getStatus(), "nothing at /again after undeploy, round " + i);
            assertFalse(interlock.getApplicationGroup("server", "/again").isInUse(), "Interlock unbound /again, round " + i);
        }
        assertEquals(contextsBefore, contexts().getHandlers().size(), "no context remains: " + contexts().getHandlers());

        // Nothing (container, Jetty, Interlock, Weld) keeps an undeployed webapp's classloader
        // once the connections it served are closed: Jetty 12's ee10 ServletContextHandler caches
        // the last ServletChannel (and so its context) in each connection's component cache, so
        // a kept-alive connection pins the last webapp it served until it closes.
        // The server side lets go of it once it has served something else, as a live one does.
        client.stop();
        client.start();
        for (int i = 0; i < 8; i++)
            client.GET(smoke.toURI().resolve("/nowhere"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
        {
            System.gc();
            return loaders.stream().allMatch(r -> r.get() == null);
        });
    }

    private ContextHandlerCollection contexts()
    {
        return server.getDescendant(ContextHandlerCollection.class);
    }

    private Optional<ContextHandler> context(String contextPath)
    {
        return contexts().getHandlers().stream()
            .filter(ContextHandler.class::isInstance)
            .map(ContextHandler.class::cast)
            .filter(c -> contextPath.equals(c.getContextPath()))
            .findFirst();
    }

    private static Map<String, String> get(URI uri) throws Exception
    {
        ContentResponse response = client.GET(uri);
        assertEquals(200, response.getStatus(), uri + ": " + response.getContentAsString());
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : response.getContentAsString().split("\\R"))
        {
            int eq = line.indexOf('=');
            if (eq > 0)
                values.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return values;
    }
}
