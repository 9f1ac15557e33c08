package dev.interlock.options;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.interlock.api.InterlockSettings;

/**
 * The settings in force for one webapp, as its code sees them. Immutable.
 */
public final class EffectiveSettings implements InterlockSettings
{
    private final WebappSettings webapp;
    private final ResolvedLock lock;
    private final StopSettings stop;
    private final Map<String, String> values;
    private final Map<String, String> sources;

    /**
     * @param webapp the webapp's resolved settings
     * @param lock the lock settings of its default application group
     * @param stop how it stops
     * @param inForce every setting in force, from {@link InterlockConfig#inForce}
     */
    public EffectiveSettings(WebappSettings webapp, ResolvedLock lock, StopSettings stop, List<SettingValue> inForce)
    {
        this.webapp = webapp;
        this.lock = lock;
        this.stop = stop;
        Map<String, String> v = new LinkedHashMap<>();
        Map<String, String> src = new LinkedHashMap<>();
        for (SettingValue setting : inForce)
        {
            v.put(setting.key(), setting.value());
            src.put(setting.key(), setting.source());
        }
        this.values = Collections.unmodifiableMap(v);
        this.sources = Collections.unmodifiableMap(src);
    }

    @Override
    public String webapp()
    {
        return webapp.webapp();
    }

    @Override
    public String executorGroup()
    {
        return webapp.executorGroup();
    }

    @Override
    public String applicationGroup()
    {
        return webapp.applicationGroup();
    }

    @Override
    public String lock()
    {
        return lock.settings().discipline().settingValue();
    }

    @Override
    public Duration switchInterval()
    {
        return lock.settings().switchInterval();
    }

    @Override
    public Duration lockTimeout()
    {
        return lock.settings().lockTimeout();
    }

    @Override
    public Duration drainTimeout()
    {
        return stop.drainTimeout();
    }

    @Override
    public List<String> routes()
    {
        return webapp.routes().stream().map(Route::toString).toList();
    }

    @Override
    public List<String> notThreadSafe()
    {
        return webapp.notThreadSafe();
    }

    @Override
    public Set<String> names()
    {
        return values.keySet();
    }

    @Override
    public Optional<String> value(String name)
    {
        return Optional.ofNullable(values.get(name));
    }

    @Override
    public Optional<String> source(String name)
    {
        return Optional.ofNullable(sources.get(name));
    }

    @Override
    public String toString()
    {
        return "InterlockSettings" + values;
    }
}
