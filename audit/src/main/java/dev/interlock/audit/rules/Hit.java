package dev.interlock.audit.rules;

import dev.interlock.audit.Confidence;
import dev.interlock.audit.Finding;

/**
 * One place where the rules found shared state: {@code dev.interlock.audit.Audit} folds the hits
 * on the same field and of the same kind into one finding.
 *
 * @param kind what was found
 * @param scope whose state it is
 * @param fieldOwner internal name of the class declaring the field
 * @param field the field's name
 * @param fieldDesc the field's descriptor
 * @param siteClass internal name of the class whose code it is
 * @param method the method's name
 * @param line the source line, 0 if unknown
 * @param confidence how sure
 * @param explanation one line
 * @param depth the depth of {@code siteClass}
 */
public record Hit(Finding.Kind kind, Finding.Scope scope, String fieldOwner, String field, String fieldDesc, String siteClass,
    String method, int line, Confidence confidence, String explanation, int depth)
{
}
