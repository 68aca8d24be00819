package dev.migrate.spi;

import dev.migrate.Finding;
import dev.migrate.Plan;
import java.sql.Connection;
import java.util.List;

/**
 * Examines a {@link Plan} before anything runs and reports {@link Finding}s, which
 * {@code Migrator.plan()} attaches to the plan. migrate-analysis provides one; any class on the
 * class path listed in {@code META-INF/services/dev.migrate.spi.PlanChecker} (or {@code provides}
 * in a module) is used, as is any added with {@code MigratorBuilder.checker(...)}.
 *
 * <p>Checkers run for {@code plan()} and {@code validate()}, and for {@code migrate()} only as its
 * risk gate ({@code MigratorBuilder.refuseFindingsAbove}) when migrations are pending, or as a
 * {@link #guards() guard}; never on the fast path of a {@code migrate()} with nothing pending.
 */
public interface PlanChecker {

    /**
     * Reports what deserves attention in {@code plan}, in plan order.
     *
     * @param plan    the pending migrations and their statements, placeholders replaced
     * @param context the database the plan is for; treat the connection as read-only and do not close it
     */
    List<Finding> check(Plan plan, Context context);

    /**
     * Whether this checker is a guard: a condition under which the pending migrations must not run
     * at all, such as a module's own migration in flight on a table a plain one changes. A guard
     * also runs on every {@code migrate()} that has migrations to apply, under the migration lock
     * just before the first one, and any finding it reports refuses the run
     * ({@link dev.migrate.RiskRefusedException}) whatever {@code refuseFindingsAbove} says; nothing
     * has changed then. Keep a guard to a few catalog reads. False by default.
     */
    default boolean guards() {
        return false;
    }

    /**
     * The database a plan is for.
     *
     * @param connection         a connection to it, in auto-commit mode, for catalog facts (table sizes,
     *                           existing constraints); read only
     * @param serverMajorVersion PostgreSQL's major version, e.g. 17
     * @param schema             the managed schema, first on the search path when the plan runs
     * @param settings           the run's settings, with the options of modules; null when a checker is
     *                           called on its own, outside a migrator
     */
    record Context(Connection connection, int serverMajorVersion, String schema, Settings settings) {
        /** A context outside a migrator, without settings. */
        public Context(Connection connection, int serverMajorVersion, String schema) {
            this(connection, serverMajorVersion, schema, null);
        }
    }
}
