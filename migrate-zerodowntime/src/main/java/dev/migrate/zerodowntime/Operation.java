package dev.migrate.zerodowntime;

import java.util.List;
import java.util.Objects;

/**
 * One change of an {@link ExpandContract} migration. Tables are named without a schema: they live
 * in the migrator's first managed schema. Columns are named as they are before the migration, or
 * as an earlier operation of the same migration adds them. Expressions ({@code up}, {@code down},
 * defaults, checks) are SQL, written by the migration's author like the rest of its SQL.
 *
 * <p>What each operation does in each phase:
 *
 * <table>
 * <caption>Phases of each operation</caption>
 * <tr><th>operation</th><th>start (expand)</th><th>complete (contract)</th><th>rollback</th></tr>
 * <tr><td>{@link CreateTable}</td><td>creates the table; only the new version sees it</td><td>-</td><td>drops it</td></tr>
 * <tr><td>{@link DropTable}</td><td>the new version no longer sees it</td><td>drops it</td><td>-</td></tr>
 * <tr><td>{@link RenameTable}</td><td>the new version sees it under the new name</td><td>renames it</td><td>-</td></tr>
 * <tr><td>{@link AddColumn}</td><td>adds it nullable; {@code up} fills it for rows the old version writes; a
 * {@code NOT NULL} is a validated check</td><td>sets {@code NOT NULL}</td><td>drops it</td></tr>
 * <tr><td>{@link DropColumn}</td><td>the new version no longer sees it; {@code down} fills it for rows the
 * new version writes</td><td>drops it</td><td>-</td></tr>
 * <tr><td>{@link RenameColumn}</td><td>the new version sees it under the new name</td><td>renames it</td><td>-</td></tr>
 * <tr><td>{@link ChangeType}</td><td>adds a column of the new type, kept in step both ways by {@code up} and
 * {@code down}, backfilled</td><td>swaps it in for the old one</td><td>drops it</td></tr>
 * <tr><td>{@link SetNotNull}</td><td>{@code up} replaces nulls in rows written and backfilled; a check
 * {@code NOT VALID}, then validated</td><td>sets {@code NOT NULL} (no scan: the check proves it)</td><td>drops the check</td></tr>
 * <tr><td>{@link DropNotNull}</td><td>drops {@code NOT NULL}</td><td>-</td><td>-</td></tr>
 * <tr><td>{@link AddCheck}, {@link AddForeignKey}</td><td>added {@code NOT VALID}, validated after the
 * backfill</td><td>-</td><td>dropped</td></tr>
 * <tr><td>{@link AddUnique}</td><td>a unique index built {@code CONCURRENTLY}</td><td>the constraint, on that
 * index</td><td>the index dropped</td></tr>
 * <tr><td>{@link CreateIndex}</td><td>built {@code CONCURRENTLY}</td><td>-</td><td>dropped</td></tr>
 * <tr><td>{@link DropIndex}</td><td>-</td><td>dropped {@code CONCURRENTLY}</td><td>-</td></tr>
 * <tr><td>{@link RawSql}</td><td>{@code up} runs</td><td>-</td><td>{@code down} runs</td></tr>
 * </table>
 */
public sealed interface Operation {

    /** The table the operation changes, or null for {@link RawSql}. */
    String table();

    /**
     * A column of {@link CreateTable} or {@link AddColumn}.
     *
     * @param name       its name
     * @param type       its type, such as {@code bigint} or {@code text}
     * @param nullable   false for {@code NOT NULL}
     * @param defaultSql its default expression, or null
     * @param check      a check on it, such as {@code price >= 0}, or null
     * @param references a table it references, such as {@code users(id)}, or null
     * @param unique     whether its values are unique
     */
    record Column(String name, String type, boolean nullable, String defaultSql, String check, String references, boolean unique) {
        public Column {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }

        /** A nullable column with no default and no constraint. */
        public static Column of(String name, String type) {
            return new Column(name, type, true, null, null, null, false);
        }

        /** The same column {@code NOT NULL}. */
        public Column notNull() {
            return new Column(name, type, false, defaultSql, check, references, unique);
        }

        /** The same column with a default. */
        public Column withDefault(String expression) {
            return new Column(name, type, nullable, expression, check, references, unique);
        }

        /** The same column with a check. */
        public Column withCheck(String expression) {
            return new Column(name, type, nullable, defaultSql, expression, references, unique);
        }

        /** The same column referencing {@code target}, such as {@code users(id)}. */
        public Column referencing(String target) {
            return new Column(name, type, nullable, defaultSql, check, target, unique);
        }

        /** The same column with unique values. */
        public Column asUnique() {
            return new Column(name, type, nullable, defaultSql, check, references, true);
        }
    }

    /** Creates {@code table} with {@code columns} and the primary key {@code primaryKey} (its columns). */
    record CreateTable(String table, List<Column> columns, List<String> primaryKey) implements Operation {
        public CreateTable {
            Objects.requireNonNull(table, "table");
            columns = List.copyOf(columns);
            primaryKey = List.copyOf(primaryKey);
        }
    }

    /** Drops {@code table}. */
    record DropTable(String table) implements Operation {
        public DropTable {
            Objects.requireNonNull(table, "table");
        }
    }

    /** Renames {@code table} to {@code to}. */
    record RenameTable(String table, String to) implements Operation {
        public RenameTable {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(to, "to");
        }
    }

    /**
     * Adds {@code column} to {@code table}.
     *
     * @param up the value for rows the old version writes and for existing rows, from the old shape's
     *           columns (such as {@code lower(email)}); null when its default (or null) will do.
     *           Needed for a {@code NOT NULL} column without a default
     */
    record AddColumn(String table, Column column, String up) implements Operation {
        public AddColumn {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(column, "column");
        }
    }

    /**
     * Drops {@code column} from {@code table}.
     *
     * @param down the value for rows the new version writes while the old one still reads it, from the
     *             new shape's columns; null when its default (or null) will do
     */
    record DropColumn(String table, String column, String down) implements Operation {
        public DropColumn {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(column, "column");
        }
    }

    /** Renames {@code column} of {@code table} to {@code to}. */
    record RenameColumn(String table, String column, String to) implements Operation {
        public RenameColumn {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(to, "to");
        }
    }

    /**
     * Changes the type of {@code column}.
     *
     * @param type the new type, such as {@code bigint}
     * @param up   the new value from the old shape's columns, such as {@code amount::bigint}
     * @param down the old value from the new shape's columns (the column's name stands for its new
     *             value), such as {@code amount::int}
     */
    record ChangeType(String table, String column, String type, String up, String down) implements Operation {
        public ChangeType {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(up, "up");
            Objects.requireNonNull(down, "down");
        }
    }

    /**
     * Makes {@code column} {@code NOT NULL}.
     *
     * @param up the value that replaces a null, from the row's columns, such as {@code 'unknown'}
     */
    record SetNotNull(String table, String column, String up) implements Operation {
        public SetNotNull {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(up, "up");
        }
    }

    /** Lets {@code column} hold nulls. */
    record DropNotNull(String table, String column) implements Operation {
        public DropNotNull {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(column, "column");
        }
    }

    /** Adds the check constraint {@code name}, such as {@code price >= 0}. */
    record AddCheck(String table, String name, String check) implements Operation {
        public AddCheck {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(check, "check");
        }
    }

    /** Adds the unique constraint {@code name} on {@code columns}. */
    record AddUnique(String table, String name, List<String> columns) implements Operation {
        public AddUnique {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(name, "name");
            columns = List.copyOf(columns);
        }
    }

    /**
     * Adds the foreign key {@code name}.
     *
     * @param references        the referenced table
     * @param referencedColumns its columns, in the order of {@code columns}
     * @param onDelete          {@code CASCADE}, {@code SET NULL}, {@code RESTRICT}..., or null for the default
     */
    record AddForeignKey(String table, String name, List<String> columns, String references, List<String> referencedColumns,
                         String onDelete) implements Operation {
        public AddForeignKey {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(name, "name");
            columns = List.copyOf(columns);
            Objects.requireNonNull(references, "references");
            referencedColumns = List.copyOf(referencedColumns);
        }
    }

    /** Builds the index {@code name} on {@code columns} (column names), {@code UNIQUE} when asked. */
    record CreateIndex(String table, String name, List<String> columns, boolean unique) implements Operation {
        public CreateIndex {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(name, "name");
            columns = List.copyOf(columns);
        }
    }

    /** Drops the index {@code name} of {@code table}. */
    record DropIndex(String table, String name) implements Operation {
        public DropIndex {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * SQL the operations do not cover: {@code up} runs at start, {@code down} at rollback (null when
     * there is nothing to undo). Each is one statement or several separated by {@code ;}. Neither
     * version's views show what it creates until a later migration starts.
     */
    record RawSql(String up, String down) implements Operation {
        public RawSql {
            Objects.requireNonNull(up, "up");
        }

        @Override
        public String table() {
            return null;
        }
    }
}
