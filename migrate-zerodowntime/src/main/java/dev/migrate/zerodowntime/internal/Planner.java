package dev.migrate.zerodowntime.internal;

import dev.migrate.Migrator;
import dev.migrate.Plan;
import dev.migrate.schema.Column;
import dev.migrate.schema.Constraint;
import dev.migrate.schema.DatabaseSchema;
import dev.migrate.schema.Table;
import dev.migrate.zerodowntime.ExpandContract;
import dev.migrate.zerodowntime.Operation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a checked migration and the schema it starts from into the steps of its three phases:
 * start (expand, build, backfill, validate, views), complete (drop the old shape) and rollback
 * (drop what start made). Every step can run again after a crash with the same effect: columns
 * are added {@code IF NOT EXISTS}, constraints only when missing, each table's changes are one
 * {@code DO} block (one transaction: a table never has its new columns without its trigger).
 */
final class Planner {
    private static final Pattern INSTANT = Pattern.compile("(?is)\\s*('([^']|'')*'|[-+]?[0-9]+(\\.[0-9]+)?|true|false|null"
            + "|now\\(\\)|current_timestamp|current_date|localtimestamp)(\\s*::\\s*[a-z_][a-z0-9_ ]*(\\([0-9, ]+\\))?(\\[\\])?)?\\s*");

    private final ExpandContract migration;
    private final DatabaseSchema schema;
    private final String base;
    private final String state;
    private final int serverMajor;
    private final List<Step> start = new ArrayList<>();
    private final List<Step> indexes = new ArrayList<>();
    private final List<Step> backfills = new ArrayList<>();
    private final List<Step> validations = new ArrayList<>();
    private final List<Step> complete = new ArrayList<>();
    private final List<Step> completeIndexes = new ArrayList<>();
    private final List<List<Step>> rollback = new ArrayList<>();
    private final List<Step> rollbackIndexes = new ArrayList<>();
    private final List<Step> foreignKeys = new ArrayList<>();
    private final List<String> rollbackForeignKeys = new ArrayList<>();
    private final List<String> searchPath;

    /** What each phase runs. */
    record Phases(List<Step> start, List<Step> complete, List<Step> rollback) {
    }

    private Planner(ExpandContract migration, DatabaseSchema schema, List<String> schemas, String state, int serverMajor) {
        this.migration = migration;
        this.searchPath = List.copyOf(schemas);
        this.schema = schema;
        this.base = schemas.get(0);
        this.state = state;
        this.serverMajor = serverMajor;
    }

    /**
     * The phases of {@code migration}, checked already ({@link Checks}).
     *
     * @param schemas        the managed schemas; the first holds the tables
     * @param previousSchema the schema of views the old version reads, or null when it reads the tables
     */
    static Phases plan(ExpandContract migration, DatabaseSchema schema, List<String> schemas, String stateSchema, String versionSchema,
                       String previousSchema, int serverMajor) {
        Planner p = new Planner(migration, schema, schemas, stateSchema, serverMajor);
        Map<String, List<Operation>> byTable = new LinkedHashMap<>();
        for (Operation op : migration.operations()) {
            if (op.table() != null) {
                byTable.computeIfAbsent(op.table(), t -> new ArrayList<>()).add(op);
            }
        }
        // Raw SQL runs where it stands among the tables' changes, each table's at its first operation.
        java.util.Set<String> planned = new java.util.HashSet<>();
        for (Operation op : migration.operations()) {
            if (op instanceof Operation.RawSql raw) {
                p.raw(raw);
            } else if (planned.add(op.table())) {
                p.start.add(p.table(op.table(), byTable.get(op.table())));
            }
        }
        List<Step> start = new ArrayList<>(p.start);
        // Foreign keys after every table's block: the table a key references may be created by a later operation.
        start.addAll(p.foreignKeys);
        start.addAll(p.indexes);
        start.addAll(p.backfills);
        start.addAll(p.validations);
        start.add(Step.views(versionSchema));

        List<Step> complete = new ArrayList<>();
        if (previousSchema != null) {
            complete.add(Step.sql("DROP SCHEMA IF EXISTS " + Sql.quote(previousSchema) + " CASCADE"));
        }
        complete.addAll(p.complete);
        complete.addAll(p.completeIndexes);

        List<Step> rollback = new ArrayList<>();
        rollback.add(Step.sql("DROP SCHEMA IF EXISTS " + Sql.quote(versionSchema) + " CASCADE"));
        rollback.addAll(p.rollbackIndexes);
        if (!p.rollbackForeignKeys.isEmpty()) {
            rollback.add(Step.sql(block(p.rollbackForeignKeys)));
        }
        // Foreign keys first (a created table may be referenced), then the tables and raw SQL, last first: what a
        // statement made after a table's change (a view on a new column) goes before that change is undone.
        reversed(p.rollback).forEach(rollback::addAll);
        return new Phases(List.copyOf(start), List.copyOf(complete), List.copyOf(rollback));
    }

    /** Whether adding a column with this default is instant: a constant, or a stable value PostgreSQL evaluates once. */
    static boolean instantDefault(String sql) {
        return INSTANT.matcher(sql).matches();
    }

    private void raw(Operation.RawSql raw) {
        for (Plan.Statement s : Migrator.readScript("raw SQL of " + migration.version(), raw.up(), serverMajor).statements()) {
            start.add(Step.sql(s.sql()));
        }
        int ran = start.size();
        if (raw.down() != null) {
            List<Step> down = new ArrayList<>();
            for (Plan.Statement s : Migrator.readScript("raw SQL of " + migration.version(), raw.down(), serverMajor).statements()) {
                down.add(Step.undo(s.sql(), ran));
            }
            // Undone in reverse start order with the tables' changes; its own statements in their order.
            rollback.add(down);
        }
    }

    /** The table's expand as one DO block; its other phases' steps are collected on the way. */
    private Step table(String table, List<Operation> ops) {
        String qt = qualified(table);
        Table before = schema.table(base + "." + table).orElse(null);
        List<String> expand = new ArrayList<>();
        List<String> constraints = new ArrayList<>();
        List<String> contract = new ArrayList<>();
        List<String> undo = new ArrayList<>();
        List<Step> undoAfter = new ArrayList<>();
        List<String> renameLast = new ArrayList<>();
        Triggers trigger = new Triggers(migration.version(), base, table, state, before, searchPath);
        boolean created = ops.stream().anyMatch(o -> o instanceof Operation.CreateTable);
        for (Operation op : ops) {
            if (op instanceof Operation.CreateTable c) {
                List<String> defs = new ArrayList<>();
                for (Operation.Column col : c.columns()) {
                    defs.add(columnDefinition(col));
                }
                if (!c.primaryKey().isEmpty()) {
                    defs.add("PRIMARY KEY (" + names(c.primaryKey()) + ")");
                }
                expand.add("CREATE TABLE IF NOT EXISTS " + qt + " (" + String.join(", ", defs) + ")");
                undo.add("DROP TABLE IF EXISTS " + qt);
            } else if (op instanceof Operation.DropTable d) {
                contract.add("DROP TABLE IF EXISTS " + qt);
            } else if (op instanceof Operation.RenameTable r) {
                renameLast.add("IF pg_catalog.to_regclass(" + Sql.literal(qualified(r.to()))
                    + ") IS NULL THEN ALTER TABLE " + qt + " RENAME TO " + Sql.quote(r.to()) + "; END IF");
            } else if (op instanceof Operation.AddColumn a) {
                addColumn(table, a, trigger, expand, constraints, contract, undo);
            } else if (op instanceof Operation.DropColumn d) {
                if (d.down() != null) {
                    trigger.fillOnInsert(d.column(), d.down(), ops);
                }
                contract.add("ALTER TABLE " + qt + " DROP COLUMN IF EXISTS " + Sql.quote(d.column()));
            } else if (op instanceof Operation.RenameColumn r) {
                contract.add("IF " + hasColumn(table, r.column()) + " THEN ALTER TABLE " + qt
                    + " RENAME COLUMN " + Sql.quote(r.column()) + " TO " + Sql.quote(r.to()) + "; END IF");
            } else if (op instanceof Operation.ChangeType t) {
                changeType(table, t, before, trigger, ops, expand, constraints, contract, undo);
            } else if (op instanceof Operation.SetNotNull s) {
                trigger.fillNull(s.column(), s.up());
                String check = Naming.notNullCheck(s.column());
                constraints.add(addConstraint(table, check, "CHECK (" + Sql.quote(s.column()) + " IS NOT NULL) NOT VALID"));
                validations.add(validate(table, check));
                contract.add("ALTER TABLE " + qt + " ALTER COLUMN " + Sql.quote(s.column()) + " SET NOT NULL");
                contract.add("ALTER TABLE " + qt + " DROP CONSTRAINT IF EXISTS " + Sql.quote(check));
                undo.add("ALTER TABLE " + qt + " DROP CONSTRAINT IF EXISTS " + Sql.quote(check));
            } else if (op instanceof Operation.DropNotNull d) {
                expand.add("ALTER TABLE " + qt + " ALTER COLUMN " + Sql.quote(d.column()) + " DROP NOT NULL");
                // Back to NOT NULL without a scan under the table's lock: a check validated first (which
                // fails, naming the constraint, when the new version wrote nulls), then SET NOT NULL on it.
                String check = Naming.notNullCheck(d.column());
                undoAfter.add(Step.sql(block(List.of(addConstraint(table, check, "CHECK (" + Sql.quote(d.column())
                        + " IS NOT NULL) NOT VALID")))));
                undoAfter.add(validate(table, check));
                undoAfter.add(Step.sql(block(List.of("ALTER TABLE " + qt + " ALTER COLUMN " + Sql.quote(d.column()) + " SET NOT NULL",
                        "ALTER TABLE " + qt + " DROP CONSTRAINT IF EXISTS " + Sql.quote(check)))));
            } else if (op instanceof Operation.AddCheck c) {
                constraints.add(addConstraint(table, c.name(), "CHECK (" + c.check() + ") NOT VALID"));
                validations.add(validate(table, c.name()));
                undo.add("ALTER TABLE " + qt + " DROP CONSTRAINT IF EXISTS " + Sql.quote(c.name()));
            } else if (op instanceof Operation.AddForeignKey f) {
                foreignKeys.add(Step.sql(block(List.of(addConstraint(table, f.name(), "FOREIGN KEY (" + names(f.columns())
                        + ") REFERENCES " + qualified(f.references()) + " (" + names(f.referencedColumns()) + ")"
                        + (f.onDelete() == null ? "" : " ON DELETE " + f.onDelete().toUpperCase(java.util.Locale.ROOT)) + " NOT VALID")))));
                validations.add(validate(table, f.name()));
                rollbackForeignKeys.add("ALTER TABLE IF EXISTS " + qt + " DROP CONSTRAINT IF EXISTS " + Sql.quote(f.name()));
            } else if (op instanceof Operation.AddUnique u) {
                buildIndex(table, u.name(), u.columns(), true);
                contract.add(uniqueUsingIndex(table, u.name()));
            } else if (op instanceof Operation.CreateIndex i) {
                buildIndex(table, i.name(), i.columns(), i.unique());
            } else if (op instanceof Operation.DropIndex d) {
                completeIndexes.add(Step.sql("DROP INDEX CONCURRENTLY IF EXISTS " + qualified(d.name())));
            } else if (op instanceof Operation.RawSql r) {
                throw new IllegalStateException("raw SQL is planned on its own: " + r);
            }
        }
        if (trigger.needed()) {
            expand.addAll(trigger.create());
            contract.addAll(0, trigger.drop());
            undo.addAll(0, trigger.drop());
            String where = trigger.backfillWhere();
            if (before != null && where != null) {
                String key = before.primaryKey().map(Constraint::columns).orElseThrow().get(0);
                backfills.add(Step.backfill(qt, Sql.quote(key) + " = " + Sql.quote(key), where));
            }
        }
        expand.addAll(constraints);
        contract.addAll(renameLast);
        if (!contract.isEmpty()) {
            complete.add(Step.sql(block(contract)));
        }
        if (created) {
            // What start made on a table it created goes with the table.
            undo = List.of("DROP TABLE IF EXISTS " + qt);
            undoAfter.clear();
        }
        List<Step> group = new ArrayList<>();
        if (!undo.isEmpty()) {
            group.add(Step.sql(block(undo)));
        }
        group.addAll(undoAfter);
        rollback.add(group);
        return Step.sql(block(expand.isEmpty() ? List.of("NULL") : expand));
    }

    private void addColumn(String table, Operation.AddColumn a, Triggers trigger, List<String> expand, List<String> constraints,
                           List<String> contract, List<String> undo) {
        String qt = qualified(table);
        Operation.Column col = a.column();
        String name = Sql.quote(col.name());
        String dflt = col.defaultSql();
        // A default PostgreSQL can add without writing every row (a constant) comes with the column,
        // unless up derives the value: then up fills it, and the default is set by the contract.
        // Any other default would rewrite the table under its lock: it is set after the column is
        // there, and rows get it from the trigger and the backfill.
        boolean withColumn = dflt != null && a.up() == null && instantDefault(dflt);
        expand.add("ALTER TABLE " + qt + " ADD COLUMN IF NOT EXISTS " + name + " " + col.type() + (withColumn ? " DEFAULT " + dflt : ""));
        if (a.up() != null) {
            trigger.derive(col.name(), a.up());
            if (dflt != null) {
                contract.add("ALTER TABLE " + qt + " ALTER COLUMN " + name + " SET DEFAULT " + dflt);
            }
        } else if (dflt != null && !withColumn) {
            expand.add("ALTER TABLE " + qt + " ALTER COLUMN " + name + " SET DEFAULT " + dflt);
            trigger.fillNull(col.name(), dflt);
        }
        if (!col.nullable()) {
            String check = Naming.notNullCheck(col.name());
            constraints.add(addConstraint(table, check, "CHECK (" + name + " IS NOT NULL) NOT VALID"));
            validations.add(validate(table, check));
            contract.add("ALTER TABLE " + qt + " ALTER COLUMN " + name + " SET NOT NULL");
            contract.add("ALTER TABLE " + qt + " DROP CONSTRAINT IF EXISTS " + Sql.quote(check));
        }
        if (col.check() != null) {
            String check = Naming.columnConstraint(table, col.name(), "check");
            constraints.add(addConstraint(table, check, "CHECK (" + col.check() + ") NOT VALID"));
            validations.add(validate(table, check));
        }
        if (col.references() != null) {
            String fk = Naming.columnConstraint(table, col.name(), "fkey");
            foreignKeys.add(Step.sql(block(List.of(addConstraint(table, fk, "FOREIGN KEY (" + name + ") REFERENCES " + col.references()
                    + " NOT VALID")))));
            validations.add(validate(table, fk));
            rollbackForeignKeys.add("ALTER TABLE IF EXISTS " + qt + " DROP CONSTRAINT IF EXISTS " + Sql.quote(fk));
        }
        if (col.unique()) {
            String key = Naming.columnConstraint(table, col.name(), "key");
            buildIndex(table, key, List.of(col.name()), true);
            contract.add(uniqueUsingIndex(table, key));
        }
        undo.add("ALTER TABLE " + qt + " DROP COLUMN IF EXISTS " + name);
    }

    private void changeType(String table, Operation.ChangeType t, Table before, Triggers trigger, List<Operation> ops,
                            List<String> expand, List<String> constraints, List<String> contract, List<String> undo) {
        String qt = qualified(table);
        Column old = before.column(t.column()).orElseThrow();
        String shadow = Naming.shadow(t.column());
        expand.add("ALTER TABLE " + qt + " ADD COLUMN IF NOT EXISTS " + Sql.quote(shadow) + " " + t.type());
        trigger.swap(t.column(), shadow, t.up(), t.down(), ops);
        String check = Naming.notNullCheck(shadow);
        if (!old.nullable()) {
            constraints.add(addConstraint(table, check, "CHECK (" + Sql.quote(shadow) + " IS NOT NULL) NOT VALID"));
            validations.add(validate(table, check));
        }
        StringBuilder swap = new StringBuilder("IF " + hasColumn(table, shadow) + " THEN ALTER TABLE " + qt + " DROP COLUMN "
                + Sql.quote(t.column()) + "; ALTER TABLE " + qt + " RENAME COLUMN " + Sql.quote(shadow) + " TO " + Sql.quote(t.column()) + ";");
        if (old.defaultExpression() != null) {
            swap.append(" ALTER TABLE ").append(qt).append(" ALTER COLUMN ").append(Sql.quote(t.column())).append(" SET DEFAULT ")
                    .append(old.defaultExpression()).append(';');
        }
        if (!old.nullable()) {
            swap.append(" ALTER TABLE ").append(qt).append(" ALTER COLUMN ").append(Sql.quote(t.column())).append(" SET NOT NULL; ALTER TABLE ")
                    .append(qt).append(" DROP CONSTRAINT IF EXISTS ").append(Sql.quote(check)).append(';');
        }
        contract.add(swap.append(" END IF").toString());
        undo.add("ALTER TABLE " + qt + " DROP COLUMN IF EXISTS " + Sql.quote(shadow));
    }

    private void buildIndex(String table, String name, List<String> columns, boolean unique) {
        indexes.add(Step.index(qualified(name), "CREATE " + (unique ? "UNIQUE " : "") + "INDEX CONCURRENTLY " + Sql.quote(name) + " ON "
                + qualified(table) + " (" + names(columns) + ")"));
        rollbackIndexes.add(Step.sql("DROP INDEX CONCURRENTLY IF EXISTS " + qualified(name)));
    }

    private String uniqueUsingIndex(String table, String name) {
        return "IF NOT " + hasConstraint(table, name) + " THEN ALTER TABLE " + qualified(table) + " ADD CONSTRAINT " + Sql.quote(name)
                + " UNIQUE USING INDEX " + Sql.quote(name) + "; END IF";
    }

    /** A column of a new table: no one writes it yet, so its constraints are declared with it. */
    private static String columnDefinition(Operation.Column col) {
        return Sql.quote(col.name()) + " " + col.type() + (col.nullable() ? "" : " NOT NULL")
                + (col.defaultSql() == null ? "" : " DEFAULT " + col.defaultSql())
                + (col.check() != null ? " CHECK (" + col.check() + ")" : "")
                + (col.references() != null ? " REFERENCES " + col.references() : "")
                + (col.unique() ? " UNIQUE" : "");
    }

    private String addConstraint(String table, String name, String definition) {
        return "IF NOT " + hasConstraint(table, name) + " THEN ALTER TABLE " + qualified(table) + " ADD CONSTRAINT " + Sql.quote(name)
                + " " + definition + "; END IF";
    }

    private Step validate(String table, String name) {
        return Step.sql("ALTER TABLE " + qualified(table) + " VALIDATE CONSTRAINT " + Sql.quote(name));
    }

    private String hasConstraint(String table, String name) {
        return "EXISTS (SELECT FROM pg_catalog.pg_constraint WHERE conrelid = " + Sql.literal(qualified(table))
                + "::regclass AND conname = " + Sql.literal(name) + ")";
    }

    private String hasColumn(String table, String column) {
        return "EXISTS (SELECT FROM pg_catalog.pg_attribute WHERE attrelid = " + Sql.literal(qualified(table))
                + "::regclass AND attname = " + Sql.literal(column) + " AND NOT attisdropped)";
    }

    private String qualified(String name) {
        return Sql.quote(base) + "." + Sql.quote(name);
    }

    private static String names(List<String> columns) {
        return String.join(", ", columns.stream().map(Sql::quote).toList());
    }

    static final String BLOCK_START = "DO $migrate_zdt$ ";
    private static final String BLOCK_END = "; END $migrate_zdt$";

    /** Statements of PL/pgSQL (each a statement or an IF ... END IF) as one DO block: one transaction. */
    static String block(List<String> statements) {
        return BLOCK_START + "BEGIN " + String.join("; ", statements) + BLOCK_END;
    }

    /** A block made by {@link #block} (or with the same ends) with {@code statement} last inside it. */
    static String withStatement(String block, String statement) {
        if (!block.startsWith(BLOCK_START) || !block.endsWith(BLOCK_END)) {
            throw new IllegalArgumentException("not a block of this module: " + block);
        }
        return block.substring(0, block.length() - BLOCK_END.length()) + "; " + statement + BLOCK_END;
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }
}
