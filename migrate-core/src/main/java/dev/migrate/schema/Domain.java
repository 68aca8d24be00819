package dev.migrate.schema;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A domain: a type with constraints.
 *
 * @param schema            the domain's schema
 * @param name              the domain's name
 * @param baseType          the underlying type as {@code format_type} prints it
 * @param notNull           true for a {@code NOT NULL} domain
 * @param defaultExpression the domain's default, or null
 * @param checks            the check constraints, of kind {@link Constraint.Kind#CHECK} and without
 *                          columns, sorted by name
 */
public record Domain(String schema, String name, String baseType, boolean notNull, String defaultExpression,
                     List<Constraint> checks) implements SchemaObject {
    public Domain {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(baseType, "baseType");
        checks = Names.sorted(checks, Comparator.comparing(Constraint::name), "checks");
    }
}
