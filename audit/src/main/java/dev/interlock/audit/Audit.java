package dev.interlock.audit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import dev.interlock.audit.rules.Detector;
import dev.interlock.audit.rules.Reach;
import dev.interlock.audit.war.Unread;
import dev.interlock.audit.war.WarContents;
import dev.interlock.audit.war.WarReader;

/**
 * The readiness audit: reads a WAR's bytecode, without deploying or loading it, and answers
 * "which servlets, filters, listeners and libraries keep mutable state that requests share?",
 * with what to set before running it under {@code interlock.lock=free}.
 *
 * <pre>{@code
 * Audit audit = Audit.builder().depth(3).build();
 * AuditReport report = audit.run(Path.of("shop.war"));
 * report.findings().forEach(System.out::println);
 * System.out.print(ReportFormat.TEXT.render(report));
 * }</pre>
 *
 * <p>Immutable and thread-safe: one audit may run on several WARs at once. Each run holds the
 * WAR's class files in memory while it runs.</p>
 */
public final class Audit
{
    /** The default {@link Builder#depth(int)}. */
    public static final int DEFAULT_DEPTH = 3;
    /** The largest {@link Builder#depth(int)} accepted. */
    public static final int MAX_DEPTH = 100;

    private final int depth;
    private final String webapp;

    private Audit(Builder b)
    {
        this.depth = b.depth;
        this.webapp = b.webapp;
    }

    /** @return a builder with the defaults: depth {@value #DEFAULT_DEPTH}, webapp name from the WAR's file name */
    public static Builder builder()
    {
        return new Builder();
    }

    /** @return the depth it follows classes to */
    public int depth()
    {
        return depth;
    }

    /**
     * Audits one WAR. A class file, jar or descriptor inside it that cannot be read is listed in
     * {@link AuditReport#unreadable()} and the audit goes on.
     *
     * @param war a WAR file or an exploded WAR directory
     * @return what was found and what to do
     * @throws AuditException if the path does not exist, cannot be read, or is not a WAR
     */
    public AuditReport run(Path war)
    {
        WarContents contents = WarReader.read(war);
        List<Unreadable> unreadable = new ArrayList<>();
        for (Unread u : contents.unreadable())
            unreadable.add(new Unreadable(u.path(), u.reason()));
        List<String> notes = new ArrayList<>(contents.notes());
        WarClasses classes = new WarClasses(contents.classes(), unreadable, notes);
        WebappConfig config = WebappConfig.read(contents.configFiles(), unreadable, notes);
        List<EntryPoint> entries = EntryPointFinder.find(contents, classes, config, unreadable, notes);
        if (entries.isEmpty())
            notes.add("No servlet, filter or listener found (in web.xml, web-fragment.xml or annotations): nothing to audit");
        if (entries.stream().anyMatch(e -> e.api() == EntryPoint.Api.JAVAX))
            notes.add("This WAR is written for javax.servlet (Servlet 4 or earlier): Jetty 12 runs it in ee8/ee9, where Interlock does not apply. " +
                "Migrate it to jakarta.servlet (e.g. with the Eclipse Transformer) to serve it with Interlock; the findings still hold for the migrated classes.");
        if (config.lock() != null)
            notes.add("The WAR sets interlock.lock=" + config.lock() + " itself (" + config.lockSource() + ")");

        List<String> entryNames = entries.stream().filter(e -> e.source().isPresent()).map(e -> e.className().replace('.', '/')).toList();
        Reach reach = Reach.run(classes, entryNames, depth);
        List<Finding> findings = FindingFolder.fold(Detector.run(classes, reach), reach, entries);
        int analysed = (int)reach.classes().stream().filter(c -> classes.facts(c) != null).count();
        unreadable.sort(Comparator.comparing(Unreadable::path));
        Advisor.Verdicts verdicts = Advisor.advise(entries, findings, config, webapp != null ? webapp : webappName(war));
        return new AuditReport(war.toString(), webapp != null ? webapp : webappName(war), depth, entries, findings, verdicts.components(),
            verdicts.advice(), unreadable, notes, classes.size(), analysed);
    }

    /** @return the name {@code interlock-express} mounts the WAR under: its file name without {@code .war} */
    static String webappName(Path war)
    {
        Path name = war.toAbsolutePath().normalize().getFileName();
        String n = name == null ? "ROOT" : name.toString();
        if (n.toLowerCase(Locale.ROOT).endsWith(".war"))
            n = n.substring(0, n.length() - 4);
        return n.isEmpty() ? "ROOT" : n;
    }

    @Override
    public String toString()
    {
        return "Audit[depth=" + depth + ", webapp=" + (webapp == null ? "(from the WAR's name)" : webapp) + "]";
    }

    /** Builds an {@link Audit}. Not thread-safe; each setter checks its value at once. */
    public static final class Builder
    {
        private int depth = DEFAULT_DEPTH;
        private String webapp;

        private Builder()
        {
        }

        /**
         * How far from the entry points to follow classes: 0 audits the entry points (and the
         * classes they extend) only; each step adds the classes of their fields, the classes
         * their code calls, and the owners of the static fields it touches.
         *
         * @param depth from 0 to {@value Audit#MAX_DEPTH}; default {@value Audit#DEFAULT_DEPTH}
         * @return this builder
         * @throws IllegalArgumentException naming the value and the range
         */
        public Builder depth(int depth)
        {
            if (depth < 0 || depth > MAX_DEPTH)
                throw new IllegalArgumentException("depth must be an integer from 0 to " + MAX_DEPTH + ", not " + depth);
            this.depth = depth;
            return this;
        }

        /**
         * The webapp's name in the operator settings the report writes
         * ({@code interlock.webapps.NAME.lock=...}): its context path without the leading slash,
         * {@code ROOT} for the root context.
         *
         * @param name default: the WAR's file name without {@code .war}
         * @return this builder
         * @throws IllegalArgumentException if it is empty or holds a character a setting name cannot ({@code =}, {@code ,}, white space)
         */
        public Builder webapp(String name)
        {
            if (name == null || name.isEmpty() || name.chars().anyMatch(c -> c == '=' || c == ',' || Character.isWhitespace(c)))
                throw new IllegalArgumentException("webapp must be a context path without its leading slash (or ROOT), with no '=', ',' or spaces, not '" + name + "'");
            this.webapp = name;
            return this;
        }

        /** @return the audit */
        public Audit build()
        {
            return new Audit(this);
        }
    }
}
