package dev.interlock.audit;

import java.util.Locale;

/**
 * How sure the audit is that a finding is state that concurrent requests really share and race
 * on. The rules that give each level are in {@code audit/README.md}.
 */
public enum Confidence
{
    /** Shared by construction (a component's own field, a static field) and written or mutated at request time without a lock. */
    HIGH,
    /** Shared by inference (an object the audit saw held by a shared field) or of a type it could not pin down. */
    MEDIUM,
    /** A pattern that races only in part: a read without the lock its writes take, a lazy initialisation that may run twice. */
    LOW;

    /** @return the name used in JSON and text: {@code high}, {@code medium}, {@code low} */
    public String id()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
