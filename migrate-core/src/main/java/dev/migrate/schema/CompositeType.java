package dev.migrate.schema;

import java.util.List;
import java.util.Objects;

/**
 * A composite type made by {@code CREATE TYPE ... AS (...)} (not the row types of tables).
 *
 * @param schema     the type's schema
 * @param name       the type's name
 * @param attributes the attributes in order
 */
public record CompositeType(String schema, String name, List<Attribute> attributes) implements SchemaObject {
    /** Checks that the schema and name are there; copies the attributes. */
    public CompositeType {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        attributes = List.copyOf(attributes);
    }

    /**
     * One attribute of a composite type.
     *
     * @param name the attribute's name
     * @param type the attribute's type as {@code format_type} prints it
     */
    public record Attribute(String name, String type) {
        /** Checks that the name and type are there. */
        public Attribute {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }
}
