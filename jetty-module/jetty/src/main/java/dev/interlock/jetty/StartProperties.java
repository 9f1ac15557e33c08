package dev.interlock.jetty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import dev.interlock.options.SettingValue;
import dev.interlock.options.Settings;

/**
 * The {@code interlock.*} properties of a jetty-base, for {@code etc/interlock.xml}.
 *
 * <p>Jetty XML can read a property only by its exact name, and scoped settings have names
 * chosen by the operator ({@code interlock.executor-groups.reports.threads}). So this reads them
 * where {@code start.jar} takes them from, in its order of precedence: {@code start.ini} and
 * {@code start.d/*.ini} (in file name order), then {@code -D} system properties, then the
 * arguments of the running JVM — where {@code start.jar} puts the command line's properties, and
 * all of them when it forks. Ini syntax: {@code name=value}, {@code name?=value} (only if
 * not set yet) and {@code name+=value} (appended); {@code ${...}} references are not expanded.</p>
 */
public final class StartProperties
{
    private StartProperties()
    {
    }

    /**
     * Sets every {@code interlock.*} property of {@code jettyBase} on {@code interlock}.
     *
     * @param interlock the engine, not started yet
     * @param jettyBase the jetty-base directory
     * @throws IOException if an ini file cannot be read
     */
    public static void apply(InterlockServer interlock, String jettyBase) throws IOException
    {
        List<String> arguments = ProcessHandle.current().info().arguments().map(List::of).orElse(List.of());
        for (SettingValue v : read(Path.of(jettyBase), System.getProperties(), arguments).values())
            interlock.set(v.key(), v.value(), v.source());
    }

    /**
     * @param base the jetty-base
     * @param system system properties
     * @param arguments the JVM's arguments
     * @return property name to its value and source, in the order found; a later source
     * replaces the value of an earlier one
     * @throws IOException if an ini file cannot be read
     */
    static Map<String, SettingValue> read(Path base, Properties system, List<String> arguments) throws IOException
    {
        Map<String, SettingValue> properties = new LinkedHashMap<>();
        List<Path> inis = new ArrayList<>();
        Path startIni = base.resolve("start.ini");
        if (Files.isRegularFile(startIni))
            inis.add(startIni);
        Path startD = base.resolve("start.d");
        if (Files.isDirectory(startD))
        {
            try (Stream<Path> files = Files.list(startD))
            {
                files.filter(f -> f.getFileName().toString().endsWith(".ini")).sorted().forEach(inis::add);
            }
        }
        for (Path ini : inis)
        {
            String source = base.relativize(ini).toString();
            for (String raw : Files.readAllLines(ini))
                assign(properties, raw.trim(), source);
        }
        for (String name : system.stringPropertyNames())
        {
            if (name.startsWith(Settings.PREFIX))
                properties.put(name, new SettingValue(name, system.getProperty(name), "-D" + name));
        }
        for (String argument : arguments)
            assign(properties, argument.trim(), "command line");
        return properties;
    }

    private static void assign(Map<String, SettingValue> properties, String line, String source)
    {
        if (!line.startsWith(Settings.PREFIX))
            return;
        int eq = line.indexOf('=');
        if (eq < 0)
            return;
        String name = line.substring(0, eq).trim();
        String value = line.substring(eq + 1).trim();
        if (name.endsWith("?"))
        {
            name = name.substring(0, name.length() - 1).trim();
            properties.putIfAbsent(name, new SettingValue(name, value, source));
        }
        else if (name.endsWith("+"))
        {
            name = name.substring(0, name.length() - 1).trim();
            SettingValue previous = properties.get(name);
            properties.put(name, new SettingValue(name, previous == null ? value : previous.value() + value, source));
        }
        else
        {
            properties.put(name, new SettingValue(name, value, source));
        }
    }
}
