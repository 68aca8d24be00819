package dev.migrate.testkit;

import dev.migrate.MigrationException;
import dev.migrate.Migrator;
import dev.migrate.MigratorBuilder;
import dev.migrate.Version;
import dev.migrate.testkit.internal.MigrationFailures;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ListAssert;

/**
 * Data carried across migrations: migrate a test's database to a version, write rows, migrate
 * further (or back), and check what the rows became. Get one from
 * {@link MigrateAssertions#scenario(TestDatabase)}; each step runs at once, in order.
 *
 * <pre>{@code
 * @RegisterExtension
 * static MigrateExtension db = MigrateExtension.empty();
 *
 * @Test
 * void splitting_the_name_keeps_every_customer() {
 *     scenario(db.database())
 *             .migrateTo("2")
 *             .execute("INSERT INTO customers (name) VALUES ('Ada Lovelace')")
 *             .migrateTo("3")
 *             .assertQuery("SELECT first_name, last_name FROM customers")
 *             .containsExactly(row("first_name", "Ada", "last_name", "Lovelace"));
 * }
 * }</pre>
 *
 * <p>Rows are maps from column label to the value JDBC returns ({@code integer} as {@link Integer},
 * {@code bigint} as {@link Long}, {@code numeric} as {@link java.math.BigDecimal}, {@code text} as
 * {@link String}); {@link MigrateAssertions#row(Object...)} writes one. A step that fails throws an
 * {@link AssertionError} naming the step, with the script, line and server message.
 */
public final class MigrationScenario {
    private final TestDatabase database;
    private final UnaryOperator<MigratorBuilder> settings;

    MigrationScenario(TestDatabase database, UnaryOperator<MigratorBuilder> settings) {
        this.database = database;
        this.settings = settings;
    }

    /** Applies the pending migrations up to and including {@code version} (and repeatable ones). */
    public MigrationScenario migrateTo(String version) {
        return migrateTo(Version.parse(Objects.requireNonNull(version, "version")));
    }

    /** Like {@link #migrateTo(String)}. */
    public MigrationScenario migrateTo(Version version) {
        Objects.requireNonNull(version, "version");
        return run("migrateTo(" + version + ")", b -> b.target(version), Migrator::migrate);
    }

    /** Applies every pending migration. */
    public MigrationScenario migrateToLatest() {
        return run("migrateToLatest()", UnaryOperator.identity(), Migrator::migrate);
    }

    /** Reverts, with their down scripts, the applied migrations newer than {@code version}. */
    public MigrationScenario rollbackTo(String version) {
        return rollbackTo(Version.parse(Objects.requireNonNull(version, "version")));
    }

    /** Like {@link #rollbackTo(String)}. */
    public MigrationScenario rollbackTo(Version version) {
        Objects.requireNonNull(version, "version");
        return run("rollbackTo(" + version + ")", UnaryOperator.identity(), m -> m.rollback().to(version));
    }

    /** Runs SQL that returns no rows, such as the {@code INSERT}s that seed the data to carry over. */
    public MigrationScenario execute(String sql) {
        Objects.requireNonNull(sql, "sql");
        try {
            database.execute(sql);
        } catch (MigrationException e) {
            throw new AssertionError("Scenario step execute(...) failed: " + e.getMessage(), e);
        }
        return this;
    }

    /**
     * The rows of a query, for AssertJ's list assertions; ends the scenario. {@code ?} marks bind
     * {@code parameters}.
     */
    public ListAssert<Map<String, Object>> assertQuery(String sql, Object... parameters) {
        return Assertions.assertThat(rows(sql, parameters)).as("rows of %s", sql);
    }

    /** Checks the rows of a query with {@code assertions} and goes on with the scenario. */
    public MigrationScenario verify(String sql, Consumer<ListAssert<Map<String, Object>>> assertions) {
        Objects.requireNonNull(assertions, "assertions");
        assertions.accept(assertQuery(sql));
        return this;
    }

    /** Assertions on the schema as it is at this point of the scenario. */
    public SchemaAssert assertSchema() {
        try (Migrator migrator = database.migrator(settings)) {
            return new SchemaAssert(migrator.inspect());
        }
    }

    private List<Map<String, Object>> rows(String sql, Object... parameters) {
        Objects.requireNonNull(sql, "sql");
        try {
            return database.queryForList(sql, parameters);
        } catch (MigrationException e) {
            throw new AssertionError("Scenario query failed: " + e.getMessage(), e);
        }
    }

    private MigrationScenario run(String step, UnaryOperator<MigratorBuilder> change, Consumer<Migrator> action) {
        try (Migrator migrator = database.migrator(b -> change.apply(settings.apply(b)))) {
            action.accept(migrator);
        } catch (MigrationException e) {
            throw new AssertionError("Scenario step " + step + " failed: " + MigrationFailures.cause(e), e);
        }
        return this;
    }
}
