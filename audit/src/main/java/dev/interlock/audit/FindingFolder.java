package dev.interlock.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.interlock.audit.rules.Detector;
import dev.interlock.audit.rules.Hit;
import dev.interlock.audit.rules.Reach;

/**
 * Folds the hits on one field, of one kind, into one {@link Finding}: the most confident hit
 * (the first of those) gives the site and the explanation, the others are its other sites; the
 * entry points are those whose instance holds the field (a component's own state) or that reach
 * the code of any hit (anything else).
 */
final class FindingFolder
{
    private FindingFolder()
    {
    }

    static List<Finding> fold(List<Hit> hits, Reach reach, List<EntryPoint> entries)
    {
        Map<String, List<Hit>> groups = new LinkedHashMap<>();
        for (Hit h : hits)
            groups.computeIfAbsent(h.kind() + " " + h.fieldOwner() + " " + h.field(), k -> new ArrayList<>()).add(h);
        List<String> entryOrder = entries.stream().map(e -> e.className().replace('.', '/')).toList();
        List<Finding> findings = new ArrayList<>();
        for (List<Hit> group : groups.values())
        {
            List<Hit> ranked = new ArrayList<>(group);
            ranked.sort(Comparator.comparing(Hit::confidence));
            Hit first = ranked.get(0);
            Set<Finding.Site> others = new LinkedHashSet<>();
            Finding.Site site = site(first);
            for (Hit h : group)
            {
                Finding.Site s = site(h);
                if (!s.equals(site))
                    others.add(s);
            }
            Set<String> reaching = new LinkedHashSet<>();
            for (String e : entryOrder)
            {
                boolean reaches = first.scope() == Finding.Scope.COMPONENT
                    ? reach.hierarchy(e).contains(first.fieldOwner())
                    : group.stream().anyMatch(h -> reach.reachedFrom(h.siteClass()).contains(e));
                if (reaches)
                    reaching.add(e.replace('/', '.'));
            }
            int depth = group.stream().mapToInt(Hit::depth).min().orElse(0);
            findings.add(new Finding(first.kind(), first.scope(), first.fieldOwner().replace('/', '.'), first.field(), Detector.javaType(first.fieldDesc()),
                site, List.copyOf(others), first.confidence(), first.explanation(), depth, List.copyOf(reaching)));
        }
        findings.sort(Comparator.comparing(Finding::scope).thenComparing(Finding::confidence).thenComparing(Finding::className)
            .thenComparing(Finding::field).thenComparing(Finding::kind));
        return findings;
    }

    private static Finding.Site site(Hit h)
    {
        return new Finding.Site(h.siteClass().replace('/', '.'), h.method(), h.line());
    }
}
