package dev.interlock.audit;

import java.util.List;
import java.util.Objects;

/**
 * The result of one {@link Audit#run}: the entry points found, what they share, the verdict per
 * entry point and for the whole WAR, and what could not be read. Immutable; render it with
 * {@link dev.interlock.audit.report.ReportFormat}.
 */
public final class AuditReport
{
    private final String source;
    private final String webapp;
    private final int depth;
    private final List<EntryPoint> entryPoints;
    private final List<Finding> findings;
    private final List<ComponentAdvice> components;
    private final Advice advice;
    private final List<Unreadable> unreadable;
    private final List<String> notes;
    private final int classesInWar;
    private final int classesAnalysed;

    AuditReport(String source, String webapp, int depth, List<EntryPoint> entryPoints, List<Finding> findings,
        List<ComponentAdvice> components, Advice advice, List<Unreadable> unreadable, List<String> notes,
        int classesInWar, int classesAnalysed)
    {
        this.source = Objects.requireNonNull(source);
        this.webapp = Objects.requireNonNull(webapp);
        this.depth = depth;
        this.entryPoints = List.copyOf(entryPoints);
        this.findings = List.copyOf(findings);
        this.components = List.copyOf(components);
        this.advice = Objects.requireNonNull(advice);
        this.unreadable = List.copyOf(unreadable);
        this.notes = List.copyOf(notes);
        this.classesInWar = classesInWar;
        this.classesAnalysed = classesAnalysed;
    }

    /** @return the WAR file or directory audited, as given */
    public String source()
    {
        return source;
    }

    /**
     * @return the webapp's name in operator settings ({@code interlock.webapps.W.NAME}): the WAR's
     * file name without {@code .war}, as {@code interlock-express} mounts it ({@code ROOT} for the
     * root context), unless {@link Audit.Builder#webapp(String)} named another
     */
    public String webapp()
    {
        return webapp;
    }

    /** @return how many steps from the entry points the audit followed (see {@link Audit.Builder#depth(int)}) */
    public int depth()
    {
        return depth;
    }

    /** @return every servlet, filter and listener found, in declaration order (descriptors first, then annotations) */
    public List<EntryPoint> entryPoints()
    {
        return entryPoints;
    }

    /** @return what was found, entry points' own state first, then by class and field */
    public List<Finding> findings()
    {
        return findings;
    }

    /** @return one verdict per entry point, in the order of {@link #entryPoints()} */
    public List<ComponentAdvice> components()
    {
        return components;
    }

    /** @return what to do for the whole WAR */
    public Advice advice()
    {
        return advice;
    }

    /** @return the class files, jars, descriptors or methods that could not be read, and why */
    public List<Unreadable> unreadable()
    {
        return unreadable;
    }

    /** @return what the reader should know that is not a finding (a javax WAR, a ServletContainerInitializer, a class in two jars...) */
    public List<String> notes()
    {
        return notes;
    }

    /** @return how many class files the WAR holds (in {@code WEB-INF/classes} and the jars of {@code WEB-INF/lib}) */
    public int classesInWar()
    {
        return classesInWar;
    }

    /** @return how many of them were analysed: the entry points and the classes reached within the depth */
    public int classesAnalysed()
    {
        return classesAnalysed;
    }

    /**
     * @return whether something must be set before running this WAR under {@code free}: the exit
     * status of {@code interlock-express audit} is 1 then, and 0 when nothing was found, all is
     * already covered, or only low-confidence findings are left (to review)
     */
    public boolean needsAction()
    {
        return advice.action().needsAction();
    }
}
