package dev.interlock.audit.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.interlock.audit.Advice;
import dev.interlock.audit.AuditReport;
import dev.interlock.audit.ComponentAdvice;
import dev.interlock.audit.EntryPoint;
import dev.interlock.audit.Finding;
import dev.interlock.audit.Unreadable;
import org.eclipse.jetty.util.ajax.JSON;

/**
 * The report as one JSON object, field by field as {@code audit-report.schema.json} describes
 * it; written with Jetty's JSON, keys in a fixed order.
 */
final class JsonReport
{
    /** Raised when a field changes meaning or goes away (fields may be added without it). */
    static final int VERSION = 1;

    private JsonReport()
    {
    }

    static String render(AuditReport r)
    {
        return new JSON().toJSON(tree(r)) + "\n";
    }

    static Map<String, Object> tree(AuditReport r)
    {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", VERSION);
        root.put("source", r.source());
        root.put("webapp", r.webapp());
        root.put("depth", r.depth());
        root.put("classesInWar", r.classesInWar());
        root.put("classesAnalysed", r.classesAnalysed());
        root.put("needsAction", r.needsAction());
        root.put("advice", advice(r.advice()));
        List<Object> entries = new ArrayList<>();
        for (EntryPoint e : r.entryPoints())
            entries.add(entry(e));
        root.put("entryPoints", entries);
        List<Object> findings = new ArrayList<>();
        for (Finding f : r.findings())
            findings.add(finding(f));
        root.put("findings", findings);
        List<Object> components = new ArrayList<>();
        for (ComponentAdvice c : r.components())
        {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("class", c.entryPoint().className());
            m.put("type", c.entryPoint().type().id());
            m.put("status", c.status().id());
            m.put("reason", c.reason());
            m.put("findings", c.findings().size());
            components.add(m);
        }
        root.put("components", components);
        List<Object> unreadable = new ArrayList<>();
        for (Unreadable u : r.unreadable())
        {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", u.path());
            m.put("reason", u.reason());
            unreadable.add(m);
        }
        root.put("unreadable", unreadable);
        root.put("notes", new ArrayList<Object>(r.notes()));
        return root;
    }

    private static Map<String, Object> advice(Advice a)
    {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", a.action().id());
        m.put("summary", a.summary());
        m.put("reasons", new ArrayList<Object>(a.reasons()));
        m.put("annotate", new ArrayList<Object>(a.annotate()));
        m.put("operatorSettings", new ArrayList<Object>(a.operatorSettings()));
        m.put("webappSettings", new ArrayList<Object>(a.webappSettings()));
        m.put("expressOptions", new ArrayList<Object>(a.expressOptions()));
        m.put("routeAlternative", new ArrayList<Object>(a.routeAlternative()));
        m.put("detectionSettings", new ArrayList<Object>(a.detectionSettings()));
        return m;
    }

    private static Map<String, Object> entry(EntryPoint e)
    {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class", e.className());
        m.put("type", e.type().id());
        m.put("declaredBy", e.declaredBy());
        m.put("api", e.api().id());
        m.put("source", e.source().orElse(null));
        m.put("marker", e.marker().orElse(null));
        m.put("applicationGroup", e.applicationGroup().orElse(null));
        m.put("urlPatterns", new ArrayList<Object>(e.urlPatterns()));
        return m;
    }

    private static Map<String, Object> finding(Finding f)
    {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", f.kind().id());
        m.put("scope", f.scope().id());
        m.put("class", f.className());
        m.put("field", f.field());
        m.put("fieldType", f.fieldType());
        m.put("confidence", f.confidence().id());
        m.put("explanation", f.explanation());
        m.put("site", site(f.site()));
        List<Object> others = new ArrayList<>();
        for (Finding.Site s : f.otherSites())
            others.add(site(s));
        m.put("otherSites", others);
        m.put("depth", f.depth());
        m.put("entryPoints", new ArrayList<Object>(f.entryPoints()));
        return m;
    }

    private static Map<String, Object> site(Finding.Site s)
    {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class", s.className());
        m.put("method", s.method());
        m.put("line", s.line().isPresent() ? (Object)s.line().getAsInt() : null);
        return m;
    }
}
