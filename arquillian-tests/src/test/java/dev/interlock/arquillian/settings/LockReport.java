package dev.interlock.arquillian.settings;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Part of the settings WAR: a bean whose {@code @ConfigProperty} SmallRye Config validates at
 * deployment, and which records what MicroProfile Config says while the application scope is
 * initialized, during Weld's boot in its {@code ServletContainerInitializer}: the settings in
 * force must be there already. It also makes the WAR a bean archive at all.
 */
@ApplicationScoped
public class LockReport
{
    @Inject
    @ConfigProperty(name = "interlock.lock")
    String lock;

    private volatile String atBoot;

    void boot(@Observes @Initialized(ApplicationScoped.class) Object event, Config config)
    {
        atBoot = config.getValue("interlock.lock", String.class);
    }

    public String lock()
    {
        return lock;
    }

    public String atBoot()
    {
        return atBoot;
    }
}
