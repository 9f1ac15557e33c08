package dev.interlock.options;

import java.util.Map;

import dev.interlock.lock.LockSettings;

/**
 * The lock options of one application group and, for each option that was set, the key that
 * won ({@code interlock.application-groups./shop.lock=application (from etc/interlock.xml)}).
 *
 * @param settings the options
 * @param provenance short setting name to the winning key, value and source
 */
public record ResolvedLock(LockSettings settings, Map<String, String> provenance)
{
    public ResolvedLock
    {
        provenance = Map.copyOf(provenance);
    }

    /**
     * @param setting a lock setting
     * @return the key, value and source that set it, or {@code default}
     */
    public String sourceOf(Setting<?> setting)
    {
        return provenance.getOrDefault(setting.name(), "default");
    }
}
