package dev.interlock.express;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;

import dev.interlock.options.SettingValue;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Interlock settings as the launcher's commands take them, by their one name: a {@code --config}
 * properties file, {@code -Dinterlock.*} system properties and {@code --set NAME=VALUE}. Each
 * setting keeps where it came from, which the engine repeats in its messages.
 */
final class SettingOptions
{
    private SettingOptions()
    {
    }

    /**
     * @param file a properties file of {@code interlock.*} settings, read as UTF-8
     * @return its settings, by name
     * @throws Express.Problem if the file cannot be read or names something that is not a setting
     */
    static List<SettingValue> configFile(Path file)
    {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            properties.load(in);
        }
        catch (IOException | IllegalArgumentException x)
        {
            throw new Express.Problem("--config " + file + ": cannot be read: " + describe(x));
        }
        List<SettingValue> settings = new ArrayList<>();
        for (String name : new TreeSet<>(properties.stringPropertyNames()))
        {
            if (!name.startsWith("interlock."))
                throw new Express.Problem("--config " + file + ": " + name + " is not an Interlock setting; names start with 'interlock.'");
            settings.add(new SettingValue(name, properties.getProperty(name).trim(), file.toString()));
        }
        return settings;
    }

    /** @return the {@code interlock.*} system properties ({@code -D}), by name */
    static List<SettingValue> systemProperties()
    {
        Properties system = System.getProperties();
        List<SettingValue> settings = new ArrayList<>();
        for (String name : new TreeSet<>(system.stringPropertyNames()))
        {
            if (name.startsWith("interlock."))
                settings.add(new SettingValue(name, system.getProperty(name), "-D" + name));
        }
        return settings;
    }

    /**
     * @param sets the values of {@code --set}, in command-line order
     * @param commandLine the command they were given to, for the usage of a malformed one
     * @return the settings they name, in the same order
     * @throws ParameterException for a value that is not {@code interlock.NAME=VALUE}
     * @throws Express.Problem for an empty value
     */
    static List<SettingValue> sets(List<String> sets, CommandLine commandLine)
    {
        List<SettingValue> settings = new ArrayList<>();
        for (String s : sets)
        {
            int eq = s.indexOf('=');
            if (eq <= 0)
                throw new ParameterException(commandLine, "--set needs NAME=VALUE, not '" + s + "'");
            String name = s.substring(0, eq).trim();
            if (!name.startsWith("interlock."))
                throw new ParameterException(commandLine, "--set " + s + ": Interlock settings start with 'interlock.'");
            String value = s.substring(eq + 1).trim();
            if (value.isEmpty())
                throw new Express.Problem("--set " + name + "= has no value: give one, or leave the setting out for its default");
            settings.add(new SettingValue(name, value, "command line"));
        }
        return settings;
    }

    /** What went wrong reading a file, in words: a decoder's "Input length = 1" says nothing. */
    static String describe(Exception x)
    {
        if (x instanceof CharacterCodingException)
            return "it is not valid UTF-8 text (save it as UTF-8; it is read as UTF-8 here)";
        if (x instanceof NoSuchFileException)
            return "no such file";
        return x.getMessage() == null ? x.toString() : x.getMessage();
    }
}
