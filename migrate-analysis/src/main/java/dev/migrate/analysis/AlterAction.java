package dev.migrate.analysis;

import java.util.Objects;

/**
 * One action of an {@code ALTER TABLE} (which may list several), with what PostgreSQL does for it.
 *
 * @param type       the action
 * @param column     the column it is about, when it is about one; else null
 * @param constraint for constraint actions, the constraint's kind; else null
 * @param name       a constraint, index or new name the action names; may be null
 * @param dataType   for ADD COLUMN and ALTER COLUMN TYPE, the type as written, lower case; else null
 * @param detail     the rest that matters: the default expression, the referenced table of a
 *                   foreign key, the check expression; may be empty
 * @param notValid   the constraint is added {@code NOT VALID}
 * @param usingIndex the constraint is built {@code USING INDEX} an existing index
 * @param notNull    ADD COLUMN ... NOT NULL (or PRIMARY KEY)
 * @param hasDefault ADD COLUMN ... DEFAULT
 * @param lock       the lock this action takes on the table
 * @param rewrites   it rewrites the table (and its indexes)
 * @param scans      it reads the whole table (to validate or build) without rewriting it
 */
public record AlterAction(Type type, String column, ConstraintKind constraint, String name, String dataType, String detail,
                          boolean notValid, boolean usingIndex, boolean notNull, boolean hasDefault,
                          LockLevel lock, boolean rewrites, boolean scans) {
    public AlterAction {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(lock, "lock");
        detail = detail == null ? "" : detail;
    }

    /** ALTER TABLE actions. */
    public enum Type {
        ADD_COLUMN, DROP_COLUMN, ALTER_COLUMN_TYPE, SET_NOT_NULL, DROP_NOT_NULL, SET_DEFAULT, DROP_DEFAULT,
        ADD_CONSTRAINT, VALIDATE_CONSTRAINT, DROP_CONSTRAINT, RENAME_COLUMN, RENAME_TABLE, RENAME_CONSTRAINT,
        SET_SCHEMA, ATTACH_PARTITION, DETACH_PARTITION, DETACH_PARTITION_CONCURRENTLY,
        DETACH_PARTITION_FINALIZE, ADD_IDENTITY, DROP_IDENTITY,
        SET_EXPRESSION, DROP_EXPRESSION, SET_STATISTICS, SET_STORAGE, SET_OPTIONS, TRIGGER, SET_TABLESPACE,
        SET_LOGGED, SET_UNLOGGED, SET_ACCESS_METHOD, OWNER, CLUSTER_ON, REPLICA_IDENTITY, ROW_LEVEL_SECURITY, INHERIT, OTHER
    }

    /** Kinds of table constraints. */
    public enum ConstraintKind { PRIMARY_KEY, UNIQUE, FOREIGN_KEY, CHECK, EXCLUDE, NOT_NULL }
}
