package dev.migrate.schema;

import static dev.migrate.schema.ChangeSql.body;
import static dev.migrate.schema.ChangeSql.collation;
import static dev.migrate.schema.ChangeSql.columnDefinition;
import static dev.migrate.schema.ChangeSql.comment;
import static dev.migrate.schema.ChangeSql.concurrently;
import static dev.migrate.schema.ChangeSql.createTable;
import static dev.migrate.schema.ChangeSql.notValid;
import static dev.migrate.schema.ChangeSql.q;
import static dev.migrate.schema.ChangeSql.stripNotValid;

import dev.migrate.internal.jdbc.Identifiers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The changes that turn one schema into another ({@link DatabaseSchema#changesTo}), ordered so that
 * each runs after what it needs and before what needs it gone: views that go or must be made again
 * (they read a column that goes or changes type, or such a view) are dropped first, readers before
 * what they read; then indexes, foreign keys (also those that reference a primary or unique key made
 * again, added back at the end), constraints, columns and tables that go; then sequences (a serial
 * column's before its table, owned after it), types, tables and columns that come, column changes,
 * constraints, indexes, foreign keys after the indexes that serve them, views in the order they read
 * each other with the indexes of materialized ones; types and sequences that go come last.
 *
 * <p>On a table that exists on both sides every change is the online-safe form: indexes built
 * {@code CONCURRENTLY}; checks and foreign keys added {@code NOT VALID} and validated in a
 * transaction of their own (the change is not transactional), so that the scan runs under
 * {@code SHARE UPDATE EXCLUSIVE} only (a target constraint that is itself {@code NOT VALID} stays
 * so); unique and primary keys added {@code USING INDEX} the target's index built concurrently;
 * {@code SET NOT NULL} after a validated {@code CHECK (c IS NOT NULL)}, which PostgreSQL 12 and
 * later trust instead of scanning; a type change without {@code USING}, so that the assignment cast
 * refuses a value that does not fit rather than cutting it. A column dropped and another of the
 * same type added on one table, or a table dropped and one of the same columns created, is reported
 * as a possible rename, never guessed. Both schemas are best read with the same search path (the
 * diff reads them with {@code pg_catalog} alone), as definitions are printed relative to it.
 *
 * <p>Covered: plain tables, columns, defaults, {@code NOT NULL}, types and collations, primary key,
 * unique, check and exclusion constraints, foreign keys, indexes (rebuilt when INVALID), enums (new
 * ones and new labels in place), sequences, views and materialized views. Reported without SQL:
 * removed or reordered enum labels, a column turned into or out of an identity or generated column.
 * Not diffed yet: functions, triggers, domains, composite types, extensions, comments, grants,
 * partitioned tables and partitions. Column order is not: PostgreSQL adds a column last, and no
 * change moves one.
 */
final class ChangePlanner {
    private final DatabaseSchema from;
    private final DatabaseSchema to;
    private final List<SchemaChange> drops = new ArrayList<>();
    private final List<SchemaChange> creates = new ArrayList<>();
    private final List<SchemaChange> alters = new ArrayList<>();
    private final List<SchemaChange> keys = new ArrayList<>();
    private final List<SchemaChange> indexes = new ArrayList<>();
    private final List<SchemaChange> foreignKeys = new ArrayList<>();
    private final List<SchemaChange> views = new ArrayList<>();
    private final List<SchemaChange> viewDrops = new ArrayList<>();
    private final List<SchemaChange> indexDrops = new ArrayList<>();
    private final List<SchemaChange> lateDrops = new ArrayList<>();
    private final List<SchemaChange> extensions = new ArrayList<>();
    private final List<SchemaChange> types = new ArrayList<>();
    private final List<SchemaChange> earlyRoutines = new ArrayList<>();
    private final List<SchemaChange> triggers = new ArrayList<>();

    private ChangePlanner(DatabaseSchema from, DatabaseSchema to) {
        this.from = from;
        this.to = to;
    }

    static List<SchemaChange> plan(DatabaseSchema from, DatabaseSchema to) {
        ChangePlanner p = new ChangePlanner(from, to);
        p.extensions();
        p.routines();
        p.triggers();
        p.enums();
        p.compositeTypes();
        p.domains();
        p.sequences();
        p.tables();
        p.indexes();
        p.views();
        List<SchemaChange> all = new ArrayList<>(p.extensions);
        all.addAll(p.viewDrops);
        all.addAll(p.indexDrops);
        all.addAll(p.drops);
        all.addAll(p.types);
        all.addAll(p.earlyRoutines);
        all.addAll(p.creates);
        all.addAll(p.alters);
        all.addAll(p.keys);
        all.addAll(p.indexes);
        all.addAll(p.foreignKeys);
        all.addAll(p.views);
        all.addAll(p.triggers);
        // Types and sequences go last: a column or default that used them has gone or changed by then.
        all.addAll(p.lateDrops);
        return List.copyOf(all);
    }

    private static <T> Map<String, T> byKey(List<T> items, Function<T, String> key) {
        Map<String, T> map = new LinkedHashMap<>();
        for (T item : items) {
            map.put(key.apply(item), item);
        }
        return map;
    }

    private static SchemaChange change(String object, String action, List<String> sql, boolean transactional, String... hazards) {
        List<String> h = new ArrayList<>();
        for (String hazard : hazards) {
            if (hazard != null) {
                h.add(hazard);
            }
        }
        return new SchemaChange(object, action, sql, transactional, h);
    }

    private void extensions() {
        // plpgsql lives in pg_catalog and is in every database: an empty schema (From.empty()) simply does not list it.
        List<Extension> wanted = to.extensions().stream().filter(e -> !"pg_catalog".equals(e.schema())).toList();
        List<Extension> had = from.extensions().stream().filter(e -> !"pg_catalog".equals(e.schema())).toList();
        Map<String, Extension> before = byKey(had, Extension::name);
        Map<String, Extension> after = byKey(wanted, Extension::name);
        for (Extension e : wanted) {
            Extension was = before.get(e.name());
            if (was == null) {
                extensions.add(change("extension " + e.name(), "create", List.of("CREATE EXTENSION IF NOT EXISTS " + q(e.name())
                        + (e.schema() == null ? "" : " SCHEMA " + q(e.schema()))), true));
            } else if (!was.version().equals(e.version())) {
                extensions.add(change("extension " + e.name(), "update to " + e.version(), List.of("ALTER EXTENSION " + q(e.name())
                        + " UPDATE TO " + Identifiers.literal(e.version())), true));
            }
        }
        for (Extension e : had) {
            if (!after.containsKey(e.name())) {
                lateDrops.add(change("extension " + e.name(), "drop", List.of("DROP EXTENSION " + q(e.name())), true,
                        "what it defined goes with it"));
            }
        }
    }

    /**
     * Functions and procedures, made with the definition {@code pg_get_functiondef} prints (which
     * replaces an existing one), before the tables; dropped after the tables and columns that may
     * use them.
     */
    private void routines() {
        Map<String, Routine> before = byKey(from.routines(), Routine::signature);
        Map<String, Routine> after = byKey(to.routines(), Routine::signature);
        for (Routine r : to.routines()) {
            Routine was = before.get(r.signature());
            if (was != null && was.definition().equals(r.definition())) {
                continue;
            }
            String kind = r.kind() == Routine.Kind.PROCEDURE ? "procedure " : "function ";
            // Made before the tables, as a default or check may call it; a SQL body, which PostgreSQL checks when it is
            // made, is made unchecked then (it may read a table made after it) and checked when it is called.
            List<String> sql = "sql".equals(r.language()) ? List.of("SET check_function_bodies = off", body(r.definition()),
                    "RESET check_function_bodies") : List.of(body(r.definition()));
            earlyRoutines.add(change(kind + r.signature(), was == null ? "create" : "replace", sql, true,
                    was != null && !Objects.equals(was.result(), r.result()) ? "a new result type cannot replace the old one: drop the"
                            + " old one first, by hand" : null));
        }
        for (Routine r : from.routines()) {
            if (!after.containsKey(r.signature())) {
                lateDrops.add(0, change((r.kind() == Routine.Kind.PROCEDURE ? "procedure " : "function ") + r.signature(), "drop",
                        List.of("DROP " + (r.kind() == Routine.Kind.PROCEDURE ? "PROCEDURE " : "FUNCTION ") + q(r.schema(), r.name()) + "("
                                + r.arguments() + ")"), true));
            }
        }
    }

    private void triggers() {
        Map<String, Trigger> before = byKey(from.triggers(), t -> t.qualifiedTable() + "." + t.name());
        Map<String, Trigger> after = byKey(to.triggers(), t -> t.qualifiedTable() + "." + t.name());
        for (Trigger t : from.triggers()) {
            Trigger now = after.get(t.qualifiedTable() + "." + t.name());
            if (now == null || !now.definition().equals(t.definition())) {
                viewDrops.add(change("trigger " + t.name() + " on " + t.qualifiedTable(), "drop", List.of("DROP TRIGGER " + q(t.name())
                        + " ON " + q(t.schema(), t.table())), true));
            }
        }
        for (Trigger t : to.triggers()) {
            Trigger was = before.get(t.qualifiedTable() + "." + t.name());
            if (was == null || !was.definition().equals(t.definition())) {
                triggers.add(change("trigger " + t.name() + " on " + t.qualifiedTable(), "create", List.of(t.definition()), true));
            } else if (was.firing() != t.firing()) {
                triggers.add(change("trigger " + t.name() + " on " + t.qualifiedTable(), "fire " + t.firing(), List.of("ALTER TABLE "
                        + q(t.schema(), t.table()) + switch (t.firing()) {
                            case ORIGIN -> " ENABLE TRIGGER ";
                            case REPLICA -> " ENABLE REPLICA TRIGGER ";
                            case ALWAYS -> " ENABLE ALWAYS TRIGGER ";
                            case DISABLED -> " DISABLE TRIGGER ";
                        } + q(t.name())), true));
            }
        }
    }

    private void enums() {
        Map<String, EnumType> before = byKey(from.enumTypes(), EnumType::qualifiedName);
        for (EnumType e : to.enumTypes()) {
            EnumType was = before.get(e.qualifiedName());
            if (was == null) {
                types.add(change("enum " + e.qualifiedName(), "create", List.of("CREATE TYPE " + q(e.schema(), e.name())
                        + " AS ENUM (" + e.labels().stream().map(Identifiers::literal).collect(Collectors.joining(", ")) + ")"), true));
                continue;
            }
            if (!e.labels().containsAll(was.labels()) || !e.labels().stream().filter(was.labels()::contains).toList().equals(was.labels())) {
                creates.add(change("enum " + e.qualifiedName(), "remove or reorder labels", List.of(), true, "PostgreSQL cannot drop"
                        + " or move an enum label: re-create the type and convert every column that uses it, by hand"));
                continue;
            }
            for (int i = 0; i < e.labels().size(); i++) {
                String label = e.labels().get(i);
                if (!was.labels().contains(label)) {
                    // After the label before it in the target (there by now: labels are added in order), or before the first.
                    String place = i > 0 ? " AFTER " + Identifiers.literal(e.labels().get(i - 1))
                            : was.labels().isEmpty() ? "" : " BEFORE " + Identifiers.literal(was.labels().get(0));
                    creates.add(change("enum " + e.qualifiedName(), "add label " + label, List.of("ALTER TYPE " + q(e.schema(), e.name())
                            + " ADD VALUE " + Identifiers.literal(label) + place), false,
                            "the new label cannot be used in the transaction that adds it: the change runs on its own"));
                }
            }
        }
        Map<String, EnumType> after = byKey(to.enumTypes(), EnumType::qualifiedName);
        for (EnumType e : from.enumTypes()) {
            if (!after.containsKey(e.qualifiedName())) {
                lateDrops.add(change("enum " + e.qualifiedName(), "drop", List.of("DROP TYPE " + q(e.schema(), e.name())), true));
            }
        }
    }

    /** Composite types: made with the types, before the tables; one that changes is reported, as tables may store it. */
    private void compositeTypes() {
        Map<String, CompositeType> before = byKey(from.compositeTypes(), CompositeType::qualifiedName);
        Map<String, CompositeType> after = byKey(to.compositeTypes(), CompositeType::qualifiedName);
        for (CompositeType t : to.compositeTypes()) {
            CompositeType was = before.get(t.qualifiedName());
            if (was == null) {
                types.add(change("type " + t.qualifiedName(), "create", List.of("CREATE TYPE " + q(t.schema(), t.name()) + " AS ("
                        + t.attributes().stream().map(a -> q(a.name()) + " " + a.type()).collect(Collectors.joining(", ")) + ")"), true));
            } else if (!was.attributes().equals(t.attributes())) {
                creates.add(change("type " + t.qualifiedName(), "change attributes", List.of(), true, "changing a composite type's"
                        + " attributes is not written by the diff yet (ALTER TYPE ... ADD / DROP / ALTER ATTRIBUTE): do it by hand"));
            }
        }
        for (CompositeType t : from.compositeTypes()) {
            if (!after.containsKey(t.qualifiedName())) {
                lateDrops.add(change("type " + t.qualifiedName(), "drop", List.of("DROP TYPE " + q(t.schema(), t.name())), true));
            }
        }
    }

    /** Domains: made with the types; one that changes is reported. */
    private void domains() {
        Map<String, Domain> before = byKey(from.domains(), Domain::qualifiedName);
        Map<String, Domain> after = byKey(to.domains(), Domain::qualifiedName);
        for (Domain d : to.domains()) {
            Domain was = before.get(d.qualifiedName());
            if (was == null) {
                StringBuilder sql = new StringBuilder("CREATE DOMAIN " + q(d.schema(), d.name()) + " AS " + d.baseType());
                if (d.defaultExpression() != null) {
                    sql.append(" DEFAULT ").append(d.defaultExpression());
                }
                if (d.notNull()) {
                    sql.append(" NOT NULL");
                }
                for (Constraint k : d.checks()) {
                    sql.append(" CONSTRAINT ").append(q(k.name())).append(' ').append(k.definition());
                }
                types.add(change("domain " + d.qualifiedName(), "create", List.of(sql.toString()), true));
            } else if (!was.equals(d)) {
                creates.add(change("domain " + d.qualifiedName(), "change", List.of(), true,
                        "changing a domain is not written by the diff yet: do it by hand"));
            }
        }
        for (Domain d : from.domains()) {
            if (!after.containsKey(d.qualifiedName())) {
                lateDrops.add(change("domain " + d.qualifiedName(), "drop", List.of("DROP DOMAIN " + q(d.schema(), d.name())), true));
            }
        }
    }

    private void sequences() {
        Map<String, Sequence> before = byKey(from.sequences(), Sequence::qualifiedName);
        Map<String, Sequence> after = byKey(to.sequences(), Sequence::qualifiedName);
        for (Sequence s : to.sequences()) {
            if (!identity(to, s) && !before.containsKey(s.qualifiedName())) {
                List<String> sql = new ArrayList<>();
                sql.add("CREATE SEQUENCE " + q(s.schema(), s.name()) + " AS " + s.dataType() + " INCREMENT BY " + s.increment()
                        + " MINVALUE " + s.minValue() + " MAXVALUE " + s.maxValue() + " START WITH " + s.start() + " CACHE " + s.cache()
                        + (s.cycle() ? " CYCLE" : " NO CYCLE"));
                creates.add(0, change("sequence " + s.qualifiedName(), "create", sql, true));
                if (s.ownedBy() != null) {
                    // A serial column's: made before its table (the default reads it), owned once the column is there.
                    int dot = s.ownedBy().lastIndexOf('.');
                    keys.add(change("sequence " + s.qualifiedName(), "owned by " + s.ownedBy(), List.of("ALTER SEQUENCE "
                            + q(s.schema(), s.name()) + " OWNED BY " + q(s.schema(), s.ownedBy().substring(0, dot)) + "."
                            + q(s.ownedBy().substring(dot + 1))), true));
                }
            }
        }
        for (Sequence s : from.sequences()) {
            if (s.ownedBy() == null && !after.containsKey(s.qualifiedName())) {
                lateDrops.add(change("sequence " + s.qualifiedName(), "drop", List.of("DROP SEQUENCE " + q(s.schema(), s.name())), true));
            }
        }
    }

    /** Whether {@code s} is an identity column's, which the column makes and drops itself. */
    private static boolean identity(DatabaseSchema schema, Sequence s) {
        if (s.ownedBy() == null) {
            return false;
        }
        int dot = s.ownedBy().lastIndexOf('.');
        return schema.table(s.schema() + "." + s.ownedBy().substring(0, dot)).flatMap(t -> t.column(s.ownedBy().substring(dot + 1)))
                .map(c -> c.identity() != Column.Identity.NONE).orElse(false);
    }

    private void tables() {
        Map<String, Table> before = byKey(plain(from.tables()), Table::qualifiedName);
        Map<String, Table> after = byKey(plain(to.tables()), Table::qualifiedName);
        List<Table> gone = new ArrayList<>();
        List<Table> made = new ArrayList<>();
        for (Table t : plain(to.tables())) {
            Table was = before.get(t.qualifiedName());
            if (was == null) {
                made.add(t);
            } else {
                alterTable(was, t);
            }
        }
        for (Table t : plain(from.tables())) {
            if (!after.containsKey(t.qualifiedName())) {
                gone.add(t);
            }
        }
        for (Table t : made) {
            String rename = gone.stream().filter(g -> g.schema().equals(t.schema()) && shape(g).equals(shape(t))).map(Table::qualifiedName)
                    .findFirst().map(g -> "possibly a rename of " + g + ", which is dropped: if so, use ALTER TABLE ... RENAME TO"
                            + " instead, which keeps its rows").orElse(null);
            List<String> sql = new ArrayList<>(List.of(createTable(t)));
            sql.addAll(notValid(t));
            if (t.comment() != null) {
                sql.add(comment("TABLE " + q(t.schema(), t.name()), t.comment()));
            }
            for (Column c : t.columns()) {
                if (c.comment() != null) {
                    sql.add(comment("COLUMN " + q(t.schema(), t.name()) + "." + q(c.name()), c.comment()));
                }
            }
            creates.add(change("table " + t.qualifiedName(), "create", sql, true, rename));
            for (ForeignKey fk : t.foreignKeys()) {
                // A new table is empty: its keys need no separate validation.
                foreignKeys.add(change("foreign key " + fk.name() + " on " + t.qualifiedName(), "create", List.of("ALTER TABLE "
                        + q(t.schema(), t.name()) + " ADD CONSTRAINT " + q(fk.name()) + " " + fk.definition()), true));
            }
        }
        for (Table t : gone) {
            for (ForeignKey fk : t.foreignKeys()) {
                drops.add(0, change("foreign key " + fk.name() + " on " + t.qualifiedName(), "drop", List.of("ALTER TABLE "
                        + q(t.schema(), t.name()) + " DROP CONSTRAINT " + q(fk.name())), true));
            }
            drops.add(change("table " + t.qualifiedName(), "drop", List.of("DROP TABLE " + q(t.schema(), t.name())), true,
                    "its rows are lost"));
        }
    }

    private static List<Table> plain(List<Table> tables) {
        return tables.stream().filter(t -> t.kind() == Table.Kind.TABLE && t.partitionOf() == null).toList();
    }

    private static String shape(Table t) {
        return t.columns().stream().map(c -> c.name() + " " + c.type()).collect(Collectors.joining(","));
    }

    private void alterTable(Table was, Table t) {
        String table = q(t.schema(), t.name());
        String name = t.qualifiedName();
        Map<String, Column> before = byKey(was.columns(), Column::name);
        Map<String, Column> after = byKey(t.columns(), Column::name);
        List<Column> gone = was.columns().stream().filter(c -> !after.containsKey(c.name())).toList();
        List<Column> made = t.columns().stream().filter(c -> !before.containsKey(c.name())).toList();

        // Keys and constraints that go or change go first, as they may need a column that goes.
        Map<String, ForeignKey> fkAfter = byKey(t.foreignKeys(), ForeignKey::name);
        for (ForeignKey fk : was.foreignKeys()) {
            ForeignKey now = fkAfter.get(fk.name());
            if (now == null || !sameKey(fk, now)) {
                drops.add(0, change("foreign key " + fk.name() + " on " + name, "drop", List.of("ALTER TABLE " + table
                        + " DROP CONSTRAINT " + q(fk.name())), true));
            }
        }
        Map<String, Constraint> kAfter = byKey(t.constraints(), Constraint::name);
        for (Constraint k : was.constraints()) {
            Constraint now = kAfter.get(k.name());
            if (now == null || !sameConstraint(k, now)) {
                drops.add(change(kind(k) + " " + k.name() + " on " + name, "drop", List.of("ALTER TABLE " + table + " DROP CONSTRAINT "
                        + q(k.name())), true));
            }
        }
        // A primary or unique key that goes or changes takes with it the foreign keys that reference it, even unchanged
        // ones: they are dropped first and added back (NOT VALID, then validated) at the end.
        boolean keyGoes = was.constraints().stream().anyMatch(k -> (k.kind() == Constraint.Kind.PRIMARY_KEY
                || k.kind() == Constraint.Kind.UNIQUE) && (kAfter.get(k.name()) == null || !sameConstraint(k, kAfter.get(k.name()))));
        if (keyGoes) {
            for (Table other : plain(to.tables())) {
                Table otherBefore = from.table(other.qualifiedName()).orElse(null);
                for (ForeignKey fk : other.foreignKeys()) {
                    ForeignKey old = otherBefore == null ? null : otherBefore.foreignKeys().stream()
                            .filter(f -> f.name().equals(fk.name())).findFirst().orElse(null);
                    if (old != null && sameKey(old, fk) && fk.referencedQualifiedName().equals(name)) {
                        String other2 = q(other.schema(), other.name());
                        drops.add(0, change("foreign key " + fk.name() + " on " + other.qualifiedName(), "drop for a while", List.of(
                                "ALTER TABLE " + other2 + " DROP CONSTRAINT " + q(fk.name())), true,
                                "the key it references is made again; it is added back at the end"));
                        foreignKeys.add(change("foreign key " + fk.name() + " on " + other.qualifiedName(), "add back", List.of(
                                "ALTER TABLE " + other2 + " ADD CONSTRAINT " + q(fk.name()) + " " + stripNotValid(fk.definition()) + " NOT VALID",
                                "ALTER TABLE " + other2 + " VALIDATE CONSTRAINT " + q(fk.name())), false,
                                "rows written in between are checked by the validation"));
                    }
                }
            }
        }
        for (Column c : gone) {
            String rename = made.stream().filter(m -> m.type().equals(c.type())).map(Column::name).findFirst()
                    .map(m -> "possibly a rename to " + m + ", which is added: if so, use ALTER TABLE ... RENAME COLUMN instead,"
                            + " which keeps its values").orElse(null);
            drops.add(change("column " + name + "." + c.name(), "drop", List.of("ALTER TABLE " + table + " DROP COLUMN " + q(c.name())),
                    true, "its values are lost", rename));
        }
        for (Column c : made) {
            String hazard = !c.nullable() && c.defaultExpression() == null && c.identity() == Column.Identity.NONE
                    && c.generated() == Column.Generated.NONE ? "NOT NULL without a default fails when the table has rows" : null;
            String rewrite = c.generated() == Column.Generated.STORED || c.identity() != Column.Identity.NONE
                    || (c.defaultExpression() != null && c.defaultExpression().contains("(") && !c.defaultExpression().startsWith("nextval("))
                    ? "unless the default is a constant or stable, computing a value for every existing row rewrites the table"
                            + " under ACCESS EXCLUSIVE" : null;
            String rename = gone.stream().filter(g -> g.type().equals(c.type())).map(Column::name).findFirst()
                    .map(g -> "possibly a rename of " + g + ", which is dropped").orElse(null);
            List<String> sql = new ArrayList<>(List.of("ALTER TABLE " + table + " ADD COLUMN " + columnDefinition(c)));
            if (c.comment() != null) {
                sql.add(comment("COLUMN " + table + "." + q(c.name()), c.comment()));
            }
            creates.add(change("column " + name + "." + c.name(), "add", sql, true, hazard, rewrite, rename));
        }
        for (Column c : t.columns()) {
            Column w = before.get(c.name());
            if (w != null) {
                alterColumn(table, name, w, c, t);
                if (!Objects.equals(w.comment(), c.comment())) {
                    alters.add(change("column " + name + "." + c.name(), "comment", List.of(comment("COLUMN " + table + "."
                            + q(c.name()), c.comment())), true));
                }
            }
        }
        if (!Objects.equals(was.comment(), t.comment())) {
            alters.add(change("table " + name, "comment", List.of(comment("TABLE " + table, t.comment())), true));
        }
        for (Constraint k : t.constraints()) {
            Constraint w = was.constraint(k.name()).orElse(null);
            if (w == null || !sameConstraint(w, k)) {
                keys.add(addConstraint(table, name, t, k));
            }
        }
        Map<String, ForeignKey> fkBefore = byKey(was.foreignKeys(), ForeignKey::name);
        for (ForeignKey fk : t.foreignKeys()) {
            ForeignKey w = fkBefore.get(fk.name());
            if (w == null || !sameKey(w, fk)) {
                String add = "ALTER TABLE " + table + " ADD CONSTRAINT " + q(fk.name()) + " " + stripNotValid(fk.definition()) + " NOT VALID";
                // Validated in a transaction of its own: the scan then runs under SHARE UPDATE EXCLUSIVE only.
                foreignKeys.add(fk.validated() ? change("foreign key " + fk.name() + " on " + name, "add", List.of(add,
                        "ALTER TABLE " + table + " VALIDATE CONSTRAINT " + q(fk.name())), false, "validation fails if a row has no match")
                        : change("foreign key " + fk.name() + " on " + name, "add", List.of(add), true));
            }
        }
    }

    private static boolean sameKey(ForeignKey a, ForeignKey b) {
        return stripNotValid(a.definition()).equals(stripNotValid(b.definition()));
    }

    private static boolean sameConstraint(Constraint a, Constraint b) {
        return a.kind() == b.kind() && stripNotValid(a.definition()).equals(stripNotValid(b.definition()));
    }

    private static String kind(Constraint k) {
        return switch (k.kind()) {
            case PRIMARY_KEY -> "primary key";
            case UNIQUE -> "unique constraint";
            case CHECK -> "check constraint";
            case EXCLUSION -> "exclusion constraint";
        };
    }

    private void alterColumn(String table, String name, Column w, Column c, Table t) {
        String col = q(c.name());
        String object = "column " + name + "." + c.name();
        if (w.identity() != c.identity() || w.generated() != c.generated()
                || !Objects.equals(w.generationExpression(), c.generationExpression())) {
            alters.add(change(object, "change identity or generation", List.of(), true, "turning a column into or out of an identity"
                    + " or generated column is not written by the diff yet: do it by hand"));
            return;
        }
        boolean retype = !w.type().equals(c.type()) || !Objects.equals(w.collation(), c.collation());
        boolean fixed = c.identity() != Column.Identity.NONE || c.generated() != Column.Generated.NONE;
        if (retype) {
            // The old default may not convert to the new type: it goes first and the new one comes after. No USING: the
            // assignment cast refuses what would not fit (varchar(10) from varchar(100)) where an explicit one would cut it.
            List<String> sql = new ArrayList<>();
            if (w.defaultExpression() != null && !fixed) {
                sql.add("ALTER TABLE " + table + " ALTER COLUMN " + col + " DROP DEFAULT");
            }
            sql.add("ALTER TABLE " + table + " ALTER COLUMN " + col + " TYPE " + c.type()
                    + (c.collation() != null ? " COLLATE " + collation(c.collation()) : ""));
            if (c.defaultExpression() != null && !fixed) {
                sql.add("ALTER TABLE " + table + " ALTER COLUMN " + col + " SET DEFAULT " + c.defaultExpression());
            }
            alters.add(change(object, "change type to " + c.type(), sql, true,
                    "unless the old type converts without a rewrite (varchar(n) to a larger n or to text, say), this rewrites"
                            + " the table and its indexes under ACCESS EXCLUSIVE; without an assignment cast from the old type,"
                            + " write the conversion (USING) by hand"));
        }
        if (!retype && !Objects.equals(w.defaultExpression(), c.defaultExpression()) && !fixed) {
            alters.add(change(object, c.defaultExpression() == null ? "drop default" : "set default", List.of("ALTER TABLE " + table
                    + " ALTER COLUMN " + col + (c.defaultExpression() == null ? " DROP DEFAULT" : " SET DEFAULT " + c.defaultExpression())),
                    true));
        }
        if (w.nullable() && !c.nullable()) {
            // A validated CHECK (c IS NOT NULL) lets SET NOT NULL skip its scan (PostgreSQL 12 and later).
            String check = q(freeName(t, t.name() + "_" + c.name() + "_not_null"));
            alters.add(change(object, "set not null", List.of(
                    "ALTER TABLE " + table + " ADD CONSTRAINT " + check + " CHECK (" + col + " IS NOT NULL) NOT VALID",
                    "ALTER TABLE " + table + " VALIDATE CONSTRAINT " + check,
                    "ALTER TABLE " + table + " ALTER COLUMN " + col + " SET NOT NULL",
                    "ALTER TABLE " + table + " DROP CONSTRAINT " + check), false,
                    "fails if a row holds NULL in it (and then leaves the NOT VALID check " + check + " to drop)"));
        } else if (!w.nullable() && c.nullable()) {
            alters.add(change(object, "drop not null", List.of("ALTER TABLE " + table + " ALTER COLUMN " + col + " DROP NOT NULL"), true,
                    "readers that assume a value may meet NULL"));
        }
    }

    /** {@code wanted}, or it with a number, so that no constraint of the table has the name; at most 63 bytes. */
    private String freeName(Table t, String wanted) {
        Table before = from.table(t.qualifiedName()).orElse(t);
        for (int i = 0; ; i++) {
            String suffix = i == 0 ? "" : "_" + i;
            String base = wanted;
            while ((base + suffix).getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 63) {
                base = base.substring(0, base.length() - 1);
            }
            String name = base + suffix;
            if (before.constraint(name).isEmpty() && t.constraint(name).isEmpty()) {
                return name;
            }
        }
    }

    private SchemaChange addConstraint(String table, String name, Table t, Constraint k) {
        String object = kind(k) + " " + k.name() + " on " + name;
        String def = stripNotValid(k.definition());
        switch (k.kind()) {
            case CHECK:
                if (!k.validated()) {
                    return change(object, "add", List.of("ALTER TABLE " + table + " ADD CONSTRAINT " + q(k.name()) + " " + def
                            + " NOT VALID"), true);
                }
                return change(object, "add", List.of("ALTER TABLE " + table + " ADD CONSTRAINT " + q(k.name()) + " " + def + " NOT VALID",
                        "ALTER TABLE " + table + " VALIDATE CONSTRAINT " + q(k.name())), false, "validation fails if a row breaks it");
            case UNIQUE:
            case PRIMARY_KEY:
                boolean primary = k.kind() == Constraint.Kind.PRIMARY_KEY;
                List<String> sql = new ArrayList<>();
                Index wanted = to.index(t.schema() + "." + k.name()).orElse(null);
                // An index of that name that backs a constraint of the old table went with it (DROP CONSTRAINT).
                Index existing = from.table(t.qualifiedName()).flatMap(w -> w.constraint(k.name())).isPresent() ? null
                        : from.index(t.schema() + "." + k.name()).orElse(null);
                if (existing == null || wanted == null || !existing.definition().equals(wanted.definition())) {
                    if (existing != null) {
                        sql.add("DROP INDEX CONCURRENTLY " + q(t.schema(), k.name()));
                    }
                    sql.add(wanted != null ? concurrently(wanted.definition()) : "CREATE UNIQUE INDEX CONCURRENTLY " + q(k.name()) + " ON "
                            + table + " (" + k.columns().stream().map(ChangeSql::q).collect(Collectors.joining(", ")) + ")");
                }
                String deferrable = def.contains("INITIALLY DEFERRED") ? " DEFERRABLE INITIALLY DEFERRED"
                        : def.contains("DEFERRABLE") ? " DEFERRABLE" : "";
                sql.add("ALTER TABLE " + table + " ADD CONSTRAINT " + q(k.name()) + (primary ? " PRIMARY KEY" : " UNIQUE") + " USING INDEX "
                        + q(k.name()) + deferrable);
                return change(object, "add", sql, false,
                        "the index build fails if rows repeat a key" + (primary ? "; a primary key also sets NOT NULL on its columns,"
                                + " scanning the table unless each has a validated CHECK (c IS NOT NULL)" : ""));
            default:
                return change(object, "add", List.of("ALTER TABLE " + table + " ADD CONSTRAINT " + q(k.name()) + " " + def), true,
                        "builds its index under a lock that blocks writes for the whole build");
        }
    }

    private void indexes() {
        Set<String> constraintIndexes = new java.util.HashSet<>();
        for (DatabaseSchema s : List.of(from, to)) {
            for (Table t : s.tables()) {
                for (Constraint k : t.constraints()) {
                    constraintIndexes.add(t.schema() + "." + k.name());
                }
            }
        }
        Map<String, Index> before = byKey(from.indexes(), Index::qualifiedName);
        Map<String, Index> after = byKey(to.indexes(), Index::qualifiedName);
        Set<String> newTables = plain(to.tables()).stream().map(Table::qualifiedName)
                .filter(n -> from.table(n).isEmpty()).collect(Collectors.toSet());
        for (Index i : from.indexes()) {
            if (constraintIndexes.contains(i.qualifiedName())) {
                continue;
            }
            Index now = after.get(i.qualifiedName());
            boolean kept = indexable(to, i) && indexable(from, i);
            if ((now == null || !now.definition().equals(i.definition()) || (!i.valid() && now.valid())) && kept) {
                indexDrops.add(change("index " + i.qualifiedName(), "drop", List.of("DROP INDEX CONCURRENTLY " + q(i.schema(), i.name())),
                        false, i.valid() ? null : "it is INVALID (a failed concurrent build left it): it is built again"));
            }
        }
        for (Index i : to.indexes()) {
            if (constraintIndexes.contains(i.qualifiedName())) {
                continue;
            }
            Index was = before.get(i.qualifiedName());
            if (!indexable(to, i) || (was != null && was.definition().equals(i.definition()) && (was.valid() || !i.valid()))) {
                continue; // partitioned tables are not diffed yet
            }
            View matview = to.view(i.schema() + "." + i.table()).orElse(null);
            if (matview != null && (from.view(matview.qualifiedName()).isEmpty()
                    || !from.view(matview.qualifiedName()).get().definition().equals(matview.definition()))) {
                continue; // made with its materialized view (views())
            }
            boolean fresh = newTables.contains(i.schema() + "." + i.table());
            String sql = fresh ? i.definition() : concurrently(i.definition());
            indexes.add(change("index " + i.qualifiedName(), "create", List.of(sql), fresh, i.unique() && !fresh
                    ? "the build fails if rows repeat a key, and leaves an INVALID index to drop" : null));
        }
    }

    /** Whether the index's relation is one the diff makes indexes on: a plain table, or a materialized view. */
    private static boolean indexable(DatabaseSchema schema, Index i) {
        String relation = i.schema() + "." + i.table();
        return plain(schema.tables()).stream().anyMatch(t -> t.qualifiedName().equals(relation))
                || schema.view(relation).map(View::materialized).orElse(false);
    }

    private void views() {
        Map<String, View> before = byKey(from.views(), View::qualifiedName);
        Map<String, View> after = byKey(to.views(), View::qualifiedName);
        // A view reading a column that goes or changes type blocks that change: such views go first and come back
        // after; so do the views that read a view that goes or comes back. (Whether a view reads a relation is judged by
        // the relation's name in the view's text.)
        Set<String> changed = new java.util.HashSet<>();
        for (Table t : plain(to.tables())) {
            from.table(t.qualifiedName()).filter(w -> w.columns().stream().anyMatch(c -> t.column(c.name())
                    .map(now -> !now.type().equals(c.type()) || !Objects.equals(now.collation(), c.collation())).orElse(true)))
                    .ifPresent(w -> changed.add(t.name()));
        }
        Set<String> redo = new java.util.LinkedHashSet<>();
        for (View v : from.views()) {
            View now = after.get(v.qualifiedName());
            if (now == null || !now.definition().equals(v.definition()) || now.materialized() != v.materialized()) {
                redo.add(v.qualifiedName());
            }
        }
        for (boolean grew = true; grew; ) {
            grew = false;
            for (View v : from.views()) {
                if (!redo.contains(v.qualifiedName()) && (changed.stream().anyMatch(n -> reads(v, n))
                        || redo.stream().anyMatch(r -> reads(v, before.get(r).name())))) {
                    grew = redo.add(v.qualifiedName()) || grew;
                }
            }
        }
        for (View v : dependencyOrder(redo.stream().map(before::get).toList())) {
            viewDrops.add(0, dropView(v)); // the last made goes first: what reads a view is dropped before it
        }
        List<View> make = new ArrayList<>();
        for (View v : to.views()) {
            if (!before.containsKey(v.qualifiedName()) || redo.contains(v.qualifiedName())) {
                make.add(v);
            }
        }
        for (View v : dependencyOrder(make)) {
            List<String> sql = new ArrayList<>(List.of("CREATE " + (v.materialized() ? "MATERIALIZED VIEW " : "VIEW ")
                    + q(v.schema(), v.name()) + " AS " + body(v.definition())));
            if (v.comment() != null) {
                sql.add(comment((v.materialized() ? "MATERIALIZED VIEW " : "VIEW ") + q(v.schema(), v.name()), v.comment()));
            }
            views.add(change((v.materialized() ? "materialized view " : "view ") + v.qualifiedName(), "create", sql, true,
                    v.materialized() ? "a materialized view is filled when it is created" : null));
            if (v.materialized()) {
                for (Index i : to.indexesOn(v.qualifiedName())) {
                    views.add(change("index " + i.qualifiedName(), "create", List.of(i.definition()), true));
                }
            }
        }
    }

    private static boolean reads(View v, String relation) {
        return java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern.quote(relation) + "\\b").matcher(v.definition()).find();
    }

    /** The views in an order where each comes after the views it reads. */
    private static List<View> dependencyOrder(List<View> views) {
        List<View> left = new ArrayList<>(views);
        List<View> ordered = new ArrayList<>();
        while (!left.isEmpty()) {
            View next = left.stream().filter(v -> left.stream().noneMatch(o -> o != v && reads(v, o.name()))).findFirst()
                    .orElse(left.get(0)); // a cycle of names in texts: keep the given order
            ordered.add(next);
            left.remove(next);
        }
        return ordered;
    }

    private static SchemaChange dropView(View v) {
        return change((v.materialized() ? "materialized view " : "view ") + v.qualifiedName(), "drop", List.of("DROP "
                + (v.materialized() ? "MATERIALIZED VIEW " : "VIEW ") + q(v.schema(), v.name())), true);
    }

}
