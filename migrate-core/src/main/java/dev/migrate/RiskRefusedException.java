package dev.migrate;

import java.util.List;

/**
 * {@code migrate()} refused to run the pending migrations: a plan checker found something more
 * severe than the policy set with {@link MigratorBuilder#refuseFindingsAbove(Severity)}. Nothing
 * was changed; the message lists every finding with its script, line, rule and fix, and how to
 * allow one on purpose.
 */
public final class RiskRefusedException extends MigrationException {
    private static final long serialVersionUID = 1L;

    private final transient List<Finding> findings;
    private final Severity policy;

    public RiskRefusedException(Severity policy, List<Finding> findings) {
        super(ErrorCode.RISK_REFUSED, render(policy, findings));
        this.policy = policy;
        this.findings = List.copyOf(findings);
    }

    /** Refused by a guard ({@link dev.migrate.spi.PlanChecker#guards()}), whatever the policy; {@link #policy()} is null. */
    public RiskRefusedException(List<Finding> findings) {
        super(ErrorCode.RISK_REFUSED, render(null, findings));
        this.policy = null;
        this.findings = List.copyOf(findings);
    }

    /** The findings above the policy, in plan order. */
    public List<Finding> findings() {
        return findings;
    }

    /** The most severe level the policy accepts; null when a guard refused. */
    public Severity policy() {
        return policy;
    }

    private static String render(Severity policy, List<Finding> findings) {
        StringBuilder s = new StringBuilder(policy == null ? "Refusing to migrate: a guard of a module on the class path found "
                + findings.size() + " reason" + (findings.size() == 1 ? "" : "s") + " not to run the pending migrations; none of them"
                + " ran:" : "Refusing to migrate: " + findings.size() + " finding" + (findings.size() == 1 ? " is" : "s are")
                + " above the policy (refuseFindingsAbove(" + policy + ")); nothing was changed:");
        for (Finding f : findings) {
            s.append("\n  - ").append(f.severity()).append(' ').append(f.script()).append(f.line() > 0 ? ":" + f.line() : "")
                    .append(" [").append(f.rule()).append("] ").append(f.message());
            if (!f.fix().isEmpty()) {
                s.append("\n    Fix: ").append(f.fix());
            }
        }
        if (policy != null) {
            s.append("\nTo accept a finding on purpose, add to the script: -- migrate:allow <rule> reason=\"why it is safe here\";"
                    + " or change the policy with refuseFindingsAbove(...).");
        }
        return s.toString();
    }
}
