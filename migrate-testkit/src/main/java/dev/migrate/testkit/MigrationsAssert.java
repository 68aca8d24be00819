package dev.migrate.testkit;

import dev.migrate.Finding;
import dev.migrate.MigrationException;
import dev.migrate.Migrator;
import dev.migrate.Plan;
import dev.migrate.Severity;
import dev.migrate.Status;
import dev.migrate.testkit.internal.Descriptions;
import dev.migrate.testkit.internal.MigrationFailures;
import dev.migrate.testkit.internal.Stairway;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the migrations a {@link Migrator} applies, run against its database. Get one from
 * {@link MigrateAssertions#assertThat(Migrator)} or {@link MigrateAssertions#assertThatMigrations(TestDatabase)}.
 *
 * <pre>{@code
 * @RegisterExtension
 * static MigrateExtension db = MigrateExtension.empty();
 *
 * @Test
 * void migrations_are_reversible() {
 *     assertThatMigrations(db.database(), b -> b.locations("classpath:db/migration"))
 *             .haveNoFindingsAbove(Severity.MEDIUM)
 *             .areReversible();
 * }
 * }</pre>
 *
 * <p>These assertions change the database: {@link #appliesCleanly()} and {@link #areReversible()}
 * apply every pending migration. Run them on a test's own database, empty at the start
 * ({@link MigrateExtension#empty()}).
 */
public final class MigrationsAssert extends AbstractAssert<MigrationsAssert, Migrator> {

    MigrationsAssert(Migrator actual) {
        super(actual, MigrationsAssert.class);
    }

    /**
     * Applies every pending migration and checks that all went well: {@code migrate()} succeeded,
     * and afterwards the status has no problems and nothing pending. On a failed statement the
     * message gives the script, the line, the SQLSTATE and the server's message.
     */
    public MigrationsAssert appliesCleanly() {
        isNotNull();
        Status status;
        try {
            actual.migrate();
            status = actual.status();
        } catch (MigrationException e) {
            throwAssertionError(MigrationFailures.shouldApplyCleanly(e));
            return this;
        }
        if (!status.isValid() || !status.pending().isEmpty()) {
            throwAssertionError(MigrationFailures.shouldLeaveNothingPending(status));
        }
        return this;
    }

    /**
     * The up/down/up stairway. For each pending versioned migration in order (up to the migrator's
     * target, if it has one): reads the schema, applies that migration alone, reverts it with
     * {@code rollback().last()}, checks that the schema equals the one before (by
     * {@link dev.migrate.schema.DatabaseSchema#differences}), applies it again and checks that the
     * schema equals the one the first application made. Leaves every migration applied.
     *
     * <p>Fails at the first version that breaks, naming it, its up and down scripts, the step that
     * broke (applying it, its down script failing, the differences its down script left, applying it
     * again) and what was found. A migration without a down script fails the check; use
     * {@link #areReversibleExceptWithoutDown()} when some migrations are meant to be one-way.
     * Fails too when nothing is pending: the database should start empty.
     *
     * <p>Repeatable migrations are applied with the first version and never reverted, so the
     * objects they create show up as left behind by the first version's down script; the message
     * notes it.
     */
    public MigrationsAssert areReversible() {
        return climb(false);
    }

    /**
     * Like {@link #areReversible()}, except that a migration without a down script is applied and
     * passed over instead of failing the check; every down script that exists must still hold.
     */
    public MigrationsAssert areReversibleExceptWithoutDown() {
        return climb(true);
    }

    /**
     * Checks the findings of {@code plan()}, made by the {@link dev.migrate.spi.PlanChecker}s on the
     * class path or added to the migrator, for the migrations pending now: none may be more severe
     * than {@code severity}. The message lists each one with script and line, rule, message and fix.
     * Changes nothing.
     */
    public MigrationsAssert haveNoFindingsAbove(Severity severity) {
        Objects.requireNonNull(severity, "severity");
        isNotNull();
        Plan plan;
        try {
            plan = actual.plan();
        } catch (MigrationException e) {
            throwAssertionError(MigrationFailures.shouldPlan(e));
            return this;
        }
        List<Finding> above = plan.findingsAbove(severity);
        if (!above.isEmpty()) {
            throwAssertionError(MigrationFailures.shouldHaveNoFindingsAbove(severity, above));
        }
        return this;
    }

    /** Assertions on the database's schema as it is now: {@code .appliesCleanly().schema().hasTable("users")}. */
    public SchemaAssert schema() {
        isNotNull();
        return Descriptions.inherit(new SchemaAssert(actual.inspect()), this);
    }

    private MigrationsAssert climb(boolean skipWithoutDown) {
        isNotNull();
        Stairway.climb(actual, version -> actual.config().toBuilder().target(version).build(), skipWithoutDown)
                .ifPresent(this::throwAssertionError);
        return this;
    }
}
