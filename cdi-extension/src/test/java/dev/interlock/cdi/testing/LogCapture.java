package dev.interlock.cdi.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import dev.interlock.cdi.InterlockExtension;

/**
 * Captures what the extension logs at WARNING and above ({@code System.Logger} goes to
 * {@code java.util.logging} by default).
 */
public final class LogCapture extends Handler implements AutoCloseable
{
    private final Logger logger = Logger.getLogger(InterlockExtension.LOGGER);
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    public LogCapture()
    {
        setLevel(Level.ALL);
        logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord record)
    {
        if (record.getLevel().intValue() >= Level.WARNING.intValue())
            records.add(record);
    }

    /**
     * @return the messages of the warnings
     */
    public List<String> warnings()
    {
        return records.stream().map(LogRecord::getMessage).toList();
    }

    public List<LogRecord> records()
    {
        return List.copyOf(records);
    }

    @Override
    public void flush()
    {
    }

    @Override
    public void close()
    {
        logger.removeHandler(this);
    }
}
