package dev.interlock.audit;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What to do about the findings for the whole WAR, with the settings ready to paste: into the
 * operator's configuration (a jetty-base's {@code start.d}, {@code interlock-express --config}),
 * into the WAR's own {@code WEB-INF/classes/META-INF/microprofile-config.properties}, or on the
 * {@code interlock-express} command line. Setting names are those of {@code config/README.md};
 * the operator's are scoped to the webapp ({@code interlock.webapps.W.NAME}, W being
 * {@link AuditReport#webapp()}).
 */
public final class Advice
{
    /** The least that makes the findings safe, in increasing order of what it serialises. */
    public enum Action
    {
        /** Nothing found: {@code interlock.lock=free} is as safe as the audit can tell. */
        NONE,
        /** Found, but every finding is already under a lock: a marker, or the WAR's own lock setting. */
        COVERED,
        /** Only low-confidence findings not under a lock: worth a look, nothing required. */
        REVIEW,
        /** Only components' own state: mark those components not thread-safe. */
        MARK,
        /** State shared across components (static fields, listeners, shared objects, libraries): lock the webapp. */
        LOCK_APPLICATION,
        /** As {@link #LOCK_APPLICATION}, but the state is reached from components in different application groups. */
        LOCK_SHARED;

        /** @return {@code none}, {@code covered}, {@code review}, {@code mark}, {@code lock-application} or {@code lock-shared} */
        public String id()
        {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** @return whether something must be set before running the webapp under {@code free} */
        public boolean needsAction()
        {
            return this == MARK || this == LOCK_APPLICATION || this == LOCK_SHARED;
        }
    }

    private final Action action;
    private final String summary;
    private final List<String> reasons;
    private final List<String> annotate;
    private final List<String> operatorSettings;
    private final List<String> webappSettings;
    private final List<String> expressOptions;
    private final List<String> routeAlternative;
    private final List<String> detectionSettings;

    Advice(Action action, String summary, List<String> reasons, List<String> annotate, List<String> operatorSettings,
        List<String> webappSettings, List<String> expressOptions, List<String> routeAlternative, List<String> detectionSettings)
    {
        this.action = Objects.requireNonNull(action);
        this.summary = Objects.requireNonNull(summary);
        this.reasons = List.copyOf(reasons);
        this.annotate = List.copyOf(annotate);
        this.operatorSettings = List.copyOf(operatorSettings);
        this.webappSettings = List.copyOf(webappSettings);
        this.expressOptions = List.copyOf(expressOptions);
        this.routeAlternative = List.copyOf(routeAlternative);
        this.detectionSettings = List.copyOf(detectionSettings);
    }

    /** @return the least that makes the findings safe */
    public Action action()
    {
        return action;
    }

    /** @return one sentence for people */
    public String summary()
    {
        return summary;
    }

    /** @return why, one line per reason (which finding or component calls for it) */
    public List<String> reasons()
    {
        return reasons;
    }

    /**
     * @return the classes to annotate {@code @dev.interlock.api.NotThreadSafe}, when the action
     * is {@link Action#MARK}; only classes of {@code WEB-INF/classes} (a library's classes are
     * listed in the settings instead)
     */
    public List<String> annotate()
    {
        return annotate;
    }

    /** @return {@code NAME=VALUE} lines for the operator's configuration, scoped to this webapp */
    public List<String> operatorSettings()
    {
        return operatorSettings;
    }

    /** @return {@code NAME=VALUE} lines for the WAR's own {@code microprofile-config.properties} */
    public List<String> webappSettings()
    {
        return webappSettings;
    }

    /** @return {@code interlock-express} options that do the same */
    public List<String> expressOptions()
    {
        return expressOptions;
    }

    /**
     * @return operator settings that route the affected servlets' common path to an application
     * group of their own under {@code application}, leaving the rest {@code free}; empty when
     * their paths share no prefix (or when the action is not {@link Action#MARK})
     */
    public List<String> routeAlternative()
    {
        return routeAlternative;
    }

    @Override
    public String toString()
    {
        return action.id() + ": " + summary;
    }

    /**
     * @return operator settings that count, while the webapp runs under load, how many requests
     * enter the flagged components at once ({@code interlock.detect-concurrency} with its watch
     * list), to confirm the findings before acting on them; empty when nothing is left to act on
     */
    public List<String> detectionSettings()
    {
        return detectionSettings;
    }
}
