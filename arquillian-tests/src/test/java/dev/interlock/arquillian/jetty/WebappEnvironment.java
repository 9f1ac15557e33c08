package dev.interlock.arquillian.jetty;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandler;

/**
 * What the container does that depends on Jetty's servlet environment, ee10 or ee11: make a
 * {@code WebAppContext} the way a real server would (Jetty's {@code ServiceLoader}
 * configurations, with Interlock's among them, and annotations), give it CDI decoration, and read
 * back its servlets and why it is unavailable. Everything else in the container is the
 * environment's {@link ContextHandler}, the same for both. The two are the same code written
 * against each environment's classes, which share no supertype below {@link ContextHandler}.
 */
enum WebappEnvironment
{
    EE10
    {
        @Override
        ContextHandler newWebApp(Server server, InterlockJettyConfiguration configuration, String name, String contextPath, Path directory)
        {
            var webapp = new org.eclipse.jetty.ee10.webapp.WebAppContext();
            webapp.setServer(server);
            webapp.setDisplayName(name);
            webapp.setContextPath(contextPath);
            webapp.setWar(directory.toString());
            webapp.setThrowUnavailableOnStartupException(true);
            webapp.setLogUrlOnStart(false);
            for (String pattern : hiddenClasses(configuration))
                webapp.getHiddenClassMatcher().add(pattern);
            if (webapp.getConfigurations().get(org.eclipse.jetty.ee10.annotations.AnnotationConfiguration.class) == null)
                webapp.addConfiguration(new org.eclipse.jetty.ee10.annotations.AnnotationConfiguration());
            requireInterlock(webapp.getConfigurations().get(dev.interlock.jetty.ee10.InterlockConfiguration.class) != null,
                dev.interlock.jetty.ee10.InterlockConfiguration.class, webapp.getConfigurations());
            if (configuration.isCdiDecoration())
            {
                webapp.setAttribute(InterlockJettyContainer.JETTY_CDI_ATTRIBUTE, InterlockJettyContainer.CDI_DECORATING_LISTENER_MODE);
                webapp.addEventListener(new org.eclipse.jetty.ee10.servlet.DecoratingListener(webapp, InterlockJettyContainer.CDI_DECORATOR_ATTRIBUTE));
            }
            return webapp;
        }

        @Override
        List<String> servletNames(ContextHandler webapp)
        {
            return java.util.Arrays.stream(((org.eclipse.jetty.ee10.webapp.WebAppContext)webapp).getServletHandler().getServlets())
                .map(org.eclipse.jetty.ee10.servlet.ServletHolder::getName).toList();
        }

        @Override
        Throwable unavailableException(ContextHandler webapp)
        {
            return ((org.eclipse.jetty.ee10.webapp.WebAppContext)webapp).getUnavailableException();
        }
    },

    EE11
    {
        @Override
        ContextHandler newWebApp(Server server, InterlockJettyConfiguration configuration, String name, String contextPath, Path directory)
        {
            var webapp = new org.eclipse.jetty.ee11.webapp.WebAppContext();
            webapp.setServer(server);
            webapp.setDisplayName(name);
            webapp.setContextPath(contextPath);
            webapp.setWar(directory.toString());
            webapp.setThrowUnavailableOnStartupException(true);
            webapp.setLogUrlOnStart(false);
            for (String pattern : hiddenClasses(configuration))
                webapp.getHiddenClassMatcher().add(pattern);
            if (webapp.getConfigurations().get(org.eclipse.jetty.ee11.annotations.AnnotationConfiguration.class) == null)
                webapp.addConfiguration(new org.eclipse.jetty.ee11.annotations.AnnotationConfiguration());
            requireInterlock(webapp.getConfigurations().get(dev.interlock.jetty.ee11.InterlockConfiguration.class) != null,
                dev.interlock.jetty.ee11.InterlockConfiguration.class, webapp.getConfigurations());
            if (configuration.isCdiDecoration())
            {
                webapp.setAttribute(InterlockJettyContainer.JETTY_CDI_ATTRIBUTE, InterlockJettyContainer.CDI_DECORATING_LISTENER_MODE);
                webapp.addEventListener(new org.eclipse.jetty.ee11.servlet.DecoratingListener(webapp, InterlockJettyContainer.CDI_DECORATOR_ATTRIBUTE));
            }
            return webapp;
        }

        @Override
        List<String> servletNames(ContextHandler webapp)
        {
            return java.util.Arrays.stream(((org.eclipse.jetty.ee11.webapp.WebAppContext)webapp).getServletHandler().getServlets())
                .map(org.eclipse.jetty.ee11.servlet.ServletHolder::getName).toList();
        }

        @Override
        Throwable unavailableException(ContextHandler webapp)
        {
            return ((org.eclipse.jetty.ee11.webapp.WebAppContext)webapp).getUnavailableException();
        }
    };

    /** The values of the container's {@code environment} property. */
    static final List<String> NAMES = List.of("ee10", "ee11");

    /**
     * @return the environment named {@code name}
     * @throws IllegalArgumentException naming the allowed values
     */
    static WebappEnvironment named(String name)
    {
        if (name == null || !NAMES.contains(name.strip()))
            throw new IllegalArgumentException("environment must be one of " + String.join(", ", NAMES) + ", not '" + name + "'");
        return valueOf(name.strip().toUpperCase(Locale.ROOT));
    }

    /**
     * @return a new, not started {@code WebAppContext} of {@code server} and this environment
     * for the exploded archive {@code directory}, with what the container gives every webapp
     * @throws IllegalStateException if Interlock's {@code Configuration} of this environment is
     * not among Jetty's {@code ServiceLoader}-registered ones
     */
    abstract ContextHandler newWebApp(Server server, InterlockJettyConfiguration configuration, String name, String contextPath, Path directory);

    /**
     * @return the names of the servlets of a started {@code webapp} made by {@link #newWebApp}
     */
    abstract List<String> servletNames(ContextHandler webapp);

    /**
     * @return why a {@code webapp} made by {@link #newWebApp} is unavailable, or {@code null}
     */
    abstract Throwable unavailableException(ContextHandler webapp);

    private static List<String> hiddenClasses(InterlockJettyConfiguration configuration)
    {
        return java.util.Arrays.stream(configuration.getHiddenClasses().split(",")).filter(p -> !p.isBlank()).map(String::strip).toList();
    }

    private static void requireInterlock(boolean present, Class<?> configuration, Object configurations)
    {
        if (!present)
            throw new IllegalStateException("Interlock's " + configuration.getName() + " is not among the ServiceLoader-registered configurations: " + configurations);
    }

    /**
     * @return {@code ee10} or {@code ee11}
     */
    String id()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
