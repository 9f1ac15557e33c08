package dev.interlock.options;

import java.util.Objects;

/**
 * A setting as written by someone: its full key, its text and where it came from (for messages).
 *
 * @param key the full key, such as {@code interlock.executor-groups.reports.threads}
 * @param value the text
 * @param source where it was written, such as {@code etc/interlock.xml} or {@code context /shop}
 */
public record SettingValue(String key, String value, String source)
{
    public SettingValue
    {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(source, "source");
    }
}
