/**
 * What the audit knows of a class file, read with ASM and never loaded: its header (supertypes,
 * annotations) for every class of the WAR, and for the classes it analyses, per method, the
 * fields written, read, tested and used, where, and whether a monitor is held there. Judging
 * those facts is {@link dev.interlock.audit.rules}'s business. Not API.
 */
package dev.interlock.audit.bytecode;
