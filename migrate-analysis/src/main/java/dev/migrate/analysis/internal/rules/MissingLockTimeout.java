package dev.migrate.analysis.internal.rules;

import dev.migrate.Severity;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.internal.State;

/** A blocking lock requested without lock_timeout can queue every query behind it. */
public final class MissingLockTimeout extends Rule {
    public MissingLockTimeout() {
        super("missing-lock-timeout", Severity.MEDIUM,
                "A statement waiting for a strong lock makes every later query on the table wait behind it; without"
                        + " lock_timeout it can wait, and stall the application, for as long as the longest running query.",
                "SET lock_timeout = '5s' at the top of the script and retry on failure; migrate's executor does both by"
                        + " itself, so this only applies to scripts run by other tools.");
    }

    @Override
    public void check(StatementFacts s, State state, Report report) {
        if (state.lockSafeExecutor() || state.lockTimeoutSet() || s.relation() == null || state.isNew(s.relation())) {
            return;
        }
        if (s.lock().blocksWrites() && state.firstTime("missing-lock-timeout")) {
            report.finding(this, s, s.lock().mode() + " on " + s.relation() + " is requested without a lock_timeout.");
        }
    }
}
