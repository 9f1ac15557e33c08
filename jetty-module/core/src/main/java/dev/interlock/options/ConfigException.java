package dev.interlock.options;

/**
 * A setting with a bad value, or one naming something that does not exist. The message names
 * the setting, the value, where it came from and what is allowed; startup fails with it.
 */
public class ConfigException extends IllegalArgumentException
{
    private final String setting;
    private final String value;

    public ConfigException(String setting, String value, String source, String allowed)
    {
        super(setting + "=" + value + (source == null ? "" : " (from " + source + ")") + " is not valid: " + allowed);
        this.setting = setting;
        this.value = value;
    }

    /**
     * No stack trace: the message names the setting, the value, where it came from and what is
     * allowed, which is all an operator needs, and a stack only buries it in the log.
     */
    @Override
    public Throwable fillInStackTrace()
    {
        return this;
    }

    /**
     * @return the full name of the setting, such as {@code interlock.executor-groups.reports.threads}
     */
    public String getSetting()
    {
        return setting;
    }

    /**
     * @return the rejected value
     */
    public String getValue()
    {
        return value;
    }
}
