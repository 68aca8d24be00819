package dev.migrate.schema;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The schema of a database, or of the schemas of it that were read: an immutable value whose lists
 * are sorted by schema and name, so that two databases built by the same DDL give equal models,
 * equal {@link #render() text} and no {@link #differences(DatabaseSchema) differences}.
 *
 * <pre>{@code
 * Column email = schema.table("users").flatMap(t -> t.column("email")).orElseThrow();
 * assert email.type().equals("text") && !email.nullable();
 *
 * Files.writeString(snapshot, schema.render());
 *
 * List<String> drift = actual.differences(expected);   // empty when they match
 * }</pre>
 *
 * <p>Lookups take a {@code name} or a {@code schema.name}; an unqualified name finds the object in
 * the first schema of {@link #schemas()} that has one.
 *
 * @param schemas        the schemas that were read and exist, in the order they were asked for
 * @param extensions     the installed extensions, sorted by name
 * @param enumTypes      enum types
 * @param domains        domains
 * @param compositeTypes composite types made by {@code CREATE TYPE ... AS}
 * @param tables         tables, partitioned tables, partitions and foreign tables
 * @param sequences      sequences
 * @param indexes        indexes
 * @param views          views and materialized views
 * @param routines       functions and procedures, overloads sorted by their arguments
 * @param triggers       triggers, sorted by schema, table and name
 */
public record DatabaseSchema(List<String> schemas, List<Extension> extensions, List<EnumType> enumTypes,
                             List<Domain> domains, List<CompositeType> compositeTypes, List<Table> tables,
                             List<Sequence> sequences, List<Index> indexes, List<View> views,
                             List<Routine> routines, List<Trigger> triggers) {
    public DatabaseSchema {
        schemas = List.copyOf(schemas);
        extensions = Names.sorted(extensions, Comparator.comparing(Extension::name), "extensions");
        enumTypes = Names.sorted(enumTypes, Names.bySchemaAndName(), "enumTypes");
        domains = Names.sorted(domains, Names.bySchemaAndName(), "domains");
        compositeTypes = Names.sorted(compositeTypes, Names.bySchemaAndName(), "compositeTypes");
        tables = Names.sorted(tables, Names.bySchemaAndName(), "tables");
        sequences = Names.sorted(sequences, Names.bySchemaAndName(), "sequences");
        indexes = Names.sorted(indexes, Names.bySchemaAndName(), "indexes");
        views = Names.sorted(views, Names.bySchemaAndName(), "views");
        routines = Names.sorted(routines, Names.<Routine>bySchemaAndName().thenComparing(Routine::arguments),
                "routines");
        triggers = Names.sorted(triggers, Comparator.comparing(Trigger::schema).thenComparing(Trigger::table)
                .thenComparing(Trigger::name), "triggers");
    }

    /** The table, partition, partitioned or foreign table called {@code name} or {@code schema.name}. */
    public Optional<Table> table(String name) {
        return Names.find(tables, schemas, name);
    }

    /** The view or materialized view called {@code name} or {@code schema.name}. */
    public Optional<View> view(String name) {
        return Names.find(views, schemas, name);
    }

    /** The index called {@code name} or {@code schema.name}. */
    public Optional<Index> index(String name) {
        return Names.find(indexes, schemas, name);
    }

    /** The indexes of the table (or materialized view) called {@code table} or {@code schema.table}, by name. */
    public List<Index> indexesOn(String table) {
        Objects.requireNonNull(table, "table");
        Optional<String> qualified = table(table).map(Table::qualifiedName)
                .or(() -> view(table).map(View::qualifiedName));
        return qualified.map(q -> indexes.stream().filter(i -> i.qualifiedTable().equals(q)).toList())
                .orElse(List.of());
    }

    /** The sequence called {@code name} or {@code schema.name}. */
    public Optional<Sequence> sequence(String name) {
        return Names.find(sequences, schemas, name);
    }

    /**
     * The function or procedure called {@code name} or {@code schema.name}; of overloads, the one
     * whose arguments sort first.
     */
    public Optional<Routine> routine(String name) {
        return Names.find(routines, schemas, name);
    }

    /**
     * The overload of {@code name} (or {@code schema.name}) whose identity arguments read exactly
     * {@code arguments}, such as {@code "a integer, b text"}, or {@code ""} for none.
     */
    public Optional<Routine> routine(String name, String arguments) {
        Objects.requireNonNull(arguments, "arguments");
        List<Routine> overloads = routines.stream().filter(r -> r.arguments().equals(arguments)).toList();
        return Names.find(overloads, schemas, name);
    }

    /** The trigger called {@code name} on the table or view called {@code table} or {@code schema.table}. */
    public Optional<Trigger> trigger(String table, String name) {
        Objects.requireNonNull(name, "name");
        List<Trigger> named = triggers.stream().filter(t -> t.name().equals(name)).toList();
        return Names.find(named, schemas, table, Trigger::schema, Trigger::table);
    }

    /** The enum type called {@code name} or {@code schema.name}. */
    public Optional<EnumType> enumType(String name) {
        return Names.find(enumTypes, schemas, name);
    }

    /** The domain called {@code name} or {@code schema.name}. */
    public Optional<Domain> domain(String name) {
        return Names.find(domains, schemas, name);
    }

    /** The composite type called {@code name} or {@code schema.name}. */
    public Optional<CompositeType> compositeType(String name) {
        return Names.find(compositeTypes, schemas, name);
    }

    /** The installed extension called {@code name}. */
    public Optional<Extension> extension(String name) {
        Objects.requireNonNull(name, "name");
        return extensions.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /**
     * The whole schema as text for a snapshot file: a header line, then one line per schema,
     * extension, type, table, sequence, index, view, routine and trigger, each kind sorted by name,
     * with a table's columns (in table order), constraints and foreign keys on indented lines under
     * it. Multi-line definitions are kept on one line: a line break is written {@code \n}, a
     * carriage return {@code \r} and a backslash {@code \\}. The
     * text holds no OIDs or other accidents of a particular database, so two databases built by the
     * same DDL on the same PostgreSQL version render byte-identical text, as do any two schemas
     * between which {@link #differences(DatabaseSchema)} finds nothing. Every line, the last
     * included, ends with a line feed.
     */
    public String render() {
        return SchemaText.render(this);
    }

    /**
     * The changes that turn this schema into {@code target}, in an order that runs, each with its SQL
     * and hazards: online-safe where the table exists on both sides (indexes built concurrently,
     * constraints added {@code NOT VALID} then validated, {@code NOT NULL} after a validated check),
     * and a drop and add that look like a rename reported as a possible rename, not guessed. See
     * {@link SchemaChange#script} for the changes as a migration.
     */
    public List<SchemaChange> changesTo(DatabaseSchema target) {
        return ChangePlanner.plan(this, Objects.requireNonNull(target, "target"));
    }

    /**
     * How this schema, taken as the actual one, differs from {@code expected}: one line per
     * difference, such as {@code table public.users: column email: type is character varying(100),
     * expected text}, {@code index public.users_email_idx: missing} (expected, not here) or
     * {@code unexpected table public.tmp} (here, not expected). Lines follow the order of
     * {@link #render()}: schemas, extensions, types, tables, sequences, indexes, views, routines,
     * triggers, each kind by name. Empty when the two are equal.
     */
    public List<String> differences(DatabaseSchema expected) {
        Objects.requireNonNull(expected, "expected");
        return SchemaDifferences.between(this, expected);
    }
}
