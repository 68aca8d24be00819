package dev.migrate.schema;

import java.util.Objects;

/**
 * A trigger on a table or view, written by the user (not those behind foreign keys, nor the copies
 * on partitions of a partitioned table's trigger).
 *
 * @param schema     the schema of the trigger's table
 * @param table      the table or view the trigger is on
 * @param name       the trigger's name, unique per table
 * @param firing     when the trigger fires, as {@code ALTER TABLE ... ENABLE/DISABLE TRIGGER} sets it
 * @param definition the trigger as {@code pg_get_triggerdef} prints it
 */
public record Trigger(String schema, String table, String name, Firing firing, String definition) {
    public Trigger {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(firing, "firing");
        Objects.requireNonNull(definition, "definition");
    }

    /** The trigger's table as {@code schema.name}. */
    public String qualifiedTable() {
        return schema + "." + table;
    }

    /** False when the trigger is disabled. */
    public boolean enabled() {
        return firing != Firing.DISABLED;
    }

    /** When a trigger fires, from {@code pg_trigger.tgenabled}. */
    public enum Firing {
        /** Enabled, the default: fires unless the session replication role is {@code replica}. */
        ORIGIN,
        /** {@code ENABLE REPLICA}: fires only when the session replication role is {@code replica}. */
        REPLICA,
        /** {@code ENABLE ALWAYS}: fires whatever the session replication role. */
        ALWAYS,
        /** {@code DISABLE}: never fires. */
        DISABLED
    }
}
