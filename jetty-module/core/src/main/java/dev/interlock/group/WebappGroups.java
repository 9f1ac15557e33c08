package dev.interlock.group;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.interlock.executor.ExecutorGroup;
import dev.interlock.options.EffectiveSettings;
import dev.interlock.options.InterlockConfig;
import dev.interlock.options.Route;
import dev.interlock.options.SettingValue;
import dev.interlock.options.Settings;
import dev.interlock.options.StopSettings;
import dev.interlock.options.WebappBlock;
import dev.interlock.options.WebappConfigReader;
import dev.interlock.options.WebappSettings;
import dev.interlock.options.Warnings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running instance of a webapp in the engine's groups: the settings it resolved (the
 * operator's, its context's and its own files'), its executor group, and its memberships of
 * application groups — its default one, those its routes name and those its components name,
 * each created on first use. Made by {@link #join} when the webapp starts, ended by
 * {@link #leave()} when it has stopped.
 *
 * <p>Thread-safe: memberships are created on request threads as well as the deploying one.</p>
 */
public final class WebappGroups
{
    private static final Logger LOG = LoggerFactory.getLogger(WebappGroups.class);

    private final Groups groups;
    private final String contextPath;
    private final String name;
    private final WebappBlock own;
    private final WebappSettings settings;
    private final ExecutorGroup executor;
    private final Map<String, Membership> memberships = new ConcurrentHashMap<>();
    private final List<WebappConfigReader.Reading> readings;
    private Membership defaultMembership;
    private StopSettings stopSettings;
    private EffectiveSettings effective;

    private WebappGroups(Groups groups, String contextPath, List<SettingValue> context, List<WebappConfigReader.Reading> readings)
    {
        this.groups = groups;
        this.contextPath = contextPath;
        this.name = Settings.webappName(contextPath);
        this.readings = readings;
        InterlockConfig config = groups.config();
        List<SettingValue> file = new ArrayList<>();
        readings.forEach(r -> file.addAll(r.settings()));
        this.own = config.webappBlock(name, contextPath, context, file, groups.warnings()::warn);
        this.settings = config.resolveWebapp(name, contextPath, own, group -> groups.isUsedByAnotherWebapp(group, name));
        this.executor = groups.executorGroup(settings.executorGroup());
    }

    /**
     * Resolves a starting webapp's settings and makes it a member of its default application
     * group. A bad setting fails this webapp only: what it read and joined is released.
     *
     * @param groups the server's groups
     * @param contextPath the webapp's context path
     * @param loader its classloader, from which {@code readers} read its own files, or {@code null}
     * @param context the settings its context carries (the operator's)
     * @param readers the readers of webapps' own settings
     * @param origin what the webapp was deployed from (its WAR), for messages, or {@code null}
     * @return the webapp's place in the groups
     * @throws dev.interlock.options.ConfigException for a bad or forbidden setting
     */
    public static WebappGroups join(Groups groups, String contextPath, ClassLoader loader, List<SettingValue> context, List<WebappConfigReader> readers, String origin)
    {
        List<WebappConfigReader.Reading> readings = new ArrayList<>();
        WebappGroups joined = null;
        try
        {
            if (loader != null)
            {
                for (WebappConfigReader reader : readers)
                    readings.add(reader.read(contextPath, loader, origin));
            }
            joined = new WebappGroups(groups, contextPath, context, readings);
            joined.defaultMembership = joined.membership(joined.settings.applicationGroup());
            for (Route r : joined.settings.routes())
                joined.membership(r.group()).domain().route(joined, joined.name, r.pathSpec());
            InterlockConfig config = groups.config();
            joined.stopSettings = config.resolveStop(joined.settings.executorGroup(), joined.settings.applicationGroup(), joined.name, joined.own);
            joined.effective = new EffectiveSettings(joined.settings, joined.defaultMembership.resolved(), joined.stopSettings, config.inForce(joined.settings, joined.own));
            return joined;
        }
        catch (RuntimeException | Error x)
        {
            if (joined != null)
                joined.leave();
            else
                close(readings, contextPath);
            throw x;
        }
    }

    /**
     * @return the webapp's context path
     */
    public String contextPath()
    {
        return contextPath;
    }

    /**
     * @return the webapp's name in settings ({@code shop}, {@code ROOT})
     */
    public String name()
    {
        return name;
    }

    /**
     * @return its executor group, default application group, routes and not-thread-safe classes
     */
    public WebappSettings settings()
    {
        return settings;
    }

    /**
     * @return its executor group's pool, or {@code null} for {@code server}
     */
    public ExecutorGroup executor()
    {
        return executor;
    }

    /**
     * @return its membership of its default application group
     */
    public Membership defaultMembership()
    {
        return defaultMembership;
    }

    /**
     * @param applicationGroup an application group's name
     * @return the webapp's membership of it, created (with the group) on first use
     */
    public Membership membership(String applicationGroup)
    {
        return memberships.computeIfAbsent(applicationGroup, g -> groups.join(this, name, settings.executorGroup(), g, own));
    }

    /**
     * @return its memberships so far: its default group, routed groups and the groups its
     * components name
     */
    public Collection<Membership> memberships()
    {
        return List.copyOf(memberships.values());
    }

    /**
     * @return whether its default group or a group its routes name has a lock in force
     */
    public boolean routesMayLock()
    {
        if (defaultMembership.lockInForce() != null)
            return true;
        for (Route r : settings.routes())
        {
            if (membership(r.group()).lockInForce() != null)
                return true;
        }
        return false;
    }

    /**
     * @return how it stops
     */
    public StopSettings stopSettings()
    {
        return stopSettings;
    }

    /**
     * @return the settings in force, as its code sees them
     */
    public EffectiveSettings effective()
    {
        return effective;
    }

    /**
     * @return the {@code Retry-After} of its 503s
     */
    public Duration retryAfter()
    {
        return defaultMembership.settings().retryAfter();
    }

    /**
     * @return the server's groups
     */
    public Groups groups()
    {
        return groups;
    }

    /**
     * @return where misplaced settings are reported
     */
    public Warnings warnings()
    {
        return groups.warnings();
    }

    /**
     * Counts a 503 sent because this webapp is stopping, for its executor group's metrics.
     */
    public void countDrainingRejection()
    {
        groups.countDrainingRejection(settings.executorGroup());
    }

    /**
     * Ends the webapp's memberships and releases what was read for its classloader. Once, when
     * it has stopped; another instance of the same webapp keeps its own.
     */
    public void leave()
    {
        groups.leave(this);
        close(readings, contextPath);
    }

    private static void close(List<WebappConfigReader.Reading> readings, String contextPath)
    {
        List<WebappConfigReader.Reading> open;
        synchronized (readings)
        {
            open = List.copyOf(readings);
            readings.clear();
        }
        for (WebappConfigReader.Reading reading : open)
        {
            try
            {
                reading.close();
            }
            catch (Throwable x)
            {
                LOG.warn("Interlock: could not release the configuration read for {}", contextPath, x);
            }
        }
    }

    @Override
    public String toString()
    {
        return String.format("WebappGroups@%x{%s,%s}", hashCode(), contextPath, settings);
    }
}
