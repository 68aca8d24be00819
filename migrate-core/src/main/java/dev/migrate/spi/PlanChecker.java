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
 * risk gate ({@code MigratorBuilder.refuseFindingsAbove}) when migrations are pending; never on
 * the fast path of a {@code migrate()} with nothing pending.
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
     * The database a plan is for.
     *
     * @param connection         a connection to it, in auto-commit mode, for catalog facts (table sizes,
     *                           existing constraints); read only
     * @param serverMajorVersion PostgreSQL's major version, e.g. 17
     * @param schema             the managed schema, first on the search path when the plan runs
     */
    record Context(Connection connection, int serverMajorVersion, String schema) {
    }
}
