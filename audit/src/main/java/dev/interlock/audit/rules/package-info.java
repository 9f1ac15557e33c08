/**
 * The audit's judgement over {@link dev.interlock.audit.bytecode} facts: which classes the entry
 * points reach within the depth, which methods run at request time, which JDK types are not
 * thread-safe, and which writes and uses of fields are findings. Not API.
 */
package dev.interlock.audit.rules;
