package dev.migrate;

import dev.migrate.schema.DatabaseSchema;
import dev.migrate.schema.SchemaChange;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Migrator#diff} found: the two schemas and the ordered changes from one to the other.
 *
 * @param from    where it started, as read
 * @param to      where it leads, as read
 * @param source  what {@code from} was read from
 * @param target  what {@code to} was read from
 * @param changes the changes, in an order that runs ({@link DatabaseSchema#changesTo})
 */
public record SchemaDiff(SchemaSource source, SchemaSource target, DatabaseSchema from, DatabaseSchema to, List<SchemaChange> changes) {
    public SchemaDiff {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        changes = List.copyOf(changes);
    }

    /** Whether the two schemas are the same, as far as the diff sees. */
    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** The changes as a migration script ({@link SchemaChange#script}); empty when there are none. */
    public String toSql() {
        return changes.isEmpty() ? "" : SchemaChange.script(changes);
    }

    /** A summary for people: a line per change with its hazards, or that there is none. */
    public String toText() {
        StringBuilder out = new StringBuilder("Diff from " + source + " to " + target + ": ");
        if (changes.isEmpty()) {
            return out.append("no differences\n").toString();
        }
        out.append(changes.size()).append(" change").append(changes.size() == 1 ? "" : "s").append('\n');
        for (SchemaChange c : changes) {
            out.append("  ").append(c.action()).append(' ').append(c.object()).append(c.transactional() ? "" : "  (no transaction)")
                    .append('\n');
            for (String h : c.hazards()) {
                out.append("      ! ").append(h).append('\n');
            }
        }
        return out.toString();
    }

    /** The changes as JSON: for each, object, action, sql, transactional and hazards. */
    public String toJson() {
        return Reports.diffJson(this);
    }
}
