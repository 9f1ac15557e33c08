package dev.interlock.benchmarks.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** One set of results files: {@code <name>.csv}, {@code <name>.json} and {@code <name>.md}. */
interface Report
{
    /** @return the stem of the file names */
    String name();

    /** @return one row per measurement, for a spreadsheet */
    String csv();

    /** @return everything, for a program */
    String json();

    /** @return the tables, for people */
    String markdown();

    default void write(Path dir) throws IOException
    {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name() + ".csv"), csv(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(name() + ".json"), json(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(name() + ".md"), markdown(), StandardCharsets.UTF_8);
    }
}
