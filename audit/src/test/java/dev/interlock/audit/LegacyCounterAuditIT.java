package dev.interlock.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The legacy-counter sample as built by Maven: the audit finds its racy counter, asks for the
 * unmarked servlet to be marked, and shows the {@code @NotThreadSafe} one as covered (it inherits
 * the same field, in an instance of its own, under its group's lock).
 */
class LegacyCounterAuditIT
{
    private static final String LEGACY = "dev.interlock.samples.counter.LegacyCounterServlet";
    private static final String SAFE = "dev.interlock.samples.counter.SafeCounterServlet";
    private static AuditReport report;

    @BeforeAll
    static void audit()
    {
        String war = System.getProperty("interlock.audit.legacy-counter-war");
        assertTrue(war != null && Files.isRegularFile(Path.of(war)), "the legacy-counter WAR is built before this module: " + war);
        report = Audit.builder().build().run(Path.of(war));
    }

    @Test
    void findsTheRacyCounter()
    {
        assertEquals(Set.of("instance-field-write LegacyCounterServlet.count"), Wars.found(report));
        Finding count = report.findings().get(0);
        assertEquals(Confidence.HIGH, count.confidence());
        assertEquals("doPost", count.site().method());
        assertEquals(List.of(LEGACY, SAFE), count.entryPoints());
        assertEquals("legacy-counter", report.webapp());
        assertTrue(report.unreadable().isEmpty(), report.unreadable().toString());
    }

    @Test
    void theMarkedServletIsCoveredAndTheOtherIsToMark()
    {
        ComponentAdvice legacy = Wars.component(report, "LegacyCounterServlet");
        ComponentAdvice safe = Wars.component(report, "SafeCounterServlet");
        assertEquals(ComponentAdvice.Status.MARK, legacy.status());
        assertEquals(ComponentAdvice.Status.COVERED, safe.status());
        assertEquals("@dev.interlock.api.NotThreadSafe", safe.entryPoint().marker().orElseThrow());
        assertTrue(safe.reason().startsWith("already @dev.interlock.api.NotThreadSafe"), safe.reason());

        Advice advice = report.advice();
        assertEquals(Advice.Action.MARK, advice.action());
        assertEquals(List.of(LEGACY), advice.annotate());
        assertEquals(List.of("interlock.webapps.legacy-counter.not-thread-safe=" + LEGACY), advice.operatorSettings());
        assertEquals(List.of("interlock.not-thread-safe=" + LEGACY), advice.webappSettings());
        assertEquals(List.of("--set interlock.webapps.legacy-counter.not-thread-safe=" + LEGACY), advice.expressOptions());
        // The marked twin is not watched: it runs under its lock whatever the counts say.
        assertEquals(List.of("interlock.webapps.legacy-counter.detect-concurrency=true",
            "interlock.webapps.legacy-counter.detect-concurrency.watch=" + LEGACY), advice.detectionSettings());
        assertTrue(report.needsAction());
    }
}
