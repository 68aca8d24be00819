package dev.migrate.schema;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A table: an ordinary table, a partition, a partitioned table or a foreign table.
 *
 * <pre>{@code
 * Table users = schema.table("users").orElseThrow();
 * users.column("email").map(Column::type);        // Optional[text]
 * users.primaryKey().map(Constraint::columns);    // Optional[[id]]
 * }</pre>
 *
 * @param schema         the table's schema
 * @param name           the table's name
 * @param kind           what kind of table it is
 * @param unlogged       true for an {@code UNLOGGED} table
 * @param columns        the columns in the order a {@code SELECT *} returns them, without dropped columns
 * @param constraints    primary key, unique, check and exclusion constraints, sorted by name
 * @param foreignKeys    foreign keys, sorted by name
 * @param partitionKey   for a partitioned table, its key as {@code pg_get_partkeydef} prints it, such as
 *                       {@code RANGE (created_at)}; otherwise null
 * @param partitionOf    for a partition, its parent as {@code schema.name}; otherwise null
 * @param partitionBound for a partition, its bound, such as {@code FOR VALUES FROM ('2024-01-01') TO
 *                       ('2025-01-01')}; otherwise null
 * @param comment        the table's comment, or null
 */
public record Table(String schema, String name, Kind kind, boolean unlogged, List<Column> columns,
                    List<Constraint> constraints, List<ForeignKey> foreignKeys, String partitionKey,
                    String partitionOf, String partitionBound, String comment) implements SchemaObject {
    public Table {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        columns = List.copyOf(columns);
        constraints = Names.sorted(constraints, Comparator.comparing(Constraint::name), "constraints");
        foreignKeys = Names.sorted(foreignKeys, Comparator.comparing(ForeignKey::name), "foreignKeys");
    }

    /** The column called {@code name}, case-sensitive. */
    public Optional<Column> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The column names in order. */
    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    /** The primary key, if the table has one. */
    public Optional<Constraint> primaryKey() {
        return constraints.stream().filter(c -> c.kind() == Constraint.Kind.PRIMARY_KEY).findFirst();
    }

    /** The primary key, unique, check or exclusion constraint called {@code name}. */
    public Optional<Constraint> constraint(String name) {
        return constraints.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The foreign key called {@code name}. */
    public Optional<ForeignKey> foreignKey(String name) {
        return foreignKeys.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** The kind of table, from {@code pg_class.relkind}. */
    public enum Kind {
        /** An ordinary table, including a partition ({@code r}). */
        TABLE,
        /** A partitioned table, which holds no rows itself ({@code p}). */
        PARTITIONED_TABLE,
        /** A foreign table ({@code f}). */
        FOREIGN_TABLE
    }
}
