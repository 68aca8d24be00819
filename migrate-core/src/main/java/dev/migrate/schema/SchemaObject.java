package dev.migrate.schema;

/**
 * An object that lives in a schema and is named within it: what
 * {@link DatabaseSchema#table(String)} and the other lookups find by {@code name} or
 * {@code schema.name}.
 */
public sealed interface SchemaObject permits Table, View, Index, Sequence, Routine, EnumType, Domain, CompositeType {
    /** The schema the object lives in, as written in the catalog (case-sensitive, unquoted). */
    String schema();

    /** The object's name within its schema, as written in the catalog (case-sensitive, unquoted). */
    String name();

    /** {@code schema.name}, unquoted: how messages and the rendered text name the object. */
    default String qualifiedName() {
        return schema() + "." + name();
    }
}
