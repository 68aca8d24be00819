package dev.migrate.schema;

import java.util.List;
import java.util.Objects;

/**
 * An index of a table or materialized view, including those behind primary key, unique and
 * exclusion constraints.
 *
 * @param schema          the index's schema, which is its table's
 * @param name            the index's name
 * @param table           the indexed table or materialized view, unqualified (it is in {@code schema})
 * @param columns         the key columns or expressions in order, such as {@code email} or
 *                        {@code lower(email)}, without sort order or operator class
 * @param includedColumns the {@code INCLUDE} columns in order, or empty
 * @param unique          true for a unique index
 * @param primary         true for the index of a primary key
 * @param predicate       the {@code WHERE} of a partial index, such as {@code (deleted_at IS NULL)};
 *                        otherwise null
 * @param valid           false for an index a failed {@code CREATE INDEX CONCURRENTLY} left behind,
 *                        which queries do not use
 * @param method          the access method, such as {@code btree} or {@code gin}
 * @param definition      the index as {@code pg_get_indexdef} prints it, such as
 *                        {@code CREATE UNIQUE INDEX users_email_key ON public.users USING btree (email)}
 */
public record Index(String schema, String name, String table, List<String> columns, List<String> includedColumns,
                    boolean unique, boolean primary, String predicate, boolean valid, String method,
                    String definition) implements SchemaObject {
    public Index {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(table, "table");
        columns = List.copyOf(columns);
        includedColumns = List.copyOf(includedColumns);
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(definition, "definition");
    }

    /** The indexed table as {@code schema.name}. */
    public String qualifiedTable() {
        return schema + "." + table;
    }
}
