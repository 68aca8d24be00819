package dev.migrate.schema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What {@link DatabaseSchema#differences(DatabaseSchema)} returns: the actual schema against the expected one. */
final class SchemaDifferences {
    private final List<String> out = new ArrayList<>();

    private SchemaDifferences() {
    }

    static List<String> between(DatabaseSchema actual, DatabaseSchema expected) {
        SchemaDifferences d = new SchemaDifferences();
        d.objects("", actual.schemas(), expected.schemas(), s -> s, s -> "schema", false, (where, a, e) -> {
        });
        d.order("", "schema order", actual.schemas(), expected.schemas());
        d.objects("", actual.extensions(), expected.extensions(), Extension::name, e -> "extension", true,
                (where, a, e) -> d.facts(where, facts("version", a.version(), "schema", a.schema()),
                        facts("version", e.version(), "schema", e.schema())));
        d.objects("", actual.enumTypes(), expected.enumTypes(), EnumType::qualifiedName, e -> "enum", true,
                (where, a, e) -> d.facts(where, facts("labels", a.labels()), facts("labels", e.labels())));
        d.objects("", actual.domains(), expected.domains(), Domain::qualifiedName, e -> "domain", true, d::domain);
        d.objects("", actual.compositeTypes(), expected.compositeTypes(), CompositeType::qualifiedName,
                t -> "type", true, (where, a, e) -> d.facts(where, facts("attributes", attributes(a)),
                        facts("attributes", attributes(e))));
        d.objects("", actual.tables(), expected.tables(), Table::qualifiedName, t -> "table", true, d::table);
        d.objects("", actual.sequences(), expected.sequences(), Sequence::qualifiedName, s -> "sequence", true,
                (where, a, e) -> d.facts(where, facts(a), facts(e)));
        d.objects("", actual.indexes(), expected.indexes(), Index::qualifiedName, i -> "index", true,
                (where, a, e) -> d.facts(where, facts(a), facts(e)));
        d.objects("", actual.views(), expected.views(), View::qualifiedName,
                v -> v.materialized() ? "materialized view" : "view", true, d::view);
        d.objects("", actual.routines(), expected.routines(), Routine::signature, r -> SchemaText.label(r.kind()),
                true, (where, a, e) -> d.facts(where, facts(a), facts(e)));
        d.objects("", actual.triggers(), expected.triggers(), t -> t.name() + " on " + t.qualifiedTable(),
                t -> "trigger", true, (where, a, e) -> d.facts(where,
                        facts("firing", a.firing(), "definition", a.definition()),
                        facts("firing", e.firing(), "definition", e.definition())));
        return List.copyOf(d.out);
    }

    /** Compares two objects found under the same key; {@code where} names them, ending in {@code ": "}. */
    private interface Details<T> {
        void compare(String where, T actual, T expected);
    }

    /**
     * Pairs objects by key: reports those only expected as missing and those only actual as
     * unexpected, and compares the rest. Keys go in alphabetical order when {@code alphabetical},
     * otherwise in expected order followed by the unexpected ones in actual order.
     */
    private <T> void objects(String prefix, List<T> actual, List<T> expected, Function<T, String> key,
                             Function<T, String> kind, boolean alphabetical, Details<T> details) {
        Map<String, T> byKeyActual = byKey(actual, key);
        Map<String, T> byKeyExpected = byKey(expected, key);
        Collection<String> keys = alphabetical ? new TreeSet<>() : new LinkedHashSet<>();
        keys.addAll(byKeyExpected.keySet());
        keys.addAll(byKeyActual.keySet());
        for (String k : keys) {
            T a = byKeyActual.get(k);
            T e = byKeyExpected.get(k);
            if (a == null) {
                out.add(prefix + kind.apply(e) + " " + k + ": missing");
            } else if (e == null) {
                out.add(prefix + "unexpected " + kind.apply(a) + " " + k);
            } else {
                details.compare(prefix + kind.apply(e) + " " + k + ": ", a, e);
            }
        }
    }

    private static <T> Map<String, T> byKey(List<T> items, Function<T, String> key) {
        Map<String, T> map = new LinkedHashMap<>();
        items.forEach(item -> map.putIfAbsent(key.apply(item), item));
        return map;
    }

    /** Reports when the names both lists hold come in a different order. */
    private void order(String where, String what, List<String> actual, List<String> expected) {
        List<String> common = actual.stream().filter(expected::contains).toList();
        List<String> commonExpected = expected.stream().filter(actual::contains).toList();
        if (!common.equals(commonExpected)) {
            out.add(where + what + " is " + String.join(", ", actual) + ", expected " + String.join(", ", expected));
        }
    }

    private void facts(String where, Map<String, Object> actual, Map<String, Object> expected) {
        expected.forEach((label, e) -> {
            Object a = actual.get(label);
            if (!Objects.equals(a, e)) {
                out.add(where + label + " is " + show(a) + ", expected " + show(e));
            }
        });
    }

    private void domain(String where, Domain a, Domain e) {
        facts(where, facts("base type", a.baseType(), "not null", a.notNull(), "default", a.defaultExpression()),
                facts("base type", e.baseType(), "not null", e.notNull(), "default", e.defaultExpression()));
        objects(where, a.checks(), e.checks(), Constraint::name, c -> SchemaText.label(c.kind()), true,
                (w, x, y) -> facts(w, facts(x), facts(y)));
    }

    private void table(String where, Table a, Table e) {
        facts(where, facts(a), facts(e));
        columns(where, a.columns(), e.columns());
        objects(where, a.constraints(), e.constraints(), Constraint::name, c -> SchemaText.label(c.kind()), true,
                (w, x, y) -> facts(w, facts(x), facts(y)));
        objects(where, a.foreignKeys(), e.foreignKeys(), ForeignKey::name, f -> "foreign key", true,
                (w, x, y) -> facts(w, facts(x), facts(y)));
    }

    private void view(String where, View a, View e) {
        facts(where, facts("materialized", a.materialized(), "comment", a.comment(), "definition", a.definition()),
                facts("materialized", e.materialized(), "comment", e.comment(), "definition", e.definition()));
        columns(where, a.columns(), e.columns());
    }

    private void columns(String where, List<Column> actual, List<Column> expected) {
        objects(where, actual, expected, Column::name, c -> "column", false, (w, x, y) -> facts(w, facts(x), facts(y)));
        order(where, "column order", actual.stream().map(Column::name).toList(),
                expected.stream().map(Column::name).toList());
    }

    private static Map<String, Object> facts(Object... labelsAndValues) {
        Map<String, Object> facts = new LinkedHashMap<>();
        for (int i = 0; i < labelsAndValues.length; i += 2) {
            facts.put((String) labelsAndValues[i], labelsAndValues[i + 1]);
        }
        return facts;
    }

    private static Map<String, Object> facts(Table t) {
        return facts("kind", t.kind(), "unlogged", t.unlogged(), "partition key", t.partitionKey(),
                "partition of", t.partitionOf(), "partition bound", t.partitionBound(), "comment", t.comment());
    }

    private static Map<String, Object> facts(Column c) {
        return facts("type", c.type(), "collation", c.collation(), "nullable", c.nullable(),
                "default", c.defaultExpression(), "identity", c.identity(), "generated", c.generated(),
                "generation expression", c.generationExpression(), "comment", c.comment());
    }

    private static Map<String, Object> facts(Constraint c) {
        return facts("kind", c.kind(), "columns", c.columns(), "validated", c.validated(), "definition", c.definition());
    }

    private static Map<String, Object> facts(ForeignKey f) {
        return facts("columns", f.columns(), "referenced table", f.referencedQualifiedName(),
                "referenced columns", f.referencedColumns(), "on delete", f.onDelete(), "on update", f.onUpdate(),
                "validated", f.validated(), "definition", f.definition());
    }

    private static Map<String, Object> facts(Sequence s) {
        return facts("data type", s.dataType(), "start", s.start(), "increment", s.increment(), "min", s.minValue(),
                "max", s.maxValue(), "cache", s.cache(), "cycle", s.cycle(), "owned by", s.ownedBy());
    }

    private static Map<String, Object> facts(Index i) {
        return facts("table", i.table(), "columns", i.columns(), "included columns", i.includedColumns(),
                "unique", i.unique(), "primary", i.primary(), "predicate", i.predicate(), "valid", i.valid(),
                "method", i.method(), "definition", i.definition());
    }

    private static Map<String, Object> facts(Routine r) {
        return facts("kind", r.kind(), "result", r.result(), "language", r.language(), "definition", r.definition());
    }

    private static List<String> attributes(CompositeType t) {
        return t.attributes().stream().map(a -> a.name() + " " + a.type()).toList();
    }

    private static String show(Object value) {
        if (value == null) {
            return "none";
        }
        if (value instanceof Enum<?> constant) {
            return SchemaText.label(constant);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(SchemaDifferences::show).collect(Collectors.joining(", ", "[", "]"));
        }
        return SchemaText.oneLine(value.toString());
    }
}
