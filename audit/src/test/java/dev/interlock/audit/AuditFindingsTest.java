package dev.interlock.audit;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import dev.interlock.audit.fixture.kinds.AuditFilter;
import dev.interlock.audit.fixture.kinds.CounterServlet;
import dev.interlock.audit.fixture.kinds.CountingListener;
import dev.interlock.audit.fixture.kinds.FormatServlet;
import dev.interlock.audit.fixture.kinds.LazyServlet;
import dev.interlock.audit.fixture.kinds.ReachServlet;
import dev.interlock.audit.fixture.kinds.Registry;
import dev.interlock.audit.fixture.kinds.StaticServlet;
import dev.interlock.audit.fixture.kinds.Tally;
import dev.interlock.audit.fixture.review.StaleReadServlet;
import dev.interlock.audit.fixture.safe.Defaults;
import dev.interlock.audit.fixture.safe.Dto;
import dev.interlock.audit.fixture.safe.SafeServlet;
import dev.interlock.audit.fixture.safe.StartupListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Known answers: a WAR with a true positive of each kind, asserted exactly (kind, class, field,
 * and the confidence and site where they tell the rules apart), and a WAR of safe look-alikes
 * that must give nothing.
 */
class AuditFindingsTest
{
    @TempDir
    Path dir;

    private AuditReport kinds()
    {
        Path war = Wars.export(Wars.of("kinds", CounterServlet.class, StaticServlet.class, LazyServlet.class, FormatServlet.class,
            AuditFilter.class, CountingListener.class, ReachServlet.class, Registry.class, Tally.class), dir);
        return Audit.builder().build().run(war);
    }

    @Test
    void findsOneOfEachKind()
    {
        AuditReport report = kinds();
        assertEquals(Set.of(
            "instance-field-write CounterServlet.hits",
            "static-field-write StaticServlet.served",
            "unsafe-shared-object StaticServlet.LAST",
            "unsafe-shared-object StaticServlet.BUCKETS",
            "lazy-init LazyServlet.settings",
            "lazy-init LazyServlet.connection",
            "unguarded-read LazyServlet.total",
            "unsafe-shared-object FormatServlet.format",
            "unsafe-shared-object FormatServlet.seen",
            "unsafe-shared-object FormatServlet.log",
            "instance-field-write FormatServlet.calls",
            "instance-field-write AuditFilter.requests",
            "instance-field-write CountingListener.active",
            "unsafe-shared-object Registry.COUNTS",
            "instance-field-write Tally.count"), Wars.found(report));
        assertTrue(report.unreadable().isEmpty(), report.unreadable().toString());
        assertEquals(7, report.entryPoints().size());
    }

    @Test
    void confidenceScopeAndSiteFollowTheRules()
    {
        AuditReport report = kinds();
        Finding hits = Wars.finding(report, Finding.Kind.INSTANCE_FIELD_WRITE, "CounterServlet", "hits");
        assertEquals(Confidence.HIGH, hits.confidence());
        assertEquals(Finding.Scope.COMPONENT, hits.scope());
        assertEquals("doGet", hits.site().method());
        assertTrue(hits.site().line().isPresent(), "test classes are compiled with line numbers");
        assertEquals(List.of(CounterServlet.class.getName()), hits.entryPoints());
        assertEquals("int", hits.fieldType());

        assertEquals(Confidence.HIGH, Wars.finding(report, Finding.Kind.LAZY_INIT, "LazyServlet", "settings").confidence());
        assertEquals(Confidence.LOW, Wars.finding(report, Finding.Kind.LAZY_INIT, "LazyServlet", "connection").confidence());
        assertEquals(Confidence.LOW, Wars.finding(report, Finding.Kind.UNGUARDED_READ, "LazyServlet", "total").confidence());
        // volatile makes the write visible, not calls++ atomic
        assertEquals(Confidence.MEDIUM, Wars.finding(report, Finding.Kind.INSTANCE_FIELD_WRITE, "FormatServlet", "calls").confidence());

        Finding counts = Wars.finding(report, Finding.Kind.UNSAFE_SHARED_OBJECT, "Registry", "COUNTS");
        assertEquals(Finding.Scope.STATIC, counts.scope());
        assertEquals(1, counts.depth());
        assertEquals("register", counts.site().method());
        assertEquals(List.of(ReachServlet.class.getName()), counts.entryPoints());

        Finding tally = Wars.finding(report, Finding.Kind.INSTANCE_FIELD_WRITE, "Tally", "count");
        assertEquals(Finding.Scope.SHARED_OBJECT, tally.scope());
        assertEquals(Confidence.MEDIUM, tally.confidence());
        assertTrue(tally.explanation().contains("held by " + ReachServlet.class.getName() + ".tally"), tally.explanation());

        Finding active = Wars.finding(report, Finding.Kind.INSTANCE_FIELD_WRITE, "CountingListener", "active");
        assertEquals("requestInitialized", active.site().method());
        assertEquals(List.of("requestDestroyed"), active.otherSites().stream().map(Finding.Site::method).toList());
    }

    @Test
    void aListenersStateCallsForTheWebappsLock()
    {
        AuditReport report = kinds();
        assertEquals(Advice.Action.LOCK_APPLICATION, report.advice().action());
        assertTrue(report.needsAction());
        assertEquals(List.of("interlock.webapps.kinds.lock=application"), report.advice().operatorSettings());
        assertEquals(List.of("interlock.lock=application"), report.advice().webappSettings());
        assertEquals(ComponentAdvice.Status.LOCK_WEBAPP, Wars.component(report, "CountingListener").status());
        assertEquals(ComponentAdvice.Status.MARK, Wars.component(report, "CounterServlet").status());
        assertEquals(ComponentAdvice.Status.MARK, Wars.component(report, "AuditFilter").status());
        // reached from ReachServlet only: marking it covers Registry's and Tally's state
        assertEquals(ComponentAdvice.Status.MARK, Wars.component(report, "ReachServlet").status());
    }

    @Test
    void onlyLowConfidenceFindingsAskForAReviewNotASetting()
    {
        AuditReport report = Audit.builder().build().run(Wars.export(Wars.of("review", StaleReadServlet.class), dir));
        assertEquals(Set.of("unguarded-read StaleReadServlet.total", "lazy-init StaleReadServlet.cache",
            "unsafe-shared-object StaleReadServlet.seen"), Wars.found(report));
        assertTrue(report.findings().stream().allMatch(f -> f.confidence() == Confidence.LOW), report.findings().toString());
        assertEquals(Advice.Action.REVIEW, report.advice().action());
        assertFalse(report.needsAction());
        assertEquals(List.of(), report.advice().operatorSettings());
        assertEquals(ComponentAdvice.Status.REVIEW, Wars.component(report, "StaleReadServlet").status());
    }

    @Test
    void safeLookAlikesAreNotReported()
    {
        Path war = Wars.export(Wars.of("safe", SafeServlet.class, Dto.class, Defaults.class, StartupListener.class), dir);
        AuditReport report = Audit.builder().build().run(war);
        assertEquals(Set.of(), Wars.found(report), () -> report.findings().stream().map(Finding::explanation).toList().toString());
        assertEquals(2, report.entryPoints().size());
        assertEquals(Advice.Action.NONE, report.advice().action());
        assertFalse(report.needsAction());
        assertTrue(report.components().stream().allMatch(c -> c.status() == ComponentAdvice.Status.OK));
        // Dto and Defaults are reached (SafeServlet calls them) and analysed: Dto is not shared, Defaults is written at init only
        assertEquals(4, report.classesAnalysed());
    }
}
