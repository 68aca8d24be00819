package dev.migrate.schema;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A view or materialized view.
 *
 * @param schema       the view's schema
 * @param name         the view's name
 * @param materialized true for a materialized view
 * @param columns      the view's columns in order
 * @param definition   the query as {@code pg_get_viewdef} prints it
 * @param comment      the view's comment, or null
 */
public record View(String schema, String name, boolean materialized, List<Column> columns, String definition,
                   String comment) implements SchemaObject {
    public View {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
        Objects.requireNonNull(definition, "definition");
    }

    /** The column called {@code name}, case-sensitive. */
    public Optional<Column> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
