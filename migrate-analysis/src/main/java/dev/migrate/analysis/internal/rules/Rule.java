package dev.migrate.analysis.internal.rules;

import dev.migrate.Severity;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.internal.State;

/**
 * One check, in a class of its own: a stable id, a severity, the PostgreSQL versions it applies to,
 * why it matters and what to do instead. {@link #check} sees each statement with the state of the
 * plan so far (tables created earlier, locks held, constraints validated) and reports through
 * {@link Report}.
 */
public abstract class Rule {
    private final String id;
    private final Severity severity;
    private final int minVersion;
    private final int maxVersion;
    private final String rationale;
    private final String fix;

    protected Rule(String id, Severity severity, int minVersion, int maxVersion, String rationale, String fix) {
        this.id = id;
        this.severity = severity;
        this.minVersion = minVersion;
        this.maxVersion = maxVersion;
        this.rationale = rationale;
        this.fix = fix;
    }

    protected Rule(String id, Severity severity, String rationale, String fix) {
        this(id, severity, 0, Integer.MAX_VALUE, rationale, fix);
    }

    public final String id() {
        return id;
    }

    public final Severity severity() {
        return severity;
    }

    /** The oldest PostgreSQL major version the rule applies to. */
    public final int minVersion() {
        return minVersion;
    }

    /** The newest PostgreSQL major version the rule applies to. */
    public final int maxVersion() {
        return maxVersion;
    }

    /** Why it matters. */
    public final String rationale() {
        return rationale;
    }

    /** The safe alternative. */
    public final String fix() {
        return fix;
    }

    public final boolean appliesTo(int serverMajor) {
        return serverMajor >= minVersion && serverMajor <= maxVersion;
    }

    /** Looks at one statement; called before the state records it. */
    public abstract void check(StatementFacts s, State state, Report report);

    /** Called once a migration's statements are all seen; most rules have nothing to add. */
    public void endOfMigration(State state, Report report) {
    }

    /** Where a rule reports: the statement, and a message specific to it; the rule's id, severity and fix are added. */
    public interface Report {
        void finding(Rule rule, StatementFacts statement, String message);

        /** A finding with a fix specific to this statement instead of the rule's general one. */
        void finding(Rule rule, StatementFacts statement, String message, String fix);
    }
}
