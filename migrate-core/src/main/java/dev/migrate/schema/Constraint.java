package dev.migrate.schema;

import java.util.List;
import java.util.Objects;

/**
 * A primary key, unique, check or exclusion constraint of a table, or a check constraint of a
 * domain. Foreign keys are {@link ForeignKey}s; {@code NOT NULL} is {@link Column#nullable()}.
 *
 * @param name       the constraint's name
 * @param kind       what kind of constraint it is
 * @param columns    the constrained columns in the constraint's order; for a check constraint, the
 *                   columns its expression mentions; empty for a domain's check
 * @param definition the constraint as {@code pg_get_constraintdef} prints it, such as
 *                   {@code UNIQUE (email)} or {@code CHECK ((price > 0)) NOT VALID}
 * @param validated  false for a constraint added {@code NOT VALID} and not validated since
 */
public record Constraint(String name, Kind kind, List<String> columns, String definition, boolean validated) {
    public Constraint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        columns = List.copyOf(columns);
        Objects.requireNonNull(definition, "definition");
    }

    /** The kinds of constraint this record holds, from {@code pg_constraint.contype}. */
    public enum Kind {
        /** {@code PRIMARY KEY}. */
        PRIMARY_KEY,
        /** {@code UNIQUE}. */
        UNIQUE,
        /** {@code CHECK}. */
        CHECK,
        /** {@code EXCLUDE}. */
        EXCLUSION
    }
}
