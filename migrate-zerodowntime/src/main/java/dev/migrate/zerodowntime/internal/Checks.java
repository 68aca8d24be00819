package dev.migrate.zerodowntime.internal;

import dev.migrate.schema.Column;
import dev.migrate.schema.Constraint;
import dev.migrate.schema.DatabaseSchema;
import dev.migrate.schema.Index;
import dev.migrate.schema.Table;
import dev.migrate.zerodowntime.ExpandContract;
import dev.migrate.zerodowntime.Operation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks an expand-contract migration against the live schema before anything runs: each
 * operation's table, columns, constraints and indexes are there (or not yet), what it needs
 * (a primary key to backfill over) is present, no two operations touch one column,
 * and no migration in flight touches its tables. Every problem is reported, each naming the
 * operation by its position and kind.
 */
final class Checks {
    private final ExpandContract migration;
    private final DatabaseSchema schema;
    private final String base;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Set<String>> added = new HashMap<>();
    private final Set<String> touchedColumns = new HashSet<>();
    private final Set<String> created = new HashSet<>();
    private final Set<String> indexNames = new HashSet<>();
    private final Set<String> replaced = new HashSet<>();

    private Checks(ExpandContract migration, DatabaseSchema schema, String base) {
        this.migration = migration;
        this.schema = schema;
        this.base = base;
    }

    /**
     * The problems, empty when the migration may start.
     *
     * @param inFlight the migrations started and not completed, by version, with the tables they touch
     */
    static List<String> of(ExpandContract migration, DatabaseSchema schema, String base, Map<String, List<String>> inFlight) {
        Checks checks = new Checks(migration, schema, base);
        checks.conflicts(inFlight);
        for (Operation op : migration.operations()) {
            if (op instanceof Operation.ChangeType t) {
                checks.replaced.add(t.table() + "." + t.column());
            } else if (op instanceof Operation.DropColumn d) {
                checks.replaced.add(d.table() + "." + d.column());
            } else if (op instanceof Operation.RenameColumn r) {
                checks.replaced.add(r.table() + "." + r.column());
            }
        }
        List<Operation> ops = migration.operations();
        if (ops.isEmpty()) {
            checks.problems.add("it has no operations");
        }
        for (int i = 0; i < ops.size(); i++) {
            checks.check(i + 1, ops.get(i));
        }
        return List.copyOf(checks.problems);
    }

    private void conflicts(Map<String, List<String>> inFlight) {
        Set<String> mine = new HashSet<>(migration.tables());
        for (Operation op : migration.operations()) {
            if (op instanceof Operation.RenameTable r) {
                mine.add(r.to());
            }
        }
        inFlight.forEach((version, tables) -> {
            for (String table : tables) {
                if (mine.contains(table)) {
                    problems.add("table " + table + " is changed by migration " + version + ", which is in flight: complete it"
                            + " (ZeroDowntime.on(migrator).complete(\"" + version + "\")) or roll it back first");
                }
            }
        });
    }

    private void check(int n, Operation op) {
        String at = "operation " + n + " (" + Codec.kind(op.getClass()) + (op.table() == null ? "" : " on " + op.table()) + "): ";
        if (op.table() != null && (op.table().isBlank() || op.table().contains("."))) {
            problems.add(at + "name the table without a schema: expand-contract works in the first managed schema, " + base);
            return;
        }
        int before = problems.size();
        if (op instanceof Operation.CreateTable c) {
            createTable(at, c);
        } else if (op instanceof Operation.DropTable d) {
            existing(at, d.table());
        } else if (op instanceof Operation.RenameTable r) {
            existing(at, r.table());
            if (schema.table(base + "." + r.to()).isPresent() || schema.view(base + "." + r.to()).isPresent()) {
                problems.add(at + base + "." + r.to() + " already exists");
            }
        } else if (op instanceof Operation.AddColumn a) {
            addColumn(at, a);
        } else if (op instanceof Operation.DropColumn d) {
            Column c = column(at, d.table(), d.column(), true);
            if (c != null && !c.nullable() && c.defaultExpression() == null && c.identity() == Column.Identity.NONE
                    && c.generated() == Column.Generated.NONE && d.down() == null) {
                problems.add(at + "column " + d.column() + " is NOT NULL without a default: the new version, which no longer"
                        + " sees it, could not insert a row; give a down expression for it");
            }
        } else if (op instanceof Operation.RenameColumn r) {
            column(at, r.table(), r.column(), true);
            if (hasColumn(r.table(), r.to())) {
                problems.add(at + "column " + r.to() + " already exists");
            }
        } else if (op instanceof Operation.ChangeType t) {
            changeType(at, t);
        } else if (op instanceof Operation.SetNotNull s) {
            Column c = column(at, s.table(), s.column(), true);
            if (c != null && !c.nullable()) {
                problems.add(at + "column " + s.column() + " is NOT NULL already");
            }
            backfillable(at, s.table());
        } else if (op instanceof Operation.DropNotNull d) {
            Column c = column(at, d.table(), d.column(), true);
            if (c != null && c.nullable()) {
                problems.add(at + "column " + d.column() + " is nullable already");
            }
        } else if (op instanceof Operation.AddCheck c) {
            newConstraint(at, c.table(), c.name());
        } else if (op instanceof Operation.AddUnique u) {
            newConstraint(at, u.table(), u.name());
            newIndex(at, u.name());
            columns(at, u.table(), u.columns());
        } else if (op instanceof Operation.AddForeignKey f) {
            foreignKey(at, f);
        } else if (op instanceof Operation.CreateIndex i) {
            existingOrCreated(at, i.table());
            newIndex(at, i.name());
            columns(at, i.table(), i.columns());
        } else if (op instanceof Operation.DropIndex d) {
            Index index = schema.index(base + "." + d.name()).orElse(null);
            if (index == null || !index.table().equals(d.table())) {
                problems.add(at + "there is no index " + d.name() + " on " + base + "." + d.table());
            } else if (index.primary() || schema.table(base + "." + d.table()).flatMap(t -> t.constraint(d.name())).isPresent()) {
                problems.add(at + d.name() + " is the index of a constraint; drop the constraint instead");
            }
        } else if (op instanceof Operation.RawSql r) {
            if (r.up().isBlank()) {
                problems.add(at + "up is empty");
            }
        }
        if (problems.size() == before && (op instanceof Operation.DropTable || op instanceof Operation.RenameTable)
                && migration.operations().stream().filter(o -> op.table().equals(o.table())).count() > 1) {
            problems.add(at + "a table that is dropped or renamed takes no other operation in the same migration");
        }
    }

    private void createTable(String at, Operation.CreateTable c) {
        if (schema.table(base + "." + c.table()).isPresent() || schema.view(base + "." + c.table()).isPresent()) {
            problems.add(at + base + "." + c.table() + " already exists");
        }
        if (c.columns().isEmpty()) {
            problems.add(at + "it has no columns");
        }
        Set<String> names = new LinkedHashSet<>();
        for (Operation.Column col : c.columns()) {
            if (!names.add(col.name())) {
                problems.add(at + "column " + col.name() + " is listed twice");
            }
        }
        for (String key : c.primaryKey()) {
            if (!names.contains(key)) {
                problems.add(at + "primary key column " + key + " is not one of its columns");
            }
        }
        created.add(c.table());
        added.computeIfAbsent(c.table(), t -> new HashSet<>()).addAll(names);
    }

    private void addColumn(String at, Operation.AddColumn a) {
        Table table = existing(at, a.table());
        if (table == null) {
            return;
        }
        Operation.Column col = a.column();
        if (hasColumn(a.table(), col.name())) {
            problems.add(at + "column " + col.name() + " already exists");
            return;
        }
        if (!col.nullable() && col.defaultSql() == null && a.up() == null) {
            problems.add(at + "a NOT NULL column needs a default or an up expression: the old version inserts rows"
                    + " without it, and existing rows have no value");
        }
        if (col.unique()) {
            newIndex(at, Naming.columnConstraint(a.table(), col.name(), "key"));
        }
        if (a.up() != null || (col.defaultSql() != null && !Planner.instantDefault(col.defaultSql()))) {
            backfillable(at, a.table());
        }
        touch(at, a.table(), col.name());
        added.computeIfAbsent(a.table(), t -> new HashSet<>()).add(col.name());
    }

    private void changeType(String at, Operation.ChangeType t) {
        Column c = column(at, t.table(), t.column(), true);
        if (c == null) {
            return;
        }
        Table table = schema.table(base + "." + t.table()).orElseThrow();
        List<String> uses = new ArrayList<>();
        for (Constraint k : table.constraints()) {
            if (k.columns().contains(t.column()) || (k.kind() == Constraint.Kind.CHECK && mentions(k.definition(), t.column()))) {
                uses.add("constraint " + k.name());
            }
        }
        table.foreignKeys().stream().filter(f -> f.columns().contains(t.column())).forEach(f -> uses.add("foreign key " + f.name()));
        schema.tables().stream().flatMap(other -> other.foreignKeys().stream())
                .filter(f -> f.referencedSchema().equals(base) && f.referencedTable().equals(t.table())
                        && f.referencedColumns().contains(t.column()))
                .forEach(f -> uses.add("foreign key " + f.name() + " referencing it"));
        for (Index i : schema.indexesOn(base + "." + t.table())) {
            if (i.columns().stream().anyMatch(e -> mentions(e, t.column())) || i.includedColumns().contains(t.column())
                    || (i.predicate() != null && mentions(i.predicate(), t.column()))) {
                uses.add("index " + i.name());
            }
        }
        if (c.identity() != Column.Identity.NONE || c.generated() != Column.Generated.NONE) {
            uses.add(c.identity() != Column.Identity.NONE ? "its identity" : "its generation expression");
        }
        if (c.defaultExpression() != null && c.defaultExpression().contains("nextval(")) {
            uses.add("its sequence default " + c.defaultExpression());
        }
        if (!uses.isEmpty()) {
            problems.add(at + "column " + t.column() + " has " + String.join(", ", uses) + ", which a type change through a"
                    + " new column does not carry over yet; drop and re-create them in operations of their own");
        }
        if (hasColumn(t.table(), Naming.shadow(t.column()))) {
            problems.add(at + "column " + Naming.shadow(t.column()) + " is in the way of the new column");
        }
        backfillable(at, t.table());
    }

    private void foreignKey(String at, Operation.AddForeignKey f) {
        newConstraint(at, f.table(), f.name());
        columns(at, f.table(), f.columns());
        if (schema.table(base + "." + f.references()).isEmpty() && !created.contains(f.references())) {
            problems.add(at + "the referenced table " + base + "." + f.references() + " does not exist");
        } else {
            columns(at, f.references(), f.referencedColumns());
        }
        if (f.columns().size() != f.referencedColumns().size() || f.columns().isEmpty()) {
            problems.add(at + "it lists " + f.columns().size() + " column(s) referencing " + f.referencedColumns().size());
        }
        if (f.onDelete() != null && !f.onDelete().toUpperCase(Locale.ROOT).matches("CASCADE|SET NULL|SET DEFAULT|RESTRICT|NO ACTION")) {
            problems.add(at + "onDelete '" + f.onDelete() + "' is not one of CASCADE, SET NULL, SET DEFAULT, RESTRICT, NO ACTION");
        }
    }

    private Table existing(String at, String table) {
        Table t = schema.table(base + "." + table).orElse(null);
        if (t == null) {
            problems.add(at + "table " + base + "." + table + " does not exist");
        } else if (t.partitionOf() != null || t.kind() == Table.Kind.FOREIGN_TABLE) {
            problems.add(at + base + "." + table + " is " + (t.partitionOf() != null ? "a partition of " + t.partitionOf()
                    + "; change its parent" : "a foreign table"));
            return null;
        }
        return t;
    }

    private void existingOrCreated(String at, String table) {
        if (!created.contains(table)) {
            existing(at, table);
        }
    }

    /** The column, after checking it is there, a column of the table as it was, and not touched twice. */
    private Column column(String at, String table, String column, boolean touches) {
        Table t = existing(at, table);
        if (t == null) {
            return null;
        }
        Column c = t.column(column).orElse(null);
        if (c == null) {
            problems.add(at + "column " + column + " does not exist" + (added.getOrDefault(table, Set.of()).contains(column)
                    ? " yet (an earlier operation adds it; change it in the next migration)" : ""));
            return null;
        }
        if (touches) {
            touch(at, table, column);
        }
        if (column.equalsIgnoreCase("new") || column.equalsIgnoreCase("old")) {
            problems.add(at + "a column named " + column + " cannot be kept in step by a trigger (NEW and OLD are its rows);"
                    + " rename it first");
        }
        return c;
    }

    private void columns(String at, String table, List<String> columns) {
        if (columns.isEmpty()) {
            problems.add(at + "it names no columns");
        }
        for (String column : columns) {
            if (!hasColumn(table, column)) {
                problems.add(at + "column " + column + " of " + table + " does not exist");
            } else if (replaced.contains(table + "." + column)) {
                problems.add(at + "column " + column + " of " + table + " is renamed, retyped or dropped by this migration; put"
                        + " this operation in the next one");
            }
        }
    }

    private void touch(String at, String table, String column) {
        if (!touchedColumns.add(table + "." + column)) {
            problems.add(at + "column " + column + " is changed by an earlier operation of this migration; one operation per"
                    + " column per migration");
        }
    }

    private boolean hasColumn(String table, String column) {
        return added.getOrDefault(table, Set.of()).contains(column)
                || schema.table(base + "." + table).flatMap(t -> t.column(column)).isPresent();
    }

    private void backfillable(String at, String table) {
        Table t = schema.table(base + "." + table).orElse(null);
        if (t == null) {
            return;
        }
        if (t.primaryKey().isEmpty()) {
            problems.add(at + "its rows are backfilled in batches over the primary key, and " + base + "." + table + " has none");
        }
    }

    private void newConstraint(String at, String table, String name) {
        existingOrCreated(at, table);
        if (schema.table(base + "." + table).flatMap(t -> t.constraint(name)).isPresent()
                || schema.table(base + "." + table).flatMap(t -> t.foreignKey(name)).isPresent()) {
            problems.add(at + "constraint " + name + " already exists on " + table);
        }
    }

    private void newIndex(String at, String name) {
        if (schema.index(base + "." + name).isPresent() || schema.table(base + "." + name).isPresent() || !indexNames.add(name)) {
            problems.add(at + "a relation named " + base + "." + name + " already exists (index names are unique per schema)");
        }
    }

    /** Whether {@code sql} mentions {@code column} as a word: a cautious reading, which may see a use that is not one. */
    private static boolean mentions(String sql, String column) {
        return java.util.regex.Pattern.compile("(?<![A-Za-z0-9_$])\"?" + java.util.regex.Pattern.quote(column) + "\"?(?![A-Za-z0-9_$])")
                .matcher(sql).find();
    }
}
