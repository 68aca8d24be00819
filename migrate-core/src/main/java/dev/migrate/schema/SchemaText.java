package dev.migrate.schema;

import java.util.Locale;
import java.util.stream.Collectors;

/** The canonical text of a {@link DatabaseSchema}: what {@link DatabaseSchema#render()} returns. */
final class SchemaText {
    static final String HEADER = "-- dev.migrate schema v1";

    private final StringBuilder out = new StringBuilder();

    private SchemaText() {
    }

    static String render(DatabaseSchema s) {
        SchemaText text = new SchemaText();
        text.line(HEADER + "; schemas: " + String.join(", ", s.schemas()));
        s.schemas().forEach(name -> text.line("schema " + name));
        s.extensions().forEach(e -> text.line("extension " + e.name() + " " + e.version() + " schema " + e.schema()));
        s.enumTypes().forEach(e -> text.line("enum " + e.qualifiedName() + " ("
                + e.labels().stream().map(SchemaText::quoted).collect(Collectors.joining(", ")) + ")"));
        s.domains().forEach(text::domain);
        s.compositeTypes().forEach(t -> text.line("type " + t.qualifiedName() + " (" + t.attributes().stream()
                .map(a -> a.name() + " " + a.type()).collect(Collectors.joining(", ")) + ")"));
        s.tables().forEach(text::table);
        s.sequences().forEach(text::sequence);
        s.indexes().forEach(text::index);
        s.views().forEach(text::view);
        s.routines().forEach(r -> text.line(label(r.kind()) + " " + r.signature()
                + (r.result() == null ? "" : " returns " + r.result()) + " language " + r.language()
                + ": " + r.definition()));
        s.triggers().forEach(t -> text.line("trigger " + t.name() + " on " + t.qualifiedTable() + " "
                + firing(t.firing()) + ": " + t.definition()));
        return text.out.toString();
    }

    /** {@code s} on one line: backslash, line feed and carriage return written as escapes. */
    static String oneLine(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    /** An enum constant in lower case with spaces: {@code BY_DEFAULT} becomes {@code by default}. */
    static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String quoted(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static String firing(Trigger.Firing firing) {
        return switch (firing) {
            case ORIGIN -> "enabled";
            case DISABLED -> "disabled";
            case REPLICA, ALWAYS -> "enabled " + label(firing);
        };
    }

    private void line(String text) {
        out.append(oneLine(text)).append('\n');
    }

    private void domain(Domain d) {
        line("domain " + d.qualifiedName() + " " + d.baseType() + (d.notNull() ? " not null" : "")
                + optional(" default ", d.defaultExpression()));
        d.checks().forEach(this::constraint);
    }

    private void table(Table t) {
        String kind = t.kind() == Table.Kind.TABLE ? "table" : label(t.kind());
        line(kind + " " + t.qualifiedName() + (t.unlogged() ? " unlogged" : "")
                + optional(" partition by ", t.partitionKey()) + optional(" partition of ", t.partitionOf())
                + optional(" ", t.partitionBound()) + comment(t.comment()));
        t.columns().forEach(this::column);
        t.constraints().forEach(this::constraint);
        t.foreignKeys().forEach(f -> line("  foreign key " + f.name() + " (" + String.join(", ", f.columns())
                + ") references " + f.referencedQualifiedName() + " (" + String.join(", ", f.referencedColumns())
                + ") on delete " + label(f.onDelete()) + " on update " + label(f.onUpdate())
                + (f.validated() ? "" : " not valid") + ": " + f.definition()));
    }

    private void column(Column c) {
        line("  column " + c.name() + " " + c.type() + optional(" collate ", c.collation())
                + (c.nullable() ? "" : " not null") + optional(" default ", c.defaultExpression())
                + (c.identity() == Column.Identity.NONE ? "" : " identity " + label(c.identity()))
                + (c.generated() == Column.Generated.NONE ? "" : " generated " + label(c.generated()))
                + optional(" as ", c.generationExpression()) + comment(c.comment()));
    }

    private void constraint(Constraint c) {
        String columns = c.columns().isEmpty() ? "" : " (" + String.join(", ", c.columns()) + ")";
        line("  " + label(c.kind()) + " " + c.name() + columns + (c.validated() ? "" : " not valid") + ": "
                + c.definition());
    }

    private void sequence(Sequence s) {
        line("sequence " + s.qualifiedName() + " " + s.dataType() + " start " + s.start() + " increment "
                + s.increment() + " min " + s.minValue() + " max " + s.maxValue() + " cache " + s.cache()
                + (s.cycle() ? " cycle" : "") + optional(" owned by ", s.ownedBy()));
    }

    private void index(Index i) {
        line("index " + i.qualifiedName() + " on " + i.table() + " (" + String.join(", ", i.columns()) + ")"
                + (i.includedColumns().isEmpty() ? "" : " include (" + String.join(", ", i.includedColumns()) + ")")
                + (i.unique() ? " unique" : "") + (i.primary() ? " primary" : "")
                + optional(" where ", i.predicate()) + " using " + i.method() + (i.valid() ? "" : " invalid")
                + ": " + i.definition());
    }

    private void view(View v) {
        line((v.materialized() ? "materialized view " : "view ") + v.qualifiedName() + comment(v.comment())
                + ": " + v.definition());
        v.columns().forEach(this::column);
    }

    private static String optional(String prefix, String value) {
        return value == null ? "" : prefix + value;
    }

    private static String comment(String comment) {
        return comment == null ? "" : " comment " + quoted(comment);
    }
}
