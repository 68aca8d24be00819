package dev.migrate.testkit;

import dev.migrate.Migrator;
import dev.migrate.MigratorBuilder;
import dev.migrate.schema.DatabaseSchema;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * The entry point of the testkit's AssertJ assertions: on a schema, on migrations, and on data
 * carried across migrations.
 *
 * <pre>{@code
 * import static dev.migrate.testkit.MigrateAssertions.*;
 *
 * @RegisterExtension
 * static MigrateExtension db = MigrateExtension.empty();
 *
 * @Test
 * void migrations() {
 *     assertThatMigrations(db.database()).areReversible();       // up, down, up: every version
 *     assertThat(db.database())                                  // the schema they made
 *             .hasTable("users").hasColumn("email").ofType("text").notNull();
 * }
 *
 * @Test
 * void data() {
 *     scenario(db.database())
 *             .migrateTo("2").execute("INSERT INTO users (email) VALUES ('a@example.com')")
 *             .migrateTo("3").assertQuery("SELECT email, verified FROM users")
 *             .containsExactly(row("email", "a@example.com", "verified", false));
 * }
 * }</pre>
 *
 * <p>Works beside AssertJ's own {@code assertThat}: static-import both; the overloads here are
 * more specific.
 */
public final class MigrateAssertions {
    private MigrateAssertions() {
    }

    /** Assertions on a schema model, such as {@code migrator.inspect()}. */
    public static SchemaAssert assertThat(DatabaseSchema schema) {
        return new SchemaAssert(schema);
    }

    /**
     * Assertions on a test database's schema, read now from its managed schemas (those of the
     * extension's configuration).
     */
    public static SchemaAssert assertThat(TestDatabase database) {
        Objects.requireNonNull(database, "database");
        try (Migrator migrator = database.migrator()) {
            return new SchemaAssert(migrator.inspect());
        }
    }

    /** Assertions on the {@code public} schema of the database behind {@code dataSource}, read now. */
    public static SchemaAssert assertThat(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        try (Migrator migrator = Migrator.configure().dataSource(dataSource).build()) {
            return new SchemaAssert(migrator.inspect());
        }
    }

    /**
     * Assertions on the migrations {@code migrator} applies, on its database:
     * {@code appliesCleanly()}, {@code areReversible()}, {@code haveNoFindingsAbove(...)}. The
     * stairway builds copies of it with other targets, so every setting carries over.
     */
    public static MigrationsAssert assertThat(Migrator migrator) {
        return new MigrationsAssert(migrator);
    }

    /** {@link #assertThat(Migrator)} for a test database's migrations, as its extension configures them. */
    public static MigrationsAssert assertThatMigrations(TestDatabase database) {
        return assertThatMigrations(database, UnaryOperator.identity());
    }

    /**
     * {@link #assertThat(Migrator)} for a test database with more settings:
     * {@code assertThatMigrations(db.database(), b -> b.locations(Location.directory(dir)))}.
     * The migrator needs no closing: it borrows the test database's connections.
     */
    public static MigrationsAssert assertThatMigrations(TestDatabase database, UnaryOperator<MigratorBuilder> settings) {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(settings, "settings");
        return new MigrationsAssert(database.migrator(settings));
    }

    /** A scenario that moves a test database between versions and checks its data; see {@link MigrationScenario}. */
    public static MigrationScenario scenario(TestDatabase database) {
        return scenario(database, UnaryOperator.identity());
    }

    /** Like {@link #scenario(TestDatabase)}, with more migrator settings, such as other locations. */
    public static MigrationScenario scenario(TestDatabase database, UnaryOperator<MigratorBuilder> settings) {
        return new MigrationScenario(Objects.requireNonNull(database, "database"), Objects.requireNonNull(settings, "settings"));
    }

    /**
     * A row as {@link MigrationScenario#assertQuery} returns them, from column labels and values in
     * turn: {@code row("id", 1, "email", "a@example.com")}. Values may be null.
     *
     * @throws IllegalArgumentException when the arguments are not label, value pairs
     */
    public static Map<String, Object> row(Object... labelsAndValues) {
        Objects.requireNonNull(labelsAndValues, "labelsAndValues");
        if (labelsAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("row(...) takes column labels and values in turn, but got "
                    + labelsAndValues.length + " arguments");
        }
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < labelsAndValues.length; i += 2) {
            if (!(labelsAndValues[i] instanceof String label)) {
                throw new IllegalArgumentException("row(...) argument " + i + " must be a column label, was " + labelsAndValues[i]);
            }
            row.put(label, labelsAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(row);
    }
}
