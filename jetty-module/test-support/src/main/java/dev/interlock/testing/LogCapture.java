package dev.interlock.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jetty.logging.JettyLogger;
import org.eclipse.jetty.logging.StdErrAppender;
import org.slf4j.LoggerFactory;

/**
 * What Jetty's SLF4J logging writes while a test runs, line by line, still shown on the
 * original stream. Jetty's loggers share one {@link StdErrAppender}; closing the capture gives
 * it its stream back.
 */
public final class LogCapture implements AutoCloseable
{
    private final StdErrAppender appender;
    // What the appender had: null means "System.err at the time of each line".
    private final PrintStream restore;
    private final PrintStream original;
    private final StringBuilder text = new StringBuilder();

    private LogCapture(StdErrAppender appender)
    {
        this.appender = appender;
        this.restore = appender.getStream();
        this.original = restore != null ? restore : System.err;
        OutputStream tee = new OutputStream()
        {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public void write(int b)
            {
                original.write(b);
                synchronized (text)
                {
                    line.write(b);
                    if (b == '\n')
                    {
                        text.append(line.toString(StandardCharsets.UTF_8));
                        line.reset();
                    }
                }
            }
        };
        appender.setStream(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    /**
     * @return a capture of everything logged from now until {@link #close()}
     */
    public static LogCapture start()
    {
        if (!(LoggerFactory.getLogger(LogCapture.class) instanceof JettyLogger logger) || !(logger.getAppender() instanceof StdErrAppender appender))
            throw new IllegalStateException("LogCapture needs jetty-slf4j-impl as the SLF4J binding, with its StdErrAppender");
        return new LogCapture(appender);
    }

    /**
     * @return the complete lines logged so far (a stack trace's lines included)
     */
    public List<String> lines()
    {
        synchronized (text)
        {
            return new ArrayList<>(List.of(text.toString().split("\n")));
        }
    }

    /**
     * @param fragment some text
     * @return how many lines logged so far contain it
     */
    public long count(String fragment)
    {
        return lines().stream().filter(l -> l.contains(fragment)).count();
    }

    @Override
    public void close()
    {
        appender.setStream(restore);
    }
}
