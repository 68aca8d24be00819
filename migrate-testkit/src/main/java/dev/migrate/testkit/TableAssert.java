package dev.migrate.testkit;

import dev.migrate.schema.Column;
import dev.migrate.schema.Constraint;
import dev.migrate.schema.ForeignKey;
import dev.migrate.schema.Index;
import dev.migrate.schema.Table;
import dev.migrate.testkit.internal.Descriptions;
import dev.migrate.testkit.internal.SchemaFailures;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on one {@link Table}, from {@link SchemaAssert#hasTable(String)}; {@link #and()}
 * returns to the schema.
 *
 * <pre>{@code
 * assertThat(schema).hasTable("orders")
 *         .hasPrimaryKey("id")
 *         .hasForeignKey("customer_id").referencing("customers", "id").and()
 *         .hasCheckConstraint("total >= 0")
 *         .hasIndexOn("customer_id", "created_at");
 * }</pre>
 */
public final class TableAssert extends AbstractAssert<TableAssert, Table> {
    private final SchemaAssert schema;

    TableAssert(Table actual, SchemaAssert schema) {
        super(actual, TableAssert.class);
        this.schema = schema;
    }

    /** The table under test, for the assertions this one leads to. */
    Table table() {
        return actual;
    }

    /** Checks that the column exists (names are case-sensitive) and returns assertions on it. */
    public ColumnAssert hasColumn(String name) {
        Objects.requireNonNull(name, "name");
        Optional<Column> column = actual.column(name);
        if (column.isEmpty()) {
            throwAssertionError(SchemaFailures.shouldHaveColumn(actual, name));
        }
        return Descriptions.inherit(new ColumnAssert(column.get(), this), this);
    }

    /** Checks that the table has no column of this name. */
    public TableAssert doesNotHaveColumn(String name) {
        Objects.requireNonNull(name, "name");
        actual.column(name).ifPresent(c -> throwAssertionError(SchemaFailures.shouldNotHaveColumn(actual, c)));
        return this;
    }

    /** Checks that the primary key is on exactly these columns, in this order. */
    public TableAssert hasPrimaryKey(String... columns) {
        List<String> expected = columns(columns);
        if (!actual.primaryKey().map(Constraint::columns).filter(expected::equals).isPresent()) {
            throwAssertionError(SchemaFailures.shouldHavePrimaryKey(actual, expected));
        }
        return this;
    }

    /**
     * Checks that a foreign key has exactly these referencing columns, in this order, and returns
     * assertions on it: {@code .referencing("users", "id")}.
     */
    public ForeignKeyAssert hasForeignKey(String... columns) {
        List<String> expected = columns(columns);
        Optional<ForeignKey> key = actual.foreignKeys().stream().filter(f -> f.columns().equals(expected)).findFirst();
        if (key.isEmpty()) {
            throwAssertionError(SchemaFailures.shouldHaveForeignKey(actual, expected));
        }
        return Descriptions.inherit(new ForeignKeyAssert(key.get(), this), this);
    }

    /**
     * Checks that a {@code UNIQUE} constraint is on exactly these columns, in this order. A unique
     * index is not a constraint; check one with {@code hasIndexOn(...).unique()}.
     */
    public TableAssert hasUniqueConstraint(String... columns) {
        List<String> expected = columns(columns);
        boolean found = actual.constraints().stream()
                .anyMatch(c -> c.kind() == Constraint.Kind.UNIQUE && c.columns().equals(expected));
        if (!found) {
            throwAssertionError(SchemaFailures.shouldHaveUniqueConstraint(actual, expected, indexes()));
        }
        return this;
    }

    /**
     * Checks that a check constraint is called {@code nameOrFragment}, or that its definition
     * contains it ({@code "price > 0"} finds {@code CHECK ((price > 0))}).
     */
    public TableAssert hasCheckConstraint(String nameOrFragment) {
        Objects.requireNonNull(nameOrFragment, "nameOrFragment");
        boolean found = actual.constraints().stream().anyMatch(c -> c.kind() == Constraint.Kind.CHECK
                && (c.name().equals(nameOrFragment) || c.definition().contains(nameOrFragment)));
        if (!found) {
            throwAssertionError(SchemaFailures.shouldHaveCheckConstraint(actual, nameOrFragment));
        }
        return this;
    }

    /** Checks that the index called {@code name} exists on this table, and returns assertions on it. */
    public IndexAssert hasIndex(String name) {
        Objects.requireNonNull(name, "name");
        List<Index> indexes = indexes();
        Optional<Index> index = indexes.stream()
                .filter(i -> i.name().equals(name) || i.qualifiedName().equals(name)).findFirst();
        if (index.isEmpty()) {
            throwAssertionError(SchemaFailures.shouldHaveIndex(actual, name, indexes));
        }
        return Descriptions.inherit(new IndexAssert(index.get(), this), this);
    }

    /**
     * Checks that an index has exactly these key columns (or expressions, as {@code pg_get_indexdef}
     * prints them: {@code "lower(email)"}), in this order, and returns assertions on it. Of several,
     * the first by name.
     */
    public IndexAssert hasIndexOn(String... columns) {
        List<String> expected = columns(columns);
        List<Index> indexes = indexes();
        Optional<Index> index = indexes.stream().filter(i -> i.columns().equals(expected)).findFirst();
        if (index.isEmpty()) {
            throwAssertionError(SchemaFailures.shouldHaveIndexOn(actual, expected, indexes));
        }
        return Descriptions.inherit(new IndexAssert(index.get(), this), this);
    }

    /** Back to the schema, to check more tables. */
    public SchemaAssert and() {
        return schema;
    }

    private List<Index> indexes() {
        return schema.schema().indexesOn(actual.qualifiedName());
    }

    private static List<String> columns(String... columns) {
        Objects.requireNonNull(columns, "columns");
        if (columns.length == 0) {
            throw new IllegalArgumentException("name at least one column");
        }
        return List.of(columns);
    }
}
