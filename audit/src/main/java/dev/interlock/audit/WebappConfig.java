package dev.interlock.audit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import dev.interlock.audit.war.Resource;

/**
 * The Interlock settings a WAR writes in its own {@code META-INF/microprofile-config.properties}
 * that bear on the audit: the classes it lists in {@code interlock.not-thread-safe}, which the
 * engine treats as marked, and its own {@code interlock.lock}.
 *
 * @param notThreadSafe class names listed, from every file
 * @param lock the {@code interlock.lock} written, or {@code null}
 * @param lockSource the file that wrote it
 */
record WebappConfig(Set<String> notThreadSafe, String lock, String lockSource)
{
    static WebappConfig read(List<Resource> files, List<Unreadable> unreadable, List<String> notes)
    {
        Set<String> listed = new LinkedHashSet<>();
        List<String> locks = new ArrayList<>();
        String lock = null;
        String lockSource = null;
        for (Resource r : files)
        {
            Properties p = new Properties();
            try (InputStreamReader in = new InputStreamReader(new ByteArrayInputStream(r.bytes()), StandardCharsets.UTF_8))
            {
                p.load(in);
            }
            catch (IOException | IllegalArgumentException x)
            {
                unreadable.add(new Unreadable(r.path(), "not a readable properties file (" + x.getMessage() + ")"));
                continue;
            }
            String nts = p.getProperty("interlock.not-thread-safe");
            if (nts != null)
            {
                for (String c : nts.split(","))
                {
                    if (!c.isBlank())
                        listed.add(c.trim());
                }
            }
            String l = p.getProperty("interlock.lock");
            if (l != null && !l.isBlank())
            {
                locks.add(l.trim() + " in " + r.path());
                if (lock == null)
                {
                    lock = l.trim();
                    lockSource = r.path();
                }
            }
        }
        if (locks.size() > 1)
            notes.add("The WAR writes interlock.lock in several files (" + String.join(", ", locks) + "); the audit takes the first, " +
                "MicroProfile Config takes the one of highest config_ordinal");
        return new WebappConfig(Collections.unmodifiableSet(listed), lock, lockSource);
    }

    /** @return whether the WAR's own {@code interlock.lock} puts every request under a lock */
    boolean locksEverything()
    {
        return "application".equals(lock) || "shared".equals(lock);
    }
}
