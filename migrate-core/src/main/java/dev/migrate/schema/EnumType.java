package dev.migrate.schema;

import java.util.List;
import java.util.Objects;

/**
 * An enum type.
 *
 * @param schema the type's schema
 * @param name   the type's name
 * @param labels the labels in their sort order (not alphabetical)
 */
public record EnumType(String schema, String name, List<String> labels) implements SchemaObject {
    public EnumType {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        labels = List.copyOf(labels);
    }
}
