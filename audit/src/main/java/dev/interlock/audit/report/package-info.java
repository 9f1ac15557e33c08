/**
 * Renderings of an {@link dev.interlock.audit.AuditReport}: plain text for a terminal, JSON for
 * tools (described by {@code dev/interlock/audit/audit-report.schema.json}), and a self-contained
 * HTML page.
 */
package dev.interlock.audit.report;
