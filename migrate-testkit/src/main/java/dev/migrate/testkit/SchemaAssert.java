package dev.migrate.testkit;

import dev.migrate.schema.DatabaseSchema;
import dev.migrate.schema.EnumType;
import dev.migrate.schema.Table;
import dev.migrate.testkit.internal.Descriptions;
import dev.migrate.testkit.internal.Failure;
import dev.migrate.testkit.internal.SchemaFailures;
import dev.migrate.testkit.internal.Snapshots;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link DatabaseSchema}, as {@code Migrator.inspect()} reads it. Get one from
 * {@link MigrateAssertions#assertThat(DatabaseSchema)}, {@link MigrateAssertions#assertThat(TestDatabase)}
 * or {@link MigrateAssertions#assertThat(javax.sql.DataSource)}.
 *
 * <pre>{@code
 * assertThat(db.database())
 *         .hasTable("users")
 *             .hasPrimaryKey("id")
 *             .hasColumn("email").ofType("text").notNull().and()
 *             .hasIndexOn("email").unique().and()
 *         .and()
 *         .hasEnum("order_status", "new", "paid", "shipped")
 *         .matchesSnapshot(Path.of("src/test/resources/schema.txt"));
 * }</pre>
 *
 * <p>Names are {@code name} or {@code schema.name}; an unqualified name is looked up in the managed
 * schemas in order. Failure messages name the object, what was expected and what is there, and
 * when something is missing, what exists instead.
 */
public final class SchemaAssert extends AbstractAssert<SchemaAssert, DatabaseSchema> {

    SchemaAssert(DatabaseSchema actual) {
        super(actual, SchemaAssert.class);
    }

    /** The schema under test, for the assertions this one leads to. */
    DatabaseSchema schema() {
        return actual;
    }

    /** Checks that the table exists, and returns assertions on it; the message lists the tables that do exist. */
    public TableAssert hasTable(String name) {
        Objects.requireNonNull(name, "name");
        isNotNull();
        Optional<Table> table = actual.table(name);
        if (table.isEmpty()) {
            throwAssertionError(SchemaFailures.shouldHaveTable(actual, name));
        }
        return Descriptions.inherit(new TableAssert(table.get(), this), this);
    }

    /** Checks that no table has this name. */
    public SchemaAssert doesNotHaveTable(String name) {
        Objects.requireNonNull(name, "name");
        isNotNull();
        actual.table(name).ifPresent(t -> throwAssertionError(SchemaFailures.shouldNotHaveTable(t)));
        return this;
    }

    /** Checks that the view or materialized view exists. */
    public SchemaAssert hasView(String name) {
        Objects.requireNonNull(name, "name");
        isNotNull();
        if (actual.view(name).isEmpty()) {
            throwAssertionError(SchemaFailures.shouldHaveView(actual, name));
        }
        return this;
    }

    /** Checks that a function or procedure of this name exists, whatever its arguments. */
    public SchemaAssert hasFunction(String name) {
        Objects.requireNonNull(name, "name");
        isNotNull();
        if (actual.routine(name).isEmpty()) {
            throwAssertionError(SchemaFailures.shouldHaveFunction(actual, name));
        }
        return this;
    }

    /**
     * Checks that the overload of {@code name} whose identity arguments read exactly
     * {@code arguments} ({@code "a integer, b text"}, or {@code ""} for none) exists.
     */
    public SchemaAssert hasFunction(String name, String arguments) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arguments, "arguments");
        isNotNull();
        if (actual.routine(name, arguments).isEmpty()) {
            throwAssertionError(SchemaFailures.shouldHaveFunction(actual, name + "(" + arguments + ")"));
        }
        return this;
    }

    /** Checks that the trigger called {@code name} exists on {@code table}. */
    public SchemaAssert hasTrigger(String table, String name) {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(name, "name");
        isNotNull();
        if (actual.trigger(table, name).isEmpty()) {
            throwAssertionError(SchemaFailures.shouldHaveTrigger(actual, table, name));
        }
        return this;
    }

    /**
     * Checks that the enum type exists and, when {@code labels} are given, that it has exactly these
     * labels in this order.
     */
    public SchemaAssert hasEnum(String name, String... labels) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(labels, "labels");
        isNotNull();
        Optional<EnumType> type = actual.enumType(name);
        if (type.isEmpty()) {
            throwAssertionError(SchemaFailures.shouldHaveEnum(actual, name));
        }
        if (labels.length > 0 && !type.get().labels().equals(List.of(labels))) {
            throwAssertionError(SchemaFailures.shouldHaveLabels(type.get(), List.of(labels)));
        }
        return this;
    }

    /** Checks that the sequence exists. */
    public SchemaAssert hasSequence(String name) {
        Objects.requireNonNull(name, "name");
        isNotNull();
        if (actual.sequence(name).isEmpty()) {
            throwAssertionError(SchemaFailures.shouldHaveSequence(actual, name));
        }
        return this;
    }

    /**
     * Checks that the schema equals {@code expected}, listing every
     * {@link DatabaseSchema#differences(DatabaseSchema) difference} when it does not.
     */
    public SchemaAssert hasNoDifferencesFrom(DatabaseSchema expected) {
        Objects.requireNonNull(expected, "expected");
        isNotNull();
        List<String> differences = actual.differences(expected);
        if (!differences.isEmpty()) {
            throwAssertionError(SchemaFailures.shouldHaveNoDifferences(differences));
        }
        return this;
    }

    /**
     * Checks that the schema's {@link DatabaseSchema#render() text} equals the snapshot file's, and
     * on a mismatch shows the lines that differ, each under the table it belongs to.
     *
     * <ul>
     * <li>With the system property {@code migrate.snapshots.update=true}, writes the current text to
     *     the file instead (creating its directories) and passes: run once like that after an intended
     *     change, then review the file's diff and commit it.</li>
     * <li>When the file does not exist, writes it and <em>fails</em>, saying so: a missing snapshot
     *     never passes silently (on a CI server, it would check nothing). Review and commit the new
     *     file; the next run compares against it.</li>
     * </ul>
     *
     * <p>Line ends of the stored file do not matter. The text depends on the PostgreSQL major
     * version ({@code pg_get_*def} output changes between versions), so keep one server version per
     * snapshot.
     *
     * @param snapshot the file, such as {@code Path.of("src/test/resources/schema.txt")}
     */
    public SchemaAssert matchesSnapshot(Path snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        isNotNull();
        Snapshots.check(snapshot, actual.render()).ifPresent(text -> throwAssertionError(Failure.of(text)));
        return this;
    }
}
