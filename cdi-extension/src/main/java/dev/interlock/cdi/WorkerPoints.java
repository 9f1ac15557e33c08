package dev.interlock.cdi;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;

import jakarta.enterprise.inject.spi.InjectionPoint;

/**
 * The worker injection points of the deployment, collected from {@code ProcessInjectionPoint}
 * (which Weld may fire from several threads) and checked at {@code AfterDeploymentValidation}.
 */
final class WorkerPoints
{
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    /** One injection point of a worker type; {@code name} is null for the unnamed default. */
    record Point(WorkerKind kind, String name, int threads, String where)
    {
        boolean named()
        {
            return name != null;
        }

        String qualifier()
        {
            return Describe.worker(name, threads);
        }

        String describe()
        {
            return (named() ? qualifier() + " " : "") + kind.simpleName() + " at " + where;
        }
    }

    private final ConcurrentLinkedQueue<Point> points = new ConcurrentLinkedQueue<>();

    /**
     * Records the injection point if its type is a worker type.
     */
    void collect(InjectionPoint ip)
    {
        WorkerKind kind = WorkerKind.of(ip.getType());
        if (kind == null)
            return;
        Worker worker = worker(ip.getQualifiers());
        String where = Describe.injectionPoint(ip);
        points.add(worker == null
            ? new Point(kind, null, kind.defaultThreads(), where)
            : new Point(kind, worker.value(), worker.threads(), where));
    }

    static Worker worker(Set<Annotation> qualifiers)
    {
        for (Annotation qualifier : qualifiers)
        {
            if (qualifier instanceof Worker worker)
                return worker;
        }
        return null;
    }

    /**
     * @return the points in a stable order (Weld may discover them in any), by where they are
     */
    List<Point> all()
    {
        List<Point> all = new ArrayList<>(points);
        all.sort(Comparator.comparing(Point::where));
        return all;
    }

    boolean isEmpty()
    {
        return points.isEmpty();
    }

    /**
     * @return what is wrong with one named worker request, or null
     */
    static String problem(WorkerKind kind, String name, int threads, String where)
    {
        String prefix = "Interlock: " + Describe.worker(name, threads) + " on " + kind.simpleName() + " at " + where + ": ";
        if (name.isBlank())
            return prefix + "the worker name must not be empty";
        if (!NAME.matcher(name).matches())
            return prefix + "a worker name may contain only letters, digits, '.', '_' and '-', not \"" + name + "\"";
        WorkerKind reserving = WorkerKind.reserving(name);
        if (reserving != null)
            return prefix + "\"" + name + "\" is the name of the default " + reserving.simpleName() + ", inject it without @Worker";
        if (threads < 1)
            return prefix + "threads must be at least 1, not " + threads;
        return null;
    }

    /**
     * @return a warning for a setting that has no effect, or null
     */
    static String warning(WorkerKind kind, String name, int threads, String where)
    {
        if (!kind.hasThreads() && threads != 1)
            return "Interlock: " + Describe.worker(name, threads) + " on " + kind.simpleName() + " at " + where
                + ": threads has no effect on a ManagedThreadFactory (it makes one thread per newThread call)";
        return null;
    }

    /**
     * @param warnings receives the warnings
     * @return the deployment problems: invalid names and thread counts, and names used for two
     * types or two thread counts
     */
    List<String> check(List<String> warnings)
    {
        List<String> problems = new ArrayList<>();
        Map<String, List<Point>> byName = new LinkedHashMap<>();
        for (Point point : all())
        {
            if (!point.named())
                continue;
            String problem = problem(point.kind(), point.name(), point.threads(), point.where());
            if (problem != null)
            {
                problems.add(problem);
                continue;
            }
            String warning = warning(point.kind(), point.name(), point.threads(), point.where());
            if (warning != null)
                warnings.add(warning);
            byName.computeIfAbsent(point.name(), n -> new ArrayList<>()).add(point);
        }
        for (Map.Entry<String, List<Point>> entry : byName.entrySet())
        {
            List<Point> same = entry.getValue();
            Point first = same.get(0);
            for (Point other : same)
            {
                if (other.kind() != first.kind())
                {
                    problems.add("Interlock: worker \"" + entry.getKey() + "\" is injected as " + first.kind().simpleName() + " at " + first.where()
                        + " and as " + other.kind().simpleName() + " at " + other.where() + ": one name is one worker of one type");
                    break;
                }
                if (first.kind().hasThreads() && other.threads() != first.threads())
                {
                    problems.add("Interlock: worker \"" + entry.getKey() + "\" is declared with threads = " + first.threads() + " at " + first.where()
                        + " and threads = " + other.threads() + " at " + other.where() + ": give every injection point of a worker the same threads");
                    break;
                }
            }
        }
        return problems;
    }
}
