package dev.interlock.arquillian.jetty;

import java.lang.annotation.Annotation;
import java.util.function.Function;

import dev.interlock.jetty.InterlockServer;
import org.eclipse.jetty.server.Server;
import org.jboss.arquillian.container.spi.Container;
import org.jboss.arquillian.container.spi.ContainerRegistry;
import org.jboss.arquillian.core.api.Instance;
import org.jboss.arquillian.core.api.annotation.Inject;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.arquillian.test.spi.enricher.resource.ResourceProvider;

/**
 * Provides {@code @ArquillianResource Server} (and, through {@link InterlockServerProvider},
 * {@code @ArquillianResource InterlockServer}): the running server of the
 * {@link InterlockJettyContainer}, or {@code null} when it is not started. A lookup asks the
 * container each time: nothing is cached here.
 */
public class JettyServerResourceProvider implements ResourceProvider
{
    @Inject
    private Instance<ContainerRegistry> registry;

    private final Class<?> type;
    private final Function<Server, Object> resource;

    public JettyServerResourceProvider()
    {
        this(Server.class, s -> s);
    }

    protected JettyServerResourceProvider(Class<?> type, Function<Server, Object> resource)
    {
        this.type = type;
        this.resource = resource;
    }

    @Override
    public boolean canProvide(Class<?> type)
    {
        return type == this.type;
    }

    @Override
    public Object lookup(ArquillianResource annotation, Annotation... qualifiers)
    {
        ContainerRegistry r = registry.get();
        if (r == null)
            return null;
        for (Container<?> container : r.getContainers())
        {
            if (container.getDeployableContainer() instanceof InterlockJettyContainer jetty)
            {
                Server server = jetty.getServer();
                return server == null ? null : resource.apply(server);
            }
        }
        return null;
    }

    /**
     * Provides {@code @ArquillianResource InterlockServer}: the server's Interlock bean.
     */
    public static class InterlockServerProvider extends JettyServerResourceProvider
    {
        public InterlockServerProvider()
        {
            super(InterlockServer.class, s -> s.getBean(InterlockServer.class));
        }
    }
}
