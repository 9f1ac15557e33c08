package dev.interlock.benchmarks.load;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small JSON writer for the results files: maps (in their iteration order), lists, strings,
 * numbers (doubles with 4 decimals; NaN and infinities as {@code null}), booleans and null.
 */
final class Json
{
    private Json()
    {
    }

    /** @return the whole document, indented, with a final newline */
    static String of(Object value)
    {
        StringBuilder b = new StringBuilder();
        write(b, value, "");
        return b.append('\n').toString();
    }

    static Map<String, Object> stats(Stats s)
    {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("min", s.min());
        m.put("median", s.median());
        m.put("max", s.max());
        m.put("n", s.n());
        return m;
    }

    static void write(StringBuilder b, Object value, String indent)
    {
        if (value == null)
            b.append("null");
        else if (value instanceof Map<?, ?> map)
        {
            b.append("{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : map.entrySet())
            {
                b.append(indent).append("  ");
                string(b, String.valueOf(e.getKey()));
                b.append(": ");
                write(b, e.getValue(), indent + "  ");
                b.append(++i < map.size() ? ",\n" : "\n");
            }
            b.append(indent).append('}');
        }
        else if (value instanceof List<?> list)
        {
            if (list.isEmpty())
            {
                b.append("[]");
                return;
            }
            b.append("[\n");
            for (int i = 0; i < list.size(); i++)
            {
                b.append(indent).append("  ");
                write(b, list.get(i), indent + "  ");
                b.append(i + 1 < list.size() ? ",\n" : "\n");
            }
            b.append(indent).append(']');
        }
        else if (value instanceof Double d)
            b.append(d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.4f", d));
        else if (value instanceof Number || value instanceof Boolean)
            b.append(value);
        else
            string(b, value.toString());
    }

    private static void string(StringBuilder b, String s)
    {
        b.append('"');
        for (char c : s.toCharArray())
        {
            switch (c)
            {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default ->
                {
                    if (c < 0x20)
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int)c));
                    else
                        b.append(c);
                }
            }
        }
        b.append('"');
    }
}
