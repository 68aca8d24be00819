package dev.migrate.testkit.internal;

import dev.migrate.schema.Column;
import dev.migrate.schema.Constraint;
import dev.migrate.schema.DatabaseSchema;
import dev.migrate.schema.EnumType;
import dev.migrate.schema.ForeignKey;
import dev.migrate.schema.Index;
import dev.migrate.schema.Routine;
import dev.migrate.schema.SchemaObject;
import dev.migrate.schema.Table;
import dev.migrate.schema.Trigger;
import java.util.List;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * The failure messages of the schema assertions. Each names the object, what was expected and
 * what is there, and, when something is missing, what exists instead.
 */
public final class SchemaFailures {
    private SchemaFailures() {
    }

    /** A table that is not there, with the tables that are. */
    public static ErrorMessageFactory shouldHaveTable(DatabaseSchema schema, String name) {
        String hint = schema.view(name).map(v -> " (" + v.qualifiedName() + " is a "
                + (v.materialized() ? "materialized view" : "view") + ")").orElse("");
        return Failure.of("Expecting table " + name + " to exist but it does not" + hint + "; tables in "
                + String.join(", ", schema.schemas()) + ": " + qualified(schema.tables()));
    }

    /** A table that should not be there. */
    public static ErrorMessageFactory shouldNotHaveTable(Table table) {
        return Failure.of("Expecting table " + table.qualifiedName() + " not to exist but it does, with columns "
                + Lists.columns(table.columnNames()));
    }

    /** A column that is not there, with the table's columns. */
    public static ErrorMessageFactory shouldHaveColumn(Table table, String column) {
        return Failure.of("Expecting table " + table.qualifiedName() + " to have column " + column
                + " but it has columns " + Lists.columns(table.columnNames()));
    }

    /** A column that should not be there. */
    public static ErrorMessageFactory shouldNotHaveColumn(Table table, Column column) {
        return Failure.of("Expecting table " + table.qualifiedName() + " not to have column " + column.name()
                + " but it has it, of type " + column.type());
    }

    /** A column of another type. */
    public static ErrorMessageFactory shouldHaveType(Table table, Column column, String expected) {
        return Failure.of("Expecting column " + name(table, column) + " to have type " + expected + " but it has "
                + column.type());
    }

    /** A column that is nullable, or not, against expectations. */
    public static ErrorMessageFactory shouldBeNullable(Table table, Column column, boolean expected) {
        return Failure.of("Expecting column " + name(table, column) + " to be " + (expected ? "nullable" : "NOT NULL")
                + " but it is " + (column.nullable() ? "nullable" : "NOT NULL"));
    }

    /** A column with another default, or none. */
    public static ErrorMessageFactory shouldHaveDefault(Table table, Column column, String expected) {
        String actual = column.defaultExpression() == null ? "no default" : "default " + column.defaultExpression();
        return Failure.of("Expecting column " + name(table, column) + " to have "
                + (expected == null ? "no default" : "default " + expected) + " but it has " + actual);
    }

    /** A primary key on other columns, or none. */
    public static ErrorMessageFactory shouldHavePrimaryKey(Table table, List<String> columns) {
        String actual = table.primaryKey().map(pk -> "primary key " + pk.name() + " " + Lists.columns(pk.columns()))
                .orElse("no primary key");
        return Failure.of("Expecting table " + table.qualifiedName() + " to have primary key " + Lists.columns(columns)
                + " but it has " + actual);
    }

    /** No foreign key on {@code columns}, with the table's foreign keys. */
    public static ErrorMessageFactory shouldHaveForeignKey(Table table, List<String> columns) {
        return Failure.of("Expecting table " + table.qualifiedName() + " to have a foreign key on " + Lists.columns(columns)
                + " but its foreign keys are:" + Lists.bullets(table.foreignKeys(), SchemaFailures::describe));
    }

    /** A foreign key that references something else. */
    public static ErrorMessageFactory shouldReference(Table table, ForeignKey key, String expectedTable,
                                                      List<String> expectedColumns) {
        return Failure.of("Expecting foreign key " + key.name() + " of " + table.qualifiedName() + " to reference "
                + expectedTable + " " + Lists.columns(expectedColumns) + " but it references "
                + key.referencedQualifiedName() + " " + Lists.columns(key.referencedColumns()));
    }

    /** A foreign key with another {@code ON DELETE} action. */
    public static ErrorMessageFactory shouldHaveOnDelete(Table table, ForeignKey key, ForeignKey.Action expected) {
        return Failure.of("Expecting foreign key " + key.name() + " of " + table.qualifiedName() + " to have ON DELETE "
                + action(expected) + " but it has ON DELETE " + action(key.onDelete()));
    }

    /** No unique constraint on {@code columns}; says so when a unique index covers them instead. */
    public static ErrorMessageFactory shouldHaveUniqueConstraint(Table table, List<String> columns, List<Index> indexes) {
        String hint = indexes.stream().filter(i -> i.unique() && !i.primary() && i.columns().equals(columns)).findFirst()
                .map(i -> " (unique index " + i.name() + " covers them, but it is not a constraint: check it with"
                        + " hasIndexOn(...).unique())").orElse("");
        return Failure.of("Expecting table " + table.qualifiedName() + " to have a unique constraint on "
                + Lists.columns(columns) + " but its unique constraints are: "
                + constraints(table, Constraint.Kind.UNIQUE) + hint);
    }

    /** No check constraint with that name or containing that text, with the table's checks. */
    public static ErrorMessageFactory shouldHaveCheckConstraint(Table table, String nameOrFragment) {
        return Failure.of("Expecting table " + table.qualifiedName() + " to have a check constraint named or containing "
                + nameOrFragment + " but its check constraints are:" + Lists.bullets(table.constraints().stream()
                .filter(c -> c.kind() == Constraint.Kind.CHECK).toList(), c -> c.name() + ": " + c.definition()));
    }

    /** No index called {@code name} on the table, with its indexes. */
    public static ErrorMessageFactory shouldHaveIndex(Table table, String name, List<Index> indexes) {
        return Failure.of("Expecting table " + table.qualifiedName() + " to have index " + name
                + " but its indexes are:" + Lists.bullets(indexes, SchemaFailures::describe));
    }

    /** No index on exactly {@code columns}, with the table's indexes. */
    public static ErrorMessageFactory shouldHaveIndexOn(Table table, List<String> columns, List<Index> indexes) {
        return Failure.of("Expecting table " + table.qualifiedName() + " to have an index on " + Lists.columns(columns)
                + " but its indexes are:" + Lists.bullets(indexes, SchemaFailures::describe));
    }

    /** An index whose property {@code what} ("unique", "valid", ...) is not as expected. */
    public static ErrorMessageFactory shouldBe(Index index, String what, boolean expected) {
        return Failure.of("Expecting index " + index.qualifiedName() + " to be " + (expected ? "" : "not ") + what
                + " but it is" + (expected ? " not" : "") + ": " + index.definition());
    }

    /** A partial index with another predicate, or none. */
    public static ErrorMessageFactory shouldHavePredicate(Index index, String expected) {
        return Failure.of("Expecting index " + index.qualifiedName() + " to have predicate " + expected + " but it has "
                + (index.predicate() == null ? "none (it is not partial)" : index.predicate()) + ": " + index.definition());
    }

    /** An index using another access method. */
    public static ErrorMessageFactory shouldUse(Index index, String expected) {
        return Failure.of("Expecting index " + index.qualifiedName() + " to use " + expected + " but it uses "
                + index.method() + ": " + index.definition());
    }

    /** A view that is not there, with the views that are. */
    public static ErrorMessageFactory shouldHaveView(DatabaseSchema schema, String name) {
        return Failure.of("Expecting view " + name + " to exist but it does not; views: " + qualified(schema.views()));
    }

    /** A function or procedure that is not there, with those that are. */
    public static ErrorMessageFactory shouldHaveFunction(DatabaseSchema schema, String name) {
        return Failure.of("Expecting function " + name + " to exist but it does not; functions and procedures: "
                + Lists.names(schema.routines(), Routine::signature));
    }

    /** A trigger that is not there, with the table's triggers (or all of them, without the table). */
    public static ErrorMessageFactory shouldHaveTrigger(DatabaseSchema schema, String table, String name) {
        List<Trigger> onTable = schema.table(table).map(t -> schema.triggers().stream()
                .filter(tr -> tr.qualifiedTable().equals(t.qualifiedName())).toList()).orElse(null);
        String exists = onTable != null ? "triggers on it: " + Lists.names(onTable, Trigger::name)
                : "no such table; triggers: " + Lists.names(schema.triggers(), tr -> tr.name() + " on " + tr.qualifiedTable());
        return Failure.of("Expecting trigger " + name + " on " + table + " to exist but it does not; " + exists);
    }

    /** An enum type that is not there, with those that are. */
    public static ErrorMessageFactory shouldHaveEnum(DatabaseSchema schema, String name) {
        return Failure.of("Expecting enum " + name + " to exist but it does not; enums: " + qualified(schema.enumTypes()));
    }

    /** An enum type with other labels. */
    public static ErrorMessageFactory shouldHaveLabels(EnumType type, List<String> expected) {
        return Failure.of("Expecting enum " + type.qualifiedName() + " to have labels " + expected + " in this order"
                + " but it has " + type.labels());
    }

    /** A sequence that is not there, with those that are. */
    public static ErrorMessageFactory shouldHaveSequence(DatabaseSchema schema, String name) {
        return Failure.of("Expecting sequence " + name + " to exist but it does not; sequences: "
                + qualified(schema.sequences()));
    }

    /** Two schemas that differ, with each difference. */
    public static ErrorMessageFactory shouldHaveNoDifferences(List<String> differences) {
        return Failure.of("Expecting the schema to match the expected one but found " + differences.size()
                + (differences.size() == 1 ? " difference:" : " differences:") + Lists.bullets(differences, d -> d));
    }

    private static String name(Table table, Column column) {
        return table.qualifiedName() + "." + column.name();
    }

    private static String qualified(List<? extends SchemaObject> objects) {
        return Lists.names(objects, SchemaObject::qualifiedName);
    }

    private static String constraints(Table table, Constraint.Kind kind) {
        return Lists.names(table.constraints().stream().filter(c -> c.kind() == kind).toList(),
                c -> c.name() + " " + Lists.columns(c.columns()));
    }

    private static String describe(ForeignKey key) {
        return key.name() + " " + Lists.columns(key.columns()) + " references " + key.referencedQualifiedName() + " "
                + Lists.columns(key.referencedColumns());
    }

    private static String describe(Index index) {
        return index.name() + ": " + index.definition() + (index.valid() ? "" : " (invalid)");
    }

    private static String action(ForeignKey.Action action) {
        return action.name().replace('_', ' ');
    }
}
