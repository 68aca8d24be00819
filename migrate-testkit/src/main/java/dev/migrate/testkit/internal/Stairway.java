package dev.migrate.testkit.internal;

import dev.migrate.ErrorCode;
import dev.migrate.MigrateResult;
import dev.migrate.MigrationException;
import dev.migrate.MigrationFailedException;
import dev.migrate.MigrationInfo;
import dev.migrate.MigrationKind;
import dev.migrate.Migrator;
import dev.migrate.RollbackResult;
import dev.migrate.Status;
import dev.migrate.ValidationException;
import dev.migrate.ValidationProblem;
import dev.migrate.Version;
import dev.migrate.schema.DatabaseSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * The up/down/up stairway: for each pending versioned migration in order, apply it alone, revert
 * it, check that the schema is what it was before, apply it again and check that the schema is
 * what the first application made. Stops at the first version that breaks.
 */
public final class Stairway {
    private static final String DIFF_LEGEND = " (unexpected: left behind by the down script; missing: there before"
            + " the up script, gone after the down script)";

    private final Migrator base;
    private final Function<Version, Migrator> targeted;
    private final boolean skipWithoutDown;
    private final List<String> passed = new ArrayList<>();
    private String note = "";

    private Stairway(Migrator base, Function<Version, Migrator> targeted, boolean skipWithoutDown) {
        this.base = base;
        this.targeted = targeted;
        this.skipWithoutDown = skipWithoutDown;
    }

    /**
     * Climbs the stairway on {@code base}'s database.
     *
     * @param targeted        a new migrator like {@code base} with the given target; closed after each step
     * @param skipWithoutDown whether a migration without a down script is applied and passed over
     *                        instead of failing the check
     * @return the failure, or empty when every step held
     */
    public static Optional<ErrorMessageFactory> climb(Migrator base, Function<Version, Migrator> targeted,
                                                      boolean skipWithoutDown) {
        return new Stairway(base, targeted, skipWithoutDown).climb();
    }

    private Optional<ErrorMessageFactory> climb() {
        Status status;
        try {
            status = base.status();
            base.validate();
        } catch (MigrationException e) {
            return Optional.of(Failure.of("Expecting migrations to be reversible but they cannot run: "
                    + MigrationFailures.cause(e)));
        }
        Version limit = base.config().target();
        List<MigrationInfo> steps = status.pending().stream()
                .filter(m -> m.version() != null && (limit == null || !m.version().isNewerThan(limit))).toList();
        if (steps.isEmpty()) {
            return Optional.of(MigrationFailures.shouldHavePendingMigrations(status));
        }
        for (MigrationInfo step : steps) {
            Optional<ErrorMessageFactory> failure;
            try (Migrator migrator = targeted.apply(step.version())) {
                failure = step(step, migrator);
            }
            if (failure.isPresent()) {
                return failure;
            }
        }
        return Optional.empty();
    }

    private Optional<ErrorMessageFactory> step(MigrationInfo m, Migrator migrator) {
        DatabaseSchema before = migrator.inspect();
        try {
            MigrateResult up = migrator.migrate();
            List<String> repeatables = up.applied().stream().filter(a -> a.kind() == MigrationKind.REPEATABLE)
                    .map(MigrateResult.Applied::script).toList();
            if (!repeatables.isEmpty()) {
                note += "\nNote: applying version " + m.version() + " also applied the repeatable migrations "
                        + String.join(", ", repeatables) + ", which rollback never reverts; a difference they cause"
                        + " shows at the first version they were applied with.";
            }
        } catch (MigrationException e) {
            return fail(m, "(not reached)", "applying it failed", "\n" + MigrationFailures.cause(e));
        }
        DatabaseSchema afterUp = migrator.inspect();
        RollbackResult down;
        try {
            down = migrator.rollback().last();
        } catch (ValidationException e) {
            Optional<ValidationProblem> missing = e.problems().stream()
                    .filter(p -> p.code() == ErrorCode.MISSING_DOWN_MIGRATION).findFirst();
            if (missing.isPresent() && skipWithoutDown) {
                return Optional.empty();
            }
            return missing.map(p -> fail(m, "none", "it has no down script", "\n" + p.message() + " Fix: " + p.fix()))
                    .orElseGet(() -> fail(m, "(invalid)", "its down script is invalid", "\n" + e.getMessage()));
        } catch (MigrationFailedException e) {
            return fail(m, e.script(), "its down script failed", "\n" + MigrationFailures.cause(e));
        } catch (MigrationException e) {
            return fail(m, "(unknown)", "reverting it failed", "\n" + MigrationFailures.cause(e));
        }
        String downScript = down.reverted().isEmpty() ? "(nothing was reverted)" : down.reverted().get(0).script();
        List<String> left = migrator.inspect().differences(before);
        if (!left.isEmpty()) {
            return fail(m, downScript, "its down script left the schema different from before the up script ran; "
                    + count(left) + DIFF_LEGEND + ":", Lists.bullets(left, d -> d));
        }
        try {
            migrator.migrate();
        } catch (MigrationException e) {
            return fail(m, downScript, "applying it again after its down script failed",
                    "\n" + MigrationFailures.cause(e));
        }
        List<String> again = migrator.inspect().differences(afterUp);
        if (!again.isEmpty()) {
            return fail(m, downScript, "applying it again after its down script made a different schema than the"
                    + " first time; " + count(again) + " (unexpected: only the second time; missing: only the first):",
                    Lists.bullets(again, d -> d));
        }
        passed.add(m.version().toString());
        return Optional.empty();
    }

    private Optional<ErrorMessageFactory> fail(MigrationInfo m, String downScript, String what, String details) {
        return Optional.of(MigrationFailures.shouldBeReversible(m, downScript, what, details, passed, note));
    }

    private static String count(List<String> differences) {
        return differences.size() + (differences.size() == 1 ? " difference" : " differences");
    }
}
