package dev.interlock.cdi;

import java.lang.reflect.Type;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.interlock.api.InterlockSettings;
import dev.interlock.api.Webapp;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.InjectionPoint;

/**
 * The webapp's {@link InterlockSettings} as a bean: {@code @Inject InterlockSettings settings}.
 *
 * <p>The bean is {@link Dependent}, not {@code @ApplicationScoped}: the settings are immutable
 * and fixed for the life of the container (they change only when the webapp is redeployed, and
 * a redeploy boots a new container), so a client proxy would add an indirection on every call
 * and hide the engine's object, whose {@code toString()} lists the values, behind Weld's. The
 * injected object is the engine's own view, the same one {@code Webapp.settings()} returns.</p>
 *
 * <p>Only direct injection points are collected: an {@code Instance<InterlockSettings>} is
 * resolved when it is used and fails then, with the same message.</p>
 */
final class SettingsBean
{
    /** By name, so that collecting injection points never loads the API. */
    static final String TYPE = "dev.interlock.api.InterlockSettings";

    private final ConcurrentLinkedQueue<String> points = new ConcurrentLinkedQueue<>();
    private volatile Webapp webapp;

    /**
     * @param type the type of an injection point
     * @return whether it is {@code InterlockSettings}
     */
    static boolean isSettings(Type type)
    {
        return type instanceof Class<?> c && TYPE.equals(c.getName());
    }

    /**
     * Records the injection point if it injects the settings (called from
     * {@code ProcessInjectionPoint}, which Weld may fire from several threads).
     */
    void collect(InjectionPoint ip)
    {
        if (isSettings(ip.getType()))
            points.add(Describe.injectionPoint(ip));
    }

    /**
     * @return where the settings are injected, sorted (Weld may discover them in any order)
     */
    List<String> points()
    {
        return points.stream().sorted().toList();
    }

    /**
     * @param webapp the webapp found at deployment
     */
    void bind(Webapp webapp)
    {
        this.webapp = webapp;
    }

    /**
     * Adds the {@code @Default} {@link InterlockSettings} bean.
     */
    void addBean(AfterBeanDiscovery abd)
    {
        abd.addBean()
            .beanClass(InterlockExtension.class)
            .types(InterlockSettings.class, Object.class)
            .qualifiers(Default.Literal.INSTANCE, Any.Literal.INSTANCE)
            .scope(Dependent.class)
            .produceWith(instance -> produce(instance.select(InjectionPoint.class).get()))
            .disposeWith((settings, instance) -> { });
    }

    /**
     * @param ip where it is injected, or null for a programmatic lookup on the container
     * @return the settings of the webapp found at deployment, else of the calling thread's
     * @throws IllegalStateException naming the injection point if there is no engine, or the
     * webapp is not known to it
     */
    private InterlockSettings produce(InjectionPoint ip)
    {
        try
        {
            Webapp owner = webapp;
            if (owner == null)
            {
                // No webapp at deployment (which then failed if anything injected the settings
                // directly): an Instance<> lookup gets the calling thread's, if any.
                owner = Webapp.current();
            }
            return owner.settings();
        }
        catch (IllegalStateException e)
        {
            throw new IllegalStateException("Interlock: cannot inject InterlockSettings at " + (ip == null ? "a programmatic lookup" : Describe.injectionPoint(ip))
                + ": " + e.getMessage(), e);
        }
    }
}
