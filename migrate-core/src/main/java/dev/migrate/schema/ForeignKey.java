package dev.migrate.schema;

import java.util.List;
import java.util.Objects;

/**
 * A foreign key of a table.
 *
 * @param name              the constraint's name
 * @param columns           the referencing columns, in order
 * @param referencedSchema  the schema of the referenced table (which may be one that was not read)
 * @param referencedTable   the referenced table
 * @param referencedColumns the referenced columns, in the order matching {@code columns}
 * @param onDelete          what deleting a referenced row does
 * @param onUpdate          what updating a referenced key does
 * @param validated         false for a foreign key added {@code NOT VALID} and not validated since
 * @param definition        the constraint as {@code pg_get_constraintdef} prints it, such as
 *                          {@code FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE}
 */
public record ForeignKey(String name, List<String> columns, String referencedSchema, String referencedTable,
                         List<String> referencedColumns, Action onDelete, Action onUpdate, boolean validated,
                         String definition) {
    public ForeignKey {
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
        Objects.requireNonNull(referencedSchema, "referencedSchema");
        Objects.requireNonNull(referencedTable, "referencedTable");
        referencedColumns = List.copyOf(referencedColumns);
        Objects.requireNonNull(onDelete, "onDelete");
        Objects.requireNonNull(onUpdate, "onUpdate");
        Objects.requireNonNull(definition, "definition");
    }

    /** The referenced table as {@code schema.name}. */
    public String referencedQualifiedName() {
        return referencedSchema + "." + referencedTable;
    }

    /** A referential action, from {@code pg_constraint.confdeltype} and {@code confupdtype}. */
    public enum Action {
        /** {@code NO ACTION}, the default: fail at the end of the statement (or transaction, if deferred). */
        NO_ACTION,
        /** {@code RESTRICT}: fail at once. */
        RESTRICT,
        /** {@code CASCADE}. */
        CASCADE,
        /** {@code SET NULL}. */
        SET_NULL,
        /** {@code SET DEFAULT}. */
        SET_DEFAULT
    }
}
