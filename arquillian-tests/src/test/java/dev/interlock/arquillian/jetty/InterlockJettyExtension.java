package dev.interlock.arquillian.jetty;

import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.core.spi.LoadableExtension;
import org.jboss.arquillian.test.spi.enricher.resource.ResourceProvider;

/**
 * Registers the embedded Jetty 12.1 ee10 container with Interlock, and the injection of its
 * {@code Server} and {@code InterlockServer} into tests through {@code @ArquillianResource}.
 */
public class InterlockJettyExtension implements LoadableExtension
{
    @Override
    public void register(ExtensionBuilder builder)
    {
        builder.service(DeployableContainer.class, InterlockJettyContainer.class);
        builder.service(ResourceProvider.class, JettyServerResourceProvider.class);
        builder.service(ResourceProvider.class, JettyServerResourceProvider.InterlockServerProvider.class);
    }
}
