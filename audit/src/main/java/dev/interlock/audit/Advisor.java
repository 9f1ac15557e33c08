package dev.interlock.audit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns findings into verdicts. For each finding, the least that covers it:
 * <ul>
 *   <li>a component's own state (its instance fields), or state only one servlet or filter
 *       reaches: marking that component, since its dispatches then run under its application
 *       group's lock (already covered if it is marked);</li>
 *   <li>state that several components reach (static fields, shared objects, libraries), or that a
 *       listener reaches (the marker does not apply to listeners): {@code interlock.lock=application}
 *       for the webapp, unless every component reaching it is marked and in one application group;</li>
 *   <li>state reached from components in different application groups ({@code @ApplicationGroup}):
 *       {@code interlock.lock=shared}, the one lock all of an executor group's application groups take.</li>
 * </ul>
 * The WAR's own {@code interlock.lock=application} (or {@code shared}) covers what it names. A
 * finding of {@link Confidence#LOW low} confidence that nothing covers asks only for a review: it
 * does not make the verdict stronger than {@link Advice.Action#REVIEW}.
 */
final class Advisor
{
    private final List<EntryPoint> entries;
    private final Map<String, EntryPoint> byName;
    private final WebappConfig config;
    private final String webapp;

    private Advisor(List<EntryPoint> entries, WebappConfig config, String webapp)
    {
        this.entries = entries;
        this.byName = entries.stream().collect(Collectors.toMap(EntryPoint::className, Function.identity(), (a, b) -> a));
        this.config = config;
        this.webapp = webapp;
    }

    /** The verdicts: one per entry point, and the WAR's. */
    record Verdicts(List<ComponentAdvice> components, Advice advice)
    {
    }

    static Verdicts advise(List<EntryPoint> entries, List<Finding> findings, WebappConfig config, String webapp)
    {
        return new Advisor(entries, config, webapp).advise(findings);
    }

    private List<EntryPoint> reaching(Finding f)
    {
        List<EntryPoint> eps = new ArrayList<>();
        for (String name : f.entryPoints())
        {
            EntryPoint e = byName.get(name);
            if (e != null && !eps.contains(e))
                eps.add(e);
        }
        return eps;
    }

    private Advice.Action need(Finding f)
    {
        List<EntryPoint> eps = reaching(f);
        Set<Optional<String>> groups = eps.stream().map(EntryPoint::applicationGroup).collect(Collectors.toSet());
        Advice.Action need;
        if (groups.size() > 1)
            need = Advice.Action.LOCK_SHARED;
        else if (eps.isEmpty() || eps.stream().anyMatch(e -> e.type() == EntryPoint.Type.LISTENER))
            need = Advice.Action.LOCK_APPLICATION;
        else if (eps.stream().allMatch(EntryPoint::isMarked))
            need = Advice.Action.COVERED;
        else if (f.scope() == Finding.Scope.COMPONENT || eps.size() == 1)
            need = Advice.Action.MARK;
        else
            need = Advice.Action.LOCK_APPLICATION;
        if (coveredByWarLock(need))
            return Advice.Action.COVERED;
        // A low-confidence finding is listed for review; it asks for nothing.
        return f.confidence() == Confidence.LOW && need.needsAction() ? Advice.Action.REVIEW : need;
    }

    private boolean coveredByWarLock(Advice.Action need)
    {
        if ("shared".equals(config.lock()))
            return true;
        return "application".equals(config.lock()) && need != Advice.Action.LOCK_SHARED;
    }

    private Verdicts advise(List<Finding> findings)
    {
        List<ComponentAdvice> components = new ArrayList<>();
        for (EntryPoint e : entries)
            components.add(component(e, findings));
        return new Verdicts(components, war(findings));
    }

    private ComponentAdvice component(EntryPoint e, List<Finding> findings)
    {
        List<Finding> fs = findings.stream().filter(f -> f.entryPoints().contains(e.className())).toList();
        if (fs.isEmpty())
            return new ComponentAdvice(e, ComponentAdvice.Status.OK, e.source().isPresent() ? "nothing found" : "not in the WAR: not audited", fs);
        ComponentAdvice.Status worst = ComponentAdvice.Status.OK;
        Set<String> sharedFields = new LinkedHashSet<>();
        Set<String> ownFields = new LinkedHashSet<>();
        for (Finding f : fs)
        {
            Advice.Action need = need(f);
            ComponentAdvice.Status s = switch (need)
            {
                case NONE, COVERED -> ComponentAdvice.Status.COVERED;
                case REVIEW -> ComponentAdvice.Status.REVIEW;
                case MARK -> e.isMarked() ? ComponentAdvice.Status.COVERED : ComponentAdvice.Status.MARK;
                case LOCK_APPLICATION, LOCK_SHARED -> ComponentAdvice.Status.LOCK_WEBAPP;
            };
            if (s == ComponentAdvice.Status.LOCK_WEBAPP)
                sharedFields.add(simple(f));
            else
                ownFields.add(simple(f));
            if (s.ordinal() > worst.ordinal())
                worst = s;
        }
        String reason = switch (worst)
        {
            case OK -> "nothing found";
            case COVERED -> e.isMarked()
                ? "already " + e.marker().orElseThrow() + ": " + String.join(", ", ownFields) + (ownFields.size() == 1 ? " runs" : " run") +
                    " under its application group's lock"
                : config.locksEverything() ? "the WAR's own interlock.lock=" + config.lock() + " covers " + String.join(", ", ownFields) : "covered";
            case REVIEW -> "only low-confidence findings (" + String.join(", ", ownFields) + "): review them; nothing required";
            case MARK -> "state of its own or that only it reaches (" + String.join(", ", ownFields) + "): mark it not thread-safe";
            case LOCK_WEBAPP -> (e.type() == EntryPoint.Type.LISTENER ? "a listener (the marker does not apply)" : "state shared with other components") +
                " (" + String.join(", ", sharedFields) + "): only a lock on the webapp covers it";
        };
        return new ComponentAdvice(e, worst, reason, fs);
    }

    private static String simple(Finding f)
    {
        String c = f.className();
        return c.substring(c.lastIndexOf('.') + 1) + "." + f.field();
    }

    private Advice war(List<Finding> findings)
    {
        if (findings.isEmpty())
        {
            return new Advice(Advice.Action.NONE, "Nothing found: as far as this audit sees, no state is shared between requests; interlock.lock=free needs nothing more.",
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
        }
        Advice.Action action = Advice.Action.COVERED;
        List<String> reasons = new ArrayList<>();
        Set<EntryPoint> toMark = new LinkedHashSet<>();
        Set<String> flagged = new LinkedHashSet<>();
        for (Finding f : findings)
        {
            Advice.Action need = need(f);
            List<EntryPoint> eps = reaching(f);
            if (need.ordinal() >= Advice.Action.REVIEW.ordinal())
                eps.stream().filter(e -> !e.isMarked()).forEach(e -> flagged.add(e.className()));
            String names = eps.stream().map(EntryPoint::simpleName).collect(Collectors.joining(", "));
            reasons.add(simple(f) + " (" + f.kind().id() + ", " + f.confidence().id() + "): " + switch (need)
            {
                case NONE, COVERED -> "already under a lock (" + (config.locksEverything() && !eps.stream().allMatch(EntryPoint::isMarked)
                    ? "the WAR's own interlock.lock=" + config.lock() : "marked: " + names) + ")";
                case REVIEW -> "low confidence, reached from " + names + ": review it (not counted in the verdict)";
                case MARK -> (f.scope() == Finding.Scope.COMPONENT ? "own state of " : "reached only from ") + names + ": mark " +
                    eps.stream().filter(e -> !e.isMarked()).map(EntryPoint::simpleName).collect(Collectors.joining(", "));
                case LOCK_APPLICATION -> (eps.stream().anyMatch(e -> e.type() == EntryPoint.Type.LISTENER) ? "reached from a listener (" + names + ")"
                    : "shared by " + names) + ": lock the webapp";
                case LOCK_SHARED -> "shared by components in different application groups (" + names + "): one lock for all groups";
            });
            if (need == Advice.Action.MARK)
                eps.stream().filter(e -> !e.isMarked()).forEach(toMark::add);
            if (need.ordinal() > action.ordinal())
                action = need;
        }
        String w = "interlock.webapps." + webapp + ".";
        List<String> detect = flagged.isEmpty() ? List.of()
            : List.of(w + "detect-concurrency=true", w + "detect-concurrency.watch=" + String.join(",", flagged));
        return switch (action)
        {
            case NONE, COVERED -> new Advice(Advice.Action.COVERED, "Found " + findings.size() + " piece" + (findings.size() == 1 ? "" : "s") +
                " of shared state, all already under a lock: nothing to add.", reasons, List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
            case REVIEW -> new Advice(Advice.Action.REVIEW, "Only low-confidence findings outside a lock: review them; nothing is required before running under free.",
                reasons, List.of(), List.of(), List.of(), List.of(), List.of(), detect);
            case MARK -> mark(toMark, reasons, w, detect);
            case LOCK_APPLICATION -> new Advice(action,
                "Run the webapp under interlock.lock=application: state is shared across components (static fields, shared objects, listeners or libraries).",
                reasons, List.of(), List.of(w + "lock=application"), List.of("interlock.lock=application"),
                List.of("--set " + w + "lock=application", "(or --lock application, for every webapp served)"), List.of(), detect);
            case LOCK_SHARED -> new Advice(action,
                "Run the webapp under interlock.lock=shared, in an executor group of its own: state is shared by components of different application groups, which application locks do not serialise.",
                reasons, List.of(),
                List.of("interlock.executor-groups." + webapp + ".threads=16", w + "executor-group=" + webapp, w + "lock=shared"),
                List.of("interlock.lock=shared"),
                List.of("--set interlock.executor-groups." + webapp + ".threads=16 --set " + w + "executor-group=" + webapp + " --set " + w + "lock=shared"),
                List.of(), detect);
        };
    }

    private Advice mark(Set<EntryPoint> toMark, List<String> reasons, String w, List<String> detect)
    {
        Set<String> listed = new LinkedHashSet<>(config.notThreadSafe());
        toMark.forEach(e -> listed.add(e.className()));
        String value = String.join(",", listed);
        List<String> annotate = toMark.stream().filter(e -> e.source().filter("WEB-INF/classes"::equals).isPresent())
            .map(EntryPoint::className).toList();
        String names = toMark.stream().map(EntryPoint::simpleName).collect(Collectors.joining(", "));
        return new Advice(Advice.Action.MARK,
            "Mark " + names + " not thread-safe: " + (toMark.size() == 1 ? "its" : "their") + " own state is the only state shared; the rest of the webapp can stay free.",
            reasons, annotate, List.of(w + "not-thread-safe=" + value), List.of("interlock.not-thread-safe=" + value),
            List.of("--set " + w + "not-thread-safe=" + value), route(toMark, w), detect);
    }

    /**
     * @return a route of the servlets to mark into an application group of their own under
     * {@code application}, when they are all mapped under one first path segment
     */
    private List<String> route(Set<EntryPoint> toMark, String w)
    {
        Set<String> prefixes = new HashSet<>();
        for (EntryPoint e : toMark)
        {
            if (e.type() != EntryPoint.Type.SERVLET || e.urlPatterns().isEmpty())
                return List.of();
            for (String p : e.urlPatterns())
            {
                int slash = p.indexOf('/', 1);
                if (!p.startsWith("/") || slash < 0)
                    return List.of();
                prefixes.add(p.substring(0, slash + 1));
            }
        }
        if (prefixes.size() != 1)
            return List.of();
        String group = webapp + "-serial";
        return List.of(w + "routes=" + prefixes.iterator().next() + "*=" + group, "interlock.application-groups." + group + ".lock=application");
    }
}
