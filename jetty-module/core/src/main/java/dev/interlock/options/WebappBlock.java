package dev.interlock.options;

import java.util.List;
import java.util.function.Consumer;

/**
 * A webapp's own settings, scoped to it: those its context carries (the operator's, such as
 * context XML init parameters), those of the environment naming it, and those of its own
 * {@code microprofile-config.properties}. Opaque; made by {@link InterlockConfig#webappBlock}
 * and passed back to its {@code resolve} methods.
 */
public final class WebappBlock
{
    final OptionBlock operator;
    final OptionBlock file;
    final List<OptionBlock> environment;
    final Consumer<String> warn;

    WebappBlock(OptionBlock operator, OptionBlock file, List<OptionBlock> environment, Consumer<String> warn)
    {
        this.operator = operator;
        this.file = file;
        this.environment = environment;
        this.warn = warn;
    }

    @Override
    public String toString()
    {
        return "WebappBlock{" + operator.webapp + ", operator=" + operator.values.keySet() + ", file=" + file.values.keySet() + "}";
    }
}
