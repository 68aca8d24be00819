package dev.migrate.testkit.internal;

import dev.migrate.Finding;
import dev.migrate.MigrationException;
import dev.migrate.MigrationFailedException;
import dev.migrate.MigrationInfo;
import dev.migrate.Severity;
import dev.migrate.Status;
import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;

/** The failure messages of the migration assertions: the script, the line and the server's words. */
public final class MigrationFailures {
    private MigrationFailures() {
    }

    /** {@code migrate()} threw. */
    public static ErrorMessageFactory shouldApplyCleanly(MigrationException e) {
        return Failure.of("Expecting the migrations to apply cleanly but " + cause(e));
    }

    /** {@code migrate()} returned, but the status afterwards shows problems or pending migrations. */
    public static ErrorMessageFactory shouldLeaveNothingPending(Status status) {
        return Failure.of("Expecting the migrations to apply cleanly but afterwards the status is not clean:"
                + (status.isValid() ? "" : "\nproblems:" + Lists.bullets(status.problems(), Object::toString))
                + (status.pending().isEmpty() ? "" : "\nstill pending:" + Lists.bullets(status.pending(),
                        m -> m.label() + " " + m.script() + " (" + m.state() + ")")));
    }

    /** {@code plan()} found things more severe than allowed. */
    public static ErrorMessageFactory shouldHaveNoFindingsAbove(Severity severity, List<Finding> findings) {
        return Failure.of("Expecting the pending migrations to have no findings above " + severity + " but "
                + findings.size() + (findings.size() == 1 ? " is" : " are") + ":" + Lists.bullets(findings,
                f -> f.severity() + " " + f.script() + (f.line() > 0 ? ":" + f.line() : "") + " [" + f.rule() + "] "
                        + f.message() + (f.fix().isEmpty() ? "" : " Fix: " + f.fix())));
    }

    /** {@code plan()} refused: the migrations do not validate. */
    public static ErrorMessageFactory shouldPlan(MigrationException e) {
        return Failure.of("Expecting the pending migrations to have no findings but they cannot be planned: "
                + e.getMessage());
    }

    /** The stairway found nothing to climb. */
    public static ErrorMessageFactory shouldHavePendingMigrations(Status status) {
        return Failure.of("Expecting migrations to check for reversibility but no versioned migration is pending"
                + " (current version: " + status.currentVersion().map(Object::toString).orElse("none") + ", "
                + status.migrations().size() + " migrations known). Run the check on an empty database:"
                + " MigrateExtension.empty(), then assertThat(database.migrator(...)).areReversible()");
    }

    /** One step of the stairway broke: {@code what} says how, {@code details} what it found. */
    public static ErrorMessageFactory shouldBeReversible(MigrationInfo migration, String downScript, String what,
                                                         String details, List<String> passed, String note) {
        return Failure.of("Expecting every migration to be reversible (up, down, up again) but version "
                + migration.version() + " is not: " + what
                + "\n  up:   " + migration.script()
                + "\n  down: " + downScript
                + details
                + "\nVersions before it passed: " + passed(passed) + "." + note);
    }

    private static String passed(List<String> versions) {
        if (versions.size() <= 8) {
            return versions.isEmpty() ? "none" : String.join(", ", versions);
        }
        return versions.size() + " versions, from " + versions.get(0) + " to " + versions.get(versions.size() - 1);
    }

    /** What a failed call says, with its script and line when a statement failed. */
    public static String cause(MigrationException e) {
        if (e instanceof MigrationFailedException f) {
            return f.script() + (f.line() > 0 ? " failed at line " + f.line() : " failed")
                    + (f.sqlState() == null ? "" : " [SQLSTATE " + f.sqlState() + "]") + ": " + e.getMessage();
        }
        return e.getClass().getSimpleName() + " [" + e.code() + "]: " + e.getMessage();
    }
}
