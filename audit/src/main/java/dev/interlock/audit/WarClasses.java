package dev.interlock.audit;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.interlock.audit.bytecode.ClassFacts;
import dev.interlock.audit.bytecode.ClassHeader;
import dev.interlock.audit.bytecode.FactsReader;
import dev.interlock.audit.rules.ClassIndex;
import dev.interlock.audit.war.ClassFile;

/**
 * The WAR's classes by internal name: every header read up front (annotations and supertypes
 * are needed for all), facts read when first asked for. A class file ASM cannot read, or a
 * method it cannot analyse, is recorded as unreadable; a class in two places is taken from the
 * first, as a container does ({@code WEB-INF/classes}, then the jars by name), and noted.
 */
final class WarClasses implements ClassIndex
{
    private final Map<String, ClassFile> files = new LinkedHashMap<>();
    private final Map<String, ClassHeader> headers = new LinkedHashMap<>();
    private final Map<String, ClassFacts> facts = new HashMap<>();
    private final Set<String> failed = new HashSet<>();
    private final List<Unreadable> unreadable;

    WarClasses(List<ClassFile> classes, List<Unreadable> unreadable, List<String> notes)
    {
        this.unreadable = unreadable;
        Map<String, Integer> duplicates = new LinkedHashMap<>();
        for (ClassFile cf : classes)
        {
            ClassHeader h;
            try
            {
                h = ClassHeader.read(cf.bytes());
            }
            catch (RuntimeException x)
            {
                unreadable.add(new Unreadable(cf.path(), "not a class file the audit can read (" + describe(x) + ")"));
                continue;
            }
            if (headers.containsKey(h.name()))
            {
                duplicates.merge(files.get(h.name()).origin() + " and " + cf.origin(), 1, Integer::sum);
                continue;
            }
            headers.put(h.name(), h);
            files.put(h.name(), cf);
        }
        duplicates.forEach((where, count) -> notes.add(count + " class" + (count == 1 ? " is" : "es are") + " in both " + where +
            ": the first is audited, as a container loads it"));
    }

    static String describe(Throwable x)
    {
        String m = x.getMessage();
        return x.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** @return every class header, in WAR order */
    Iterable<ClassHeader> headers()
    {
        return headers.values();
    }

    /** @return how many classes the WAR holds (readable ones) */
    int size()
    {
        return headers.size();
    }

    @Override
    public ClassHeader header(String name)
    {
        return headers.get(name);
    }

    @Override
    public ClassFacts facts(String name)
    {
        ClassFacts f = facts.get(name);
        if (f != null || failed.contains(name))
            return f;
        ClassFile file = files.get(name);
        if (file == null)
            return null;
        try
        {
            f = FactsReader.read(file.bytes());
        }
        catch (RuntimeException x)
        {
            failed.add(name);
            unreadable.add(new Unreadable(file.path(), "its code cannot be read (" + describe(x) + ")"));
            return null;
        }
        for (String failure : f.failures())
            unreadable.add(new Unreadable(file.path(), "method " + failure + " (left out of the audit)"));
        facts.put(name, f);
        return f;
    }

    @Override
    public String origin(String name)
    {
        ClassFile file = files.get(name);
        return file == null ? null : file.origin();
    }
}
