package dev.interlock.cdi;

import java.lang.System.Logger.Level;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.BeforeShutdown;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.ProcessBean;
import jakarta.enterprise.inject.spi.ProcessInjectionPoint;
import jakarta.enterprise.inject.spi.ProcessManagedBean;

/**
 * The Interlock CDI extension, bundled in a WAR next to Weld (registered in
 * {@code META-INF/services/jakarta.enterprise.inject.spi.Extension}). It reaches the engine
 * only through the Interlock API, {@code Webapp.current()}:
 *
 * <ul>
 * <li><b>stopping callbacks as CDI events</b>: at {@link AfterDeploymentValidation} (the
 * context classloader is the webapp's then) it registers stopping callbacks that deliver a
 * {@code dev.interlock.api.Stopping} event synchronously to the {@code @Observes Stopping}
 * observers, in {@code @Priority} order, one failing observer logged and the others still
 * notified; and a handler that delivers {@code UnfinishedTasks} the same way. The engine calls
 * them before the webapp's listeners (and so Weld) are destroyed: every bean is still usable,
 * before {@code @BeforeDestroyed(ApplicationScoped.class)} and any {@code @PreDestroy};</li>
 * <li><b>injectable tracked workers</b>: {@code ManagedExecutorService},
 * {@code ManagedScheduledExecutorService} and {@code ManagedThreadFactory}, a default of each
 * and named ones with {@link Worker}, created lazily through the webapp; injection points are
 * collected at {@link ProcessInjectionPoint}, beans added at {@link AfterBeanDiscovery}, and
 * the names and thread counts checked at {@link AfterDeploymentValidation};</li>
 * <li><b>injectable settings</b>: a {@code @Dependent} bean of {@code InterlockSettings}, the
 * engine's view of the settings in force for the webapp ({@link SettingsBean});</li>
 * <li><b>{@code @NotThreadSafe} beans</b>: the API's annotation is declared an interceptor
 * binding at {@link BeforeBeanDiscovery}, and {@link NotThreadSafeInterceptor} runs each
 * business method of a marked managed bean under the webapp's not-thread-safe lock
 * ({@link NotThreadSafeBeans}); each marked bean class is logged once at deployment.</li>
 * </ul>
 *
 * <p>The MicroProfile Config source of the settings in force ({@link InterlockConfigSourceProvider})
 * is not part of the extension: the webapp's MicroProfile Config implementation finds it
 * through {@code ServiceLoader}.</p>
 *
 * <p>With no Interlock engine ({@code Webapp.current()} throws), deployment fails with a
 * deployment problem if the application injects workers or settings or declares beans not
 * thread-safe; observers alone get one warning that they will never be called.</p>
 *
 * <p>The methods of this class mention no Interlock API type, so that it loads (and can report
 * clearly) even where the API is not visible.</p>
 */
public class InterlockExtension implements Extension
{
    /** The logger name of the extension ({@link System.Logger}, so {@code java.util.logging} by default). */
    public static final String LOGGER = "dev.interlock.cdi";

    private static final System.Logger LOG = System.getLogger(LOGGER);

    private final WorkerPoints points = new WorkerPoints();
    private final Set<WorkerKind> providedByApplication = EnumSet.noneOf(WorkerKind.class);
    private volatile boolean beansAdded;
    private volatile Workers workers;
    private volatile WebappLink link;
    // Null where the API is not visible: then nothing can inject the settings or be marked.
    private volatile SettingsBean settings;
    private volatile NotThreadSafeBeans notThreadSafe;

    void beforeBeanDiscovery(@Observes BeforeBeanDiscovery bbd, BeanManager beanManager)
    {
        if (!Api.visible())
        {
            LOG.log(Level.DEBUG, "Interlock: the Interlock API is not visible to this webapp, no settings bean and no @NotThreadSafe interceptor");
            return;
        }
        settings = new SettingsBean();
        notThreadSafe = new NotThreadSafeBeans();
        NotThreadSafeBeans.register(bbd, beanManager);
    }

    void injectionPoint(@Observes ProcessInjectionPoint<?, ?> event)
    {
        points.collect(event.getInjectionPoint());
        SettingsBean s = settings;
        if (s != null)
            s.collect(event.getInjectionPoint());
    }

    void annotatedType(@Observes ProcessAnnotatedType<?> event)
    {
        NotThreadSafeBeans n = notThreadSafe;
        if (n != null)
            n.annotatedType(event);
    }

    void managedBean(@Observes ProcessManagedBean<?> event)
    {
        NotThreadSafeBeans n = notThreadSafe;
        if (n != null)
            n.collect(event);
    }

    /**
     * Notes the worker types the application produces itself with {@code @Default}: adding a
     * second bean would make its injection points ambiguous.
     */
    void bean(@Observes ProcessBean<?> event)
    {
        if (beansAdded)
            return;
        Bean<?> bean = event.getBean();
        if (!bean.getQualifiers().contains(Default.Literal.INSTANCE))
            return;
        for (Type type : bean.getTypes())
        {
            WorkerKind kind = WorkerKind.of(type);
            if (kind != null && type instanceof Class<?>)
            {
                synchronized (providedByApplication)
                {
                    providedByApplication.add(kind);
                }
                LOG.log(Level.INFO, "Interlock: " + bean.getBeanClass().getName() + " provides the default " + kind.simpleName()
                    + ", so Interlock adds none (@Worker ones still work)");
            }
        }
    }

    void afterBeanDiscovery(@Observes AfterBeanDiscovery abd)
    {
        beansAdded = true;
        SettingsBean s = settings;
        if (s != null)
            s.addBean(abd);
        if (!Api.workerTypesVisible())
        {
            LOG.log(Level.DEBUG, "Interlock: Jakarta Concurrency is not visible to this webapp, no worker beans");
            return;
        }
        Set<WorkerKind> provided;
        synchronized (providedByApplication)
        {
            provided = EnumSet.copyOf(providedByApplication);
        }
        workers = new Workers();
        workers.addBeans(abd, provided);
    }

    void afterDeploymentValidation(@Observes AfterDeploymentValidation adv, BeanManager beanManager)
    {
        List<String> warnings = new ArrayList<>();
        List<String> problems = points.check(warnings);
        for (String warning : warnings)
            LOG.log(Level.WARNING, warning);
        for (String problem : problems)
            adv.addDeploymentProblem(new DeploymentException(problem));
        if (!problems.isEmpty())
            return;

        String missing = Api.missing();
        WebappLink.Needs needs = new WebappLink.Needs(points, workers, settings, notThreadSafe);
        if (missing != null)
        {
            for (String problem : WebappLink.unavailable(missing, needs, 0, ""))
                adv.addDeploymentProblem(new DeploymentException(problem));
            return;
        }
        WebappLink link = new WebappLink(beanManager, Thread.currentThread().getContextClassLoader());
        for (String problem : link.start(needs))
            adv.addDeploymentProblem(new DeploymentException(problem));
        this.link = link;
    }

    /**
     * @return the {@code @NotThreadSafe} beans, for {@link NotThreadSafeInterceptor} (which
     * exists only where they do)
     */
    NotThreadSafeBeans notThreadSafe()
    {
        return notThreadSafe;
    }

    void beforeShutdown(@Observes BeforeShutdown event)
    {
        WebappLink current = link;
        link = null;
        if (current != null)
            current.stop();
    }
}
