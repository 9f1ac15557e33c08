package dev.interlock.options;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.interlock.lock.LockDiscipline;

/**
 * One Interlock setting: its short name (the part after the scope, such as {@code lock}), where
 * it may be placed, how its text is parsed and what is allowed.
 *
 * @param <T> the parsed type
 */
public final class Setting<T>
{
    /** Where a setting may be placed. */
    public enum Kind
    {
        /** Resolved per application group from the scoped option blocks. */
        LOCK,
        /** Chosen per webapp: server default, {@code interlock.webapps.NAME.*} or the webapp's context. */
        WEBAPP,
        /** Pool setting of a named executor group: {@code interlock.executor-groups.G.*} only. */
        POOL,
        /**
         * How a webapp stops; resolved per webapp from the blocks selecting its executor group,
         * its default application group or the webapp itself.
         */
        STOP,
        /** The operator's, for the whole server: {@code interlock.NAME} only. */
        SERVER
    }

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,19})\\s*(ns|us|ms|s|m|h)");
    private static final Pattern INTEGER = Pattern.compile("[0-9]{1,10}");
    /** The longest duration any setting takes: longer ones are typing mistakes, and overflow nanoseconds sooner or later. */
    static final Duration MAX_DURATION = Duration.ofHours(24);

    private final String name;
    private final Kind kind;
    private final Function<String, T> parser;
    private final String allowed;
    private final T defaultValue;
    private final boolean limit;

    private Setting(String name, Kind kind, Function<String, T> parser, String allowed, T defaultValue)
    {
        this(name, kind, parser, allowed, defaultValue, false);
    }

    private Setting(String name, Kind kind, Function<String, T> parser, String allowed, T defaultValue, boolean limit)
    {
        this.limit = limit;
        this.name = name;
        this.kind = kind;
        this.parser = parser;
        this.allowed = allowed;
        this.defaultValue = defaultValue;
    }

    /**
     * @return this setting as a limit: a webapp's own file may lower the operator's value,
     * never raise it
     */
    Setting<T> limit()
    {
        return new Setting<>(name, kind, parser, allowed, defaultValue, true);
    }

    static Setting<LockDiscipline> discipline(String name, Kind kind)
    {
        String values = Arrays.stream(LockDiscipline.values()).map(LockDiscipline::settingValue).collect(Collectors.joining(", "));
        return new Setting<>(name, kind, text ->
        {
            for (LockDiscipline d : LockDiscipline.values())
            {
                if (d.settingValue().equals(text))
                    return d;
            }
            return null;
        }, "allowed values are " + values, LockDiscipline.FREE);
    }

    static Setting<Duration> duration(String name, Kind kind, Duration min, Duration defaultValue)
    {
        String allowed = "expected a duration " + (min.isZero() ? ">= 0" : ">= " + format(min)) + " and <= 24h, such as 5ms, 30s or 2m";
        return new Setting<>(name, kind, text ->
        {
            Duration d = parseDuration(text);
            return d == null || d.compareTo(min) < 0 || d.compareTo(MAX_DURATION) > 0 ? null : d;
        }, allowed, defaultValue);
    }

    static Setting<Integer> integer(String name, Kind kind, int min, int defaultValue)
    {
        return new Setting<>(name, kind, text ->
        {
            // ASCII digits only: Integer.parseInt also takes a sign and other scripts' digits.
            if (!INTEGER.matcher(text).matches())
                return null;
            long i = Long.parseLong(text);
            return i < min || i > Integer.MAX_VALUE ? null : (int)i;
        }, "expected an integer >= " + min, defaultValue);
    }

    static Setting<Boolean> bool(String name, Kind kind, boolean defaultValue)
    {
        return new Setting<>(name, kind, text -> switch (text.toLowerCase(Locale.ROOT))
        {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> null;
        }, "expected true or false", defaultValue);
    }

    static <E extends Enum<E>> Setting<E> choice(String name, Kind kind, Class<E> type, E defaultValue)
    {
        String values = java.util.Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
        return new Setting<>(name, kind, text ->
        {
            for (E e : type.getEnumConstants())
            {
                if (e.name().toLowerCase(Locale.ROOT).equals(text))
                    return e;
            }
            return null;
        }, "allowed values are " + values, defaultValue);
    }

    static Setting<String> name(String name, Kind kind, Pattern pattern, String allowed, String defaultValue)
    {
        return new Setting<>(name, kind, text -> pattern.matcher(text).matches() ? text : null, allowed, defaultValue);
    }

    static <E> Setting<List<E>> list(String name, Kind kind, Function<String, List<E>> parser, String allowed)
    {
        return new Setting<>(name, kind, parser, allowed, List.of());
    }

    /**
     * Parses {@code 5ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 250us}, {@code 0} or an
     * ISO-8601 duration such as {@code PT5S}.
     *
     * @param text the text
     * @return the duration, or {@code null} if the text is not one (including one too long to
     * represent)
     */
    public static Duration parseDuration(String text)
    {
        String t = text.trim();
        if (t.equals("0"))
            return Duration.ZERO;
        try
        {
            Matcher m = DURATION.matcher(t);
            if (m.matches())
            {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2))
                {
                    case "ns" -> Duration.ofNanos(n);
                    case "us" -> Duration.ofNanos(Math.multiplyExact(n, 1000L));
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            }
            Duration d = Duration.parse(t.toUpperCase(Locale.ROOT));
            return d.isNegative() ? null : d;
        }
        catch (DateTimeParseException | ArithmeticException | NumberFormatException x)
        {
            return null;
        }
    }

    static String format(Duration d)
    {
        if (d.toNanos() % 1_000_000 != 0)
            return d.toNanos() / 1000 + "us";
        if (d.toMillis() % 1000 != 0)
            return d.toMillis() + "ms";
        return d.toSeconds() + "s";
    }

    /**
     * @return the short name, such as {@code switch-interval}
     */
    public String name()
    {
        return name;
    }

    public Kind kind()
    {
        return kind;
    }

    public T defaultValue()
    {
        return defaultValue;
    }

    /**
     * @return what values are allowed, for error messages
     */
    public String allowed()
    {
        return allowed;
    }

    /**
     * @param value a value of this setting
     * @return it as text, in the form {@link #parse} accepts
     */
    public String text(Object value)
    {
        if (value == null)
            return "";
        if (value instanceof Duration d)
            return format(d);
        if (value instanceof LockDiscipline d)
            return d.settingValue();
        if (value instanceof Enum<?> e)
            return e.name().toLowerCase(Locale.ROOT);
        if (value instanceof List<?> list)
            return list.stream().map(String::valueOf).collect(Collectors.joining(","));
        return String.valueOf(value);
    }

    /**
     * @return whether this setting is a limit the operator sets and a webapp may lower but not raise
     */
    boolean isLimit()
    {
        return limit;
    }

    /**
     * Parses a value.
     *
     * @param key the full key it came under, for the message
     * @param text the text
     * @param source where it came from, for the message
     * @return the value
     * @throws ConfigException if the text is not allowed
     */
    public T parse(String key, String text, String source)
    {
        T value = text == null ? null : parser.apply(text.trim());
        if (value == null)
            throw new ConfigException(key, text, source, allowed);
        return value;
    }

    @Override
    public String toString()
    {
        return name;
    }
}
