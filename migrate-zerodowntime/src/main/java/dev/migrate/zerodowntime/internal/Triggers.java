package dev.migrate.zerodowntime.internal;

import dev.migrate.Version;
import dev.migrate.schema.Table;
import dev.migrate.zerodowntime.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The trigger that keeps a table's old and new shapes in step while a migration is in flight:
 * one {@code BEFORE INSERT OR UPDATE} row trigger per table, whatever the number of operations.
 * An {@code up} expression is evaluated with the old shape's column names bound to the row, a
 * {@code down} one with the new shape's; each in a block of its own, so the two sets of names
 * never meet.
 *
 * <p>Which version wrote a row is told by the row itself, not by the session (its search path
 * or a setting would not survive a transaction-pooling connection pooler): for a type change, an
 * insert that sets the new column, or an update that changes the new column and leaves the old
 * one, comes from the new version; anything else from the old one (and the backfill, which
 * touches no column, counts as the old version writing the row again).
 */
final class Triggers {
    private final Version version;
    private final String base;
    private final String table;
    private final String state;
    private final Table before;
    private final List<String> searchPath;
    private final List<String> blocks = new ArrayList<>();
    private final List<String> backfill = new ArrayList<>();
    private boolean swaps;

    /** @param searchPath the managed schemas, which the trigger's expressions are read against whoever writes the row */
    Triggers(Version version, String base, String table, String state, Table before, List<String> searchPath) {
        this.searchPath = List.copyOf(searchPath);
        this.version = version;
        this.base = base;
        this.table = table;
        this.state = state;
        this.before = before;
    }

    /**
     * Replaces a null in {@code column} with {@code expression} of the old shape, on every write: a
     * {@code NOT NULL} to come, or a default that is not a constant. Rows the backfill visits: those
     * where the column is null.
     */
    void fillNull(String column, String expression) {
        String c = "NEW." + Sql.quote(column);
        blocks.add("IF " + c + " IS NULL THEN " + bound(oldShape(), c, expression) + " END IF;");
        backfill.add(Sql.quote(column) + " IS NULL");
    }

    /**
     * Derives an added {@code column} from the old shape's columns: on an insert that leaves it
     * null, and on an update that leaves it as it was (the old version, which does not know it,
     * changed the row: its value is derived again). An update that sets it (the new version) keeps it.
     */
    void derive(String column, String up) {
        String c = "NEW." + Sql.quote(column);
        blocks.add("IF (TG_OP = 'INSERT' AND " + c + " IS NULL) OR (TG_OP = 'UPDATE' AND " + c + " IS NOT DISTINCT FROM OLD."
                + Sql.quote(column) + ") THEN " + bound(oldShape(), c, up) + " END IF;");
        backfill.add(Sql.quote(column) + " IS NULL");
    }

    /**
     * Gives {@code column}, which the new version no longer sees, the value {@code expression} of
     * the new shape in a row the new version inserts without it. Updates keep the row's value, and
     * rows written before are left as they are: nothing to backfill.
     */
    void fillOnInsert(String column, String expression, List<Operation> ops) {
        String c = "NEW." + Sql.quote(column);
        blocks.add("IF TG_OP = 'INSERT' AND " + c + " IS NULL THEN " + bound(newShape(ops), c, expression) + " END IF;");
    }

    /** Keeps {@code column} and its new-typed {@code shadow} in step, both ways; the backfill fills {@code shadow}. */
    void swap(String column, String shadow, String up, String down, List<Operation> ops) {
        swaps = true;
        String c = "NEW." + Sql.quote(column);
        String s = "NEW." + Sql.quote(shadow);
        blocks.add("IF TG_OP = 'INSERT' THEN migrate_down := " + s + " IS NOT NULL; ELSE migrate_down := " + s
                + " IS DISTINCT FROM OLD." + Sql.quote(shadow) + " AND " + c + " IS NOT DISTINCT FROM OLD." + Sql.quote(column)
                + "; END IF; IF migrate_down THEN " + bound(newShape(ops), c, down) + " ELSE " + bound(oldShape(), s, up) + " END IF;");
        backfill.add(Sql.quote(shadow) + " IS NULL");
    }

    /**
     * The rows of the table the backfill must visit (each needs a value the trigger gives it), or
     * null when none does. A row the new version wrote already has its values, and is left alone.
     */
    String backfillWhere() {
        return backfill.isEmpty() ? null : String.join(" OR ", backfill);
    }

    boolean needed() {
        return !blocks.isEmpty();
    }

    /** Statements of the expand's DO block: the function, and the trigger on it. */
    List<String> create() {
        String body = "#variable_conflict use_variable\nDECLARE migrate_down boolean; BEGIN " + String.join(" ", blocks)
                + " RETURN NEW; END";
        if (!swaps) {
            body = body.replace("DECLARE migrate_down boolean; ", "");
        }
        return List.of("CREATE OR REPLACE FUNCTION " + function() + " RETURNS trigger LANGUAGE plpgsql SET search_path = "
                        + String.join(", ", searchPath.stream().map(Sql::quote).toList()) + " AS $migrate_fn$\n" + body + "\n$migrate_fn$",
                "DROP TRIGGER IF EXISTS " + Sql.quote(Naming.trigger(version)) + " ON " + qualifiedTable(),
                "CREATE TRIGGER " + Sql.quote(Naming.trigger(version)) + " BEFORE INSERT OR UPDATE ON " + qualifiedTable()
                        + " FOR EACH ROW EXECUTE FUNCTION " + function());
    }

    /** Statements that remove the trigger and its function, when they are there. */
    List<String> drop() {
        return List.of("DROP TRIGGER IF EXISTS " + Sql.quote(Naming.trigger(version)) + " ON " + qualifiedTable(),
                "DROP FUNCTION IF EXISTS " + function());
    }

    private String function() {
        return Sql.quote(state) + "." + Sql.quote(Naming.function(version, table)) + "()";
    }

    private String qualifiedTable() {
        return Sql.quote(base) + "." + Sql.quote(table);
    }

    /** The old version's names: the table's columns as they were. */
    private Map<String, String> oldShape() {
        Map<String, String> shape = new java.util.LinkedHashMap<>();
        before.columnNames().forEach(c -> shape.put(c, c));
        return shape;
    }

    /** The new version's names, over the columns as they are after the expand. */
    private Map<String, String> newShape(List<Operation> ops) {
        List<String> physical = new ArrayList<>(before.columnNames());
        for (Operation op : ops) {
            if (op instanceof Operation.AddColumn a) {
                physical.add(a.column().name());
            } else if (op instanceof Operation.ChangeType t) {
                physical.add(Naming.shadow(t.column()));
            }
        }
        return Exposure.columns(physical, ops);
    }

    /** {@code target := (expression)} in a block declaring each name of {@code shape} as the row's value of its column. */
    private String bound(Map<String, String> shape, String target, String expression) {
        StringBuilder declare = new StringBuilder("DECLARE ");
        shape.forEach((name, column) -> declare.append(Sql.quote(name)).append(' ').append(qualifiedTable()).append('.')
                .append(Sql.quote(column)).append("%TYPE := NEW.").append(Sql.quote(column)).append("; "));
        return declare + "BEGIN " + target + " := (" + expression + "); END;";
    }
}
