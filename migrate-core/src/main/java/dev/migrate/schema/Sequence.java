package dev.migrate.schema;

import java.util.Objects;

/**
 * A sequence, including those behind {@code serial} and identity columns.
 *
 * @param schema    the sequence's schema
 * @param name      the sequence's name
 * @param dataType  {@code smallint}, {@code integer} or {@code bigint}
 * @param start     the start value
 * @param increment the increment
 * @param minValue  the minimum value
 * @param maxValue  the maximum value
 * @param cache     how many values a session preallocates
 * @param cycle     true when it wraps around at its limit
 * @param ownedBy   the column that owns it (dropping the column drops the sequence) as
 *                  {@code table.column}, the table being in {@code schema}; null when none does
 */
public record Sequence(String schema, String name, String dataType, long start, long increment, long minValue,
                       long maxValue, long cache, boolean cycle, String ownedBy) implements SchemaObject {
    public Sequence {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataType, "dataType");
    }
}
