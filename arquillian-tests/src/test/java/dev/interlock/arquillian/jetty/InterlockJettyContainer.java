package dev.interlock.arquillian.jetty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import dev.interlock.jetty.InterlockServer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.container.LifecycleException;
import org.jboss.arquillian.container.spi.client.protocol.ProtocolDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.exporter.ExplodedExporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Arquillian {@link DeployableContainer} for an embedded Jetty 12.1 server with Interlock and
 * the ee10 or the ee11 environment (its {@code environment} property, {@code ee10} by default):
 * one {@link Server} (a connector on {@code bindAddress:bindHttpPort}, a
 * {@link ContextHandlerCollection}, an {@link InterlockServer} bean with the
 * {@code interlockSettings} of {@code arquillian.xml}), and each deployed archive as a
 * {@code WebAppContext} of that environment, exploded into {@code deployDirectory}. What
 * differs between the environments is in {@link WebappEnvironment}.
 *
 * <p>The released {@code arquillian-jetty-embedded-12-ee10} 2.0.0.Final cannot be used: it is
 * built on Jetty 12.0's {@code org.eclipse.jetty.deploy.App}/{@code AppProvider}, which Jetty
 * 12.1 removed.</p>
 *
 * <p>Each webapp gets:</p>
 * <ul>
 *   <li>Jetty's default configurations (found through {@code ServiceLoader}, so Interlock's
 *       {@code InterlockConfiguration} of the environment applies itself, as on a real server),
 *       with Jetty's {@code AnnotationConfiguration} made sure of, so that the
 *       {@code ServletContainerInitializer}s of {@code WEB-INF/lib} (Weld's
 *       {@code EnhancedListener}) run and {@code @WebServlet} is honoured;</li>
 *   <li>when {@code cdiDecoration} is on (the default), what Jetty's {@code ee10-cdi} module
 *       gives in its {@code CdiDecoratingListener} mode, which Jetty 12.1 does not publish for
 *       ee10: the context attribute {@code org.eclipse.jetty.cdi=CdiDecoratingListener}, by which
 *       Weld's servlet integration recognises Jetty, and the environment's {@code DecoratingListener} on the
 *       attribute {@code org.eclipse.jetty.cdi.decorator}, where Weld puts its decorator, so
 *       that Jetty decorates (injects into) every servlet, filter and listener it creates;</li>
 *   <li>the {@code hiddenClasses} (by default the CDI API) hidden from it.</li>
 * </ul>
 *
 * <p>Tests run in the test JVM (the {@code Local} protocol: nothing is added to the archives)
 * and talk to the webapps over HTTP; {@code @ArquillianResource URL} is the webapp's base URL,
 * {@code @ArquillianResource Server} the running server.</p>
 *
 * <p>Undeploying stops the context, removes it from the server, destroys it and deletes its
 * directory; the container then keeps nothing of it (only archive names map to the contexts
 * deployed now), so a webapp's classloader can be collected.</p>
 */
public class InterlockJettyContainer implements DeployableContainer<InterlockJettyConfiguration>
{
    /** The context attribute Weld's {@code JettyContainer} looks for. */
    public static final String JETTY_CDI_ATTRIBUTE = "org.eclipse.jetty.cdi";
    /** Its value for the decorating-listener integration. */
    public static final String CDI_DECORATING_LISTENER_MODE = "CdiDecoratingListener";
    /** The context attribute where Weld puts its decorator in that mode. */
    public static final String CDI_DECORATOR_ATTRIBUTE = "org.eclipse.jetty.cdi.decorator";
    /** The source named for settings given in {@code arquillian.xml}, in Interlock's messages. */
    public static final String SETTINGS_SOURCE = "arquillian.xml";

    private static final Logger LOG = LoggerFactory.getLogger(InterlockJettyContainer.class);

    private final Map<String, WebappDeployment> deployed = new HashMap<>();
    private final AtomicInteger serial = new AtomicInteger();
    private InterlockJettyConfiguration configuration;
    private volatile Server server;
    private ContextHandlerCollection contexts;
    private ServerConnector connector;
    private Path deployRoot;

    private WebappEnvironment environment;

    private record WebappDeployment(ContextHandler context, Path directory)
    {
    }

    @Override
    public Class<InterlockJettyConfiguration> getConfigurationClass()
    {
        return InterlockJettyConfiguration.class;
    }

    @Override
    public void setup(InterlockJettyConfiguration configuration)
    {
        this.configuration = configuration;
    }

    @Override
    public ProtocolDescription getDefaultProtocol()
    {
        // Tests run in the test JVM and reach the webapps over HTTP: nothing to package.
        return new ProtocolDescription("Local");
    }

    /**
     * @return the running server, or {@code null} when the container is stopped
     */
    public Server getServer()
    {
        return server;
    }

    @Override
    public synchronized void start() throws LifecycleException
    {
        if (configuration == null)
            configuration = new InterlockJettyConfiguration();
        environment = WebappEnvironment.named(configuration.getEnvironment());
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("arquillian-jetty");
        Server s = new Server(threads);
        try
        {
            connector = new ServerConnector(s);
            connector.setHost(configuration.getBindAddress());
            connector.setPort(configuration.getBindHttpPort());
            s.addConnector(connector);
            contexts = new ContextHandlerCollection();
            s.setHandler(contexts);

            InterlockServer interlock = new InterlockServer(s);
            configuration.parsedInterlockSettings().forEach((name, value) -> interlock.set(name, value, SETTINGS_SOURCE));
            s.addBean(interlock, true);

            deployRoot = Path.of(configuration.getDeployDirectory()).toAbsolutePath();
            deleteRecursively(deployRoot);
            Files.createDirectories(deployRoot);

            s.start();
            server = s;
            LOG.info("Jetty {} ({}) with Interlock started on {}", Server.getVersion(), environment.id(), s.getURI());
        }
        catch (Exception e)
        {
            try
            {
                s.stop();
            }
            catch (Exception x)
            {
                e.addSuppressed(x);
            }
            throw new LifecycleException("Could not start embedded Jetty with Interlock: " + e, e);
        }
    }

    @Override
    public synchronized void stop() throws LifecycleException
    {
        Server s = server;
        if (s == null)
            return;
        List<Exception> failures = new ArrayList<>();
        for (String name : List.copyOf(deployed.keySet()))
        {
            try
            {
                undeploy(name);
            }
            catch (Exception e)
            {
                failures.add(e);
            }
        }
        try
        {
            s.stop();
        }
        catch (Exception e)
        {
            failures.add(e);
        }
        finally
        {
            server = null;
            contexts = null;
            connector = null;
        }
        try
        {
            deleteRecursively(deployRoot);
        }
        catch (IOException e)
        {
            LOG.warn("Could not delete {}", deployRoot, e);
        }
        if (!failures.isEmpty())
        {
            LifecycleException e = new LifecycleException("Could not stop embedded Jetty cleanly: " + failures.get(0), failures.get(0));
            failures.stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }
    }

    @Override
    public synchronized ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException
    {
        Server s = server;
        if (s == null)
            throw new DeploymentException("The container is not started: cannot deploy " + archive.getName());
        String name = archive.getName();
        if (deployed.containsKey(name))
            throw new DeploymentException(name + " is already deployed");
        String contextPath = contextPath(name);
        String directoryName = baseName(name) + "-" + serial.incrementAndGet();
        Path directory = deployRoot.resolve(directoryName);
        ContextHandler webapp = null;
        try
        {
            archive.as(ExplodedExporter.class).exportExploded(deployRoot.toFile(), directoryName);
            webapp = environment.newWebApp(s, configuration, name, contextPath, directory);
            // Started before it is routed to, so no request sees it half started.
            webapp.start();
            if (!webapp.isAvailable())
                throw new IllegalStateException("not available after start", environment.unavailableException(webapp));
            contexts.addHandler(webapp);
            deployed.put(name, new WebappDeployment(webapp, directory));
        }
        catch (Throwable e)
        {
            if (webapp != null)
                discard(webapp, e);
            try
            {
                deleteRecursively(directory);
            }
            catch (IOException x)
            {
                e.addSuppressed(x);
            }
            throw new DeploymentException("Could not deploy " + name + " at " + contextPath + ": " + e, e);
        }

        HTTPContext http = new HTTPContext(connector.getHost(), connector.getLocalPort());
        for (String servlet : environment.servletNames(webapp))
            http.add(new Servlet(servlet, contextPath));
        LOG.info("Deployed {} at {} ({})", name, contextPath, environment.id());
        return new ProtocolMetaData().addContext(http);
    }

    @Override
    public void undeploy(Archive<?> archive) throws DeploymentException
    {
        undeploy(archive.getName());
    }

    private synchronized void undeploy(String name) throws DeploymentException
    {
        WebappDeployment d = deployed.remove(name);
        if (d == null)
        {
            LOG.debug("Not deployed, nothing to undeploy: {}", name);
            return;
        }
        ContextHandler webapp = d.context();
        try
        {
            if (contexts != null)
                contexts.removeHandler(webapp);
            webapp.stop();
            webapp.destroy();
            deleteRecursively(d.directory());
            LOG.info("Undeployed {} from {}", name, webapp.getContextPath());
        }
        catch (Exception e)
        {
            throw new DeploymentException("Could not undeploy " + name + ": " + e, e);
        }
    }

    private static void discard(ContextHandler webapp, Throwable failure)
    {
        try
        {
            webapp.stop();
            webapp.destroy();
        }
        catch (Throwable x)
        {
            failure.addSuppressed(x);
        }
    }

    /**
     * @param archiveName such as {@code shop.war} or {@code ROOT.war}
     * @return {@code /shop}, or {@code /} for {@code ROOT}
     */
    static String contextPath(String archiveName)
    {
        String base = baseName(archiveName);
        return "ROOT".equals(base) ? "/" : "/" + base;
    }

    private static String baseName(String archiveName)
    {
        int dot = archiveName.lastIndexOf('.');
        return dot > 0 ? archiveName.substring(0, dot) : archiveName;
    }

    private static void deleteRecursively(Path path) throws IOException
    {
        if (path == null || !Files.exists(path))
            return;
        try (Stream<Path> walk = Files.walk(path))
        {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList())
                Files.deleteIfExists(p);
        }
    }
}
