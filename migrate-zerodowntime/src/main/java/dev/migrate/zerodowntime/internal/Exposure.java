package dev.migrate.zerodowntime.internal;

import dev.migrate.zerodowntime.Operation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the new version of an application sees one table: its name, and each column it sees under
 * its visible name with the physical column behind it. The table's in-flight migration (at most
 * one touches a table) renames, hides and swaps columns; every other table is seen as it is.
 */
final class Exposure {
    private Exposure() {
    }

    /**
     * The table's name in the new version, or null when the operations drop it.
     *
     * @param ops the operations of the migration in flight on it, or none
     */
    static String tableName(String table, List<Operation> ops) {
        String name = table;
        for (Operation op : ops) {
            if (op instanceof Operation.DropTable) {
                return null;
            }
            if (op instanceof Operation.RenameTable r) {
                name = r.to();
            }
        }
        return name;
    }

    /**
     * Visible column name -> physical column, in the table's column order.
     *
     * @param physical the table's columns as they are after the migration's expand
     * @param ops      the operations of the migration in flight on the table, or none
     */
    static Map<String, String> columns(List<String> physical, List<Operation> ops) {
        java.util.Set<String> shadows = new java.util.HashSet<>();
        for (Operation op : ops) {
            if (op instanceof Operation.ChangeType t) {
                shadows.add(Naming.shadow(t.column()));
            }
        }
        Map<String, String> visible = new LinkedHashMap<>();
        for (String column : physical) {
            if (!shadows.contains(column)) {
                visible.put(column, column);
            }
        }
        for (Operation op : ops) {
            if (op instanceof Operation.RenameColumn r) {
                visible = renamed(visible, r.column(), r.to());
            } else if (op instanceof Operation.DropColumn d) {
                visible.remove(d.column());
            } else if (op instanceof Operation.ChangeType t) {
                visible.replace(t.column(), Naming.shadow(t.column()));
            }
        }
        return visible;
    }

    private static Map<String, String> renamed(Map<String, String> visible, String from, String to) {
        Map<String, String> out = new LinkedHashMap<>();
        visible.forEach((name, column) -> out.put(name.equals(from) ? to : name, column));
        return out;
    }
}
