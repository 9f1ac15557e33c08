package dev.interlock.cdi.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.interlock.cdi.InterlockExtension;
import jakarta.enterprise.inject.spi.DeploymentException;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/** Boots a Weld SE container with the extension, as a webapp would: on the webapp's context classloader. */
public final class Boot
{
    private Boot()
    {
    }

    /**
     * @param classLoader the context classloader during boot (a webapp's, or any other)
     * @param beans the bean classes
     * @return the running container
     */
    public static WeldContainer weld(ClassLoader classLoader, Class<?>... beans)
    {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(classLoader);
        try
        {
            return new Weld(UUID.randomUUID().toString())
                .disableDiscovery()
                .addExtension(new InterlockExtension())
                .addBeanClasses(beans)
                .initialize();
        }
        finally
        {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * @return the messages of the deployment problems Weld reported (one problem is the cause
     * of its exception, several are suppressed ones)
     */
    public static List<String> problems(DeploymentException e)
    {
        List<String> messages = new ArrayList<>();
        if (e.getSuppressed().length > 0)
        {
            for (Throwable t : e.getSuppressed())
                messages.add(t.getMessage());
        }
        else if (e.getCause() != null)
        {
            messages.add(e.getCause().getMessage());
        }
        else
        {
            messages.add(e.getMessage());
        }
        return messages;
    }
}
