package dev.migrate.internal.schema;

import dev.migrate.DatabaseException;
import dev.migrate.schema.Column;
import dev.migrate.schema.CompositeType;
import dev.migrate.schema.Constraint;
import dev.migrate.schema.DatabaseSchema;
import dev.migrate.schema.Domain;
import dev.migrate.schema.EnumType;
import dev.migrate.schema.Extension;
import dev.migrate.schema.ForeignKey;
import dev.migrate.schema.Index;
import dev.migrate.schema.Routine;
import dev.migrate.schema.Sequence;
import dev.migrate.schema.Table;
import dev.migrate.schema.Trigger;
import dev.migrate.schema.View;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads a {@link DatabaseSchema} from {@code pg_catalog}: one query per kind of object, with the
 * schemas and the excluded table names bound as {@code text[]} parameters. Works on PostgreSQL 12
 * and later. Objects that belong to an extension are left out (the extension itself is listed).
 * Runs on the caller's connection as it is: no transaction is begun and no setting changed.
 */
public final class CatalogReader {
    private final Connection connection;
    private final Array schemas;
    private final Array excluded;
    private final Map<Key, Relation> relations = new LinkedHashMap<>();

    private CatalogReader(Connection connection, Array schemas, Array excluded) {
        this.connection = connection;
        this.schemas = schemas;
        this.excluded = excluded;
    }

    /**
     * Reads the given schemas.
     *
     * @param c              an open connection; its auto-commit and transaction state are left alone
     * @param schemas        the schemas to read, names as written in the catalog (case-sensitive,
     *                       unquoted); those that do not exist are left out of
     *                       {@link DatabaseSchema#schemas()}, whose order follows this list
     * @param excludedTables unqualified names of tables to leave out in every schema read, such as the
     *                       history table; their columns, constraints, indexes, triggers and owned
     *                       sequences go with them (a view of such a name is left out too)
     * @throws DatabaseException when a catalog query fails; SQL exceptions are wrapped, not thrown,
     *                           like everywhere else in the engine
     */
    public static DatabaseSchema read(Connection c, List<String> schemas, Set<String> excludedTables) {
        Objects.requireNonNull(c, "c");
        List<String> wanted = List.copyOf(schemas);
        List<String> leftOut = excludedTables.stream().sorted().toList();
        try {
            Array schemaArray = c.createArrayOf("text", wanted.toArray());
            Array excludedArray = c.createArrayOf("text", leftOut.toArray());
            try {
                return new CatalogReader(c, schemaArray, excludedArray).read(wanted);
            } finally {
                schemaArray.free();
                excludedArray.free();
            }
        } catch (SQLException e) {
            throw new DatabaseException("Cannot read schema(s) " + String.join(", ", wanted) + " from pg_catalog: "
                    + e.getMessage() + ". The server must be PostgreSQL 12 or later, and the connection usable.", e);
        }
    }

    private DatabaseSchema read(List<String> wanted) throws SQLException {
        List<String> found = new ArrayList<>();
        query(CatalogQueries.SCHEMAS, rs -> found.add(rs.getString(1)));
        List<Extension> extensions = new ArrayList<>();
        query(CatalogQueries.EXTENSIONS, rs -> extensions.add(new Extension(rs.getString(1), rs.getString(2),
                rs.getString(3))));
        query(CatalogQueries.RELATIONS, rs -> relations.put(new Key(rs.getString(1), rs.getString(2)),
                new Relation(rs)));
        query(CatalogQueries.COLUMNS, this::column);
        query(CatalogQueries.CONSTRAINTS, this::constraint);
        List<Index> indexes = new ArrayList<>();
        query(CatalogQueries.INDEXES, rs -> indexes.add(new Index(rs.getString(1), rs.getString(2), rs.getString(3),
                strings(rs, 4), strings(rs, 5), rs.getBoolean(6), rs.getBoolean(7), rs.getString(8),
                rs.getBoolean(9), rs.getString(10), rs.getString(11))));
        List<Sequence> sequences = new ArrayList<>();
        query(CatalogQueries.SEQUENCES, rs -> sequences.add(new Sequence(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8),
                rs.getBoolean(9), rs.getString(10))));
        List<Routine> routines = new ArrayList<>();
        query(CatalogQueries.ROUTINES, rs -> routines.add(new Routine(rs.getString(1), rs.getString(2),
                "p".equals(rs.getString(3)) ? Routine.Kind.PROCEDURE : Routine.Kind.FUNCTION, rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7))));
        List<Trigger> triggers = new ArrayList<>();
        query(CatalogQueries.triggers(connection.getMetaData().getDatabaseMajorVersion()), rs -> triggers.add(
                new Trigger(rs.getString(1), rs.getString(2), rs.getString(3), firing(rs.getString(4)),
                        rs.getString(5))));
        List<EnumType> enums = new ArrayList<>();
        query(CatalogQueries.ENUMS, rs -> enums.add(new EnumType(rs.getString(1), rs.getString(2), strings(rs, 3))));
        Map<Key, DomainParts> domains = new LinkedHashMap<>();
        query(CatalogQueries.DOMAINS, rs -> domain(rs, domains));
        Map<Key, List<CompositeType.Attribute>> composites = new LinkedHashMap<>();
        query(CatalogQueries.COMPOSITES, rs -> {
            List<CompositeType.Attribute> attributes = composites.computeIfAbsent(
                    new Key(rs.getString(1), rs.getString(2)), k -> new ArrayList<>());
            if (rs.getString(3) != null) {
                attributes.add(new CompositeType.Attribute(rs.getString(3), rs.getString(4)));
            }
        });

        List<Table> tables = new ArrayList<>();
        List<View> views = new ArrayList<>();
        relations.forEach((key, r) -> {
            if (r.isView()) {
                views.add(r.toView(key));
            } else {
                tables.add(r.toTable(key));
            }
        });
        return new DatabaseSchema(wanted.stream().distinct().filter(found::contains).toList(), extensions, enums,
                domains.entrySet().stream().map(e -> e.getValue().toDomain(e.getKey())).toList(),
                composites.entrySet().stream().map(e -> new CompositeType(e.getKey().schema(), e.getKey().name(),
                        e.getValue())).toList(),
                tables, sequences, indexes, views, routines, triggers);
    }

    private void column(ResultSet rs) throws SQLException {
        Relation r = relations.get(new Key(rs.getString(1), rs.getString(2)));
        if (r != null) {
            r.columns.add(new Column(rs.getString(3), rs.getString(4), !rs.getBoolean(5), rs.getString(6),
                    identity(rs.getString(7)), generated(rs.getString(8)), rs.getString(9), rs.getString(10),
                    rs.getString(11)));
        }
    }

    private void constraint(ResultSet rs) throws SQLException {
        Relation r = relations.get(new Key(rs.getString(1), rs.getString(2)));
        if (r == null) {
            return;
        }
        String type = rs.getString(4);
        if ("f".equals(type)) {
            r.foreignKeys.add(new ForeignKey(rs.getString(3), strings(rs, 5), rs.getString(8), rs.getString(9),
                    strings(rs, 10), action(rs.getString(11)), action(rs.getString(12)), rs.getBoolean(7),
                    rs.getString(6)));
        } else {
            r.constraints.add(new Constraint(rs.getString(3), constraintKind(type), strings(rs, 5), rs.getString(6),
                    rs.getBoolean(7)));
        }
    }

    private static void domain(ResultSet rs, Map<Key, DomainParts> domains) throws SQLException {
        Key key = new Key(rs.getString(1), rs.getString(2));
        DomainParts parts = domains.get(key);
        if (parts == null) {
            parts = new DomainParts(rs.getString(3), rs.getBoolean(4), rs.getString(5));
            domains.put(key, parts);
        }
        if (rs.getString(6) != null) {
            parts.checks.add(new Constraint(rs.getString(6), Constraint.Kind.CHECK, List.of(), rs.getString(7),
                    rs.getBoolean(8)));
        }
    }

    private interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    /**
     * Runs one catalog query, binding the schemas to its first parameter and the excluded tables to
     * its second, as far as it has them.
     */
    private void query(String sql, Row row) throws SQLException {
        long parameters = sql.chars().filter(ch -> ch == '?').count();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            if (parameters > 0) {
                ps.setArray(1, schemas);
            }
            if (parameters > 1) {
                ps.setArray(2, excluded);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    row.accept(rs);
                }
            }
        }
    }

    private static List<String> strings(ResultSet rs, int column) throws SQLException {
        Array array = rs.getArray(column);
        if (array == null) {
            return List.of();
        }
        try {
            return Arrays.stream((Object[]) array.getArray()).map(String.class::cast).toList();
        } finally {
            array.free();
        }
    }

    private static Column.Identity identity(String code) {
        if ("a".equals(code)) {
            return Column.Identity.ALWAYS;
        }
        return "d".equals(code) ? Column.Identity.BY_DEFAULT : Column.Identity.NONE;
    }

    private static Column.Generated generated(String code) {
        if ("s".equals(code)) {
            return Column.Generated.STORED;
        }
        return "v".equals(code) ? Column.Generated.VIRTUAL : Column.Generated.NONE;
    }

    private static Constraint.Kind constraintKind(String code) {
        return switch (code) {
            case "p" -> Constraint.Kind.PRIMARY_KEY;
            case "u" -> Constraint.Kind.UNIQUE;
            case "x" -> Constraint.Kind.EXCLUSION;
            default -> Constraint.Kind.CHECK;
        };
    }

    private static ForeignKey.Action action(String code) {
        return switch (code) {
            case "r" -> ForeignKey.Action.RESTRICT;
            case "c" -> ForeignKey.Action.CASCADE;
            case "n" -> ForeignKey.Action.SET_NULL;
            case "d" -> ForeignKey.Action.SET_DEFAULT;
            default -> ForeignKey.Action.NO_ACTION;
        };
    }

    private static Trigger.Firing firing(String code) {
        return switch (code) {
            case "D" -> Trigger.Firing.DISABLED;
            case "R" -> Trigger.Firing.REPLICA;
            case "A" -> Trigger.Firing.ALWAYS;
            default -> Trigger.Firing.ORIGIN;
        };
    }

    private record Key(String schema, String name) {
    }

    /** A table or view as its row in the relations query, gathering columns and constraints. */
    private static final class Relation {
        private final String relkind;
        private final boolean unlogged;
        private final String partitionKey;
        private final String partitionOf;
        private final String partitionBound;
        private final String viewDefinition;
        private final String comment;
        private final List<Column> columns = new ArrayList<>();
        private final List<Constraint> constraints = new ArrayList<>();
        private final List<ForeignKey> foreignKeys = new ArrayList<>();

        Relation(ResultSet rs) throws SQLException {
            relkind = rs.getString(3);
            unlogged = "u".equals(rs.getString(4));
            partitionKey = rs.getString(5);
            partitionOf = rs.getString(6) == null ? null : rs.getString(6) + "." + rs.getString(7);
            partitionBound = rs.getString(8);
            viewDefinition = rs.getString(9);
            comment = rs.getString(10);
        }

        boolean isView() {
            return "v".equals(relkind) || "m".equals(relkind);
        }

        View toView(Key key) {
            return new View(key.schema(), key.name(), "m".equals(relkind), columns, viewDefinition, comment);
        }

        Table toTable(Key key) {
            Table.Kind kind = "p".equals(relkind) ? Table.Kind.PARTITIONED_TABLE
                    : "f".equals(relkind) ? Table.Kind.FOREIGN_TABLE : Table.Kind.TABLE;
            return new Table(key.schema(), key.name(), kind, unlogged, columns, constraints, foreignKeys,
                    partitionKey, partitionOf, partitionBound, comment);
        }
    }

    /** A domain as the first of its rows in the domains query, gathering its checks. */
    private static final class DomainParts {
        private final String baseType;
        private final boolean notNull;
        private final String defaultExpression;
        private final List<Constraint> checks = new ArrayList<>();

        DomainParts(String baseType, boolean notNull, String defaultExpression) {
            this.baseType = baseType;
            this.notNull = notNull;
            this.defaultExpression = defaultExpression;
        }

        Domain toDomain(Key key) {
            return new Domain(key.schema(), key.name(), baseType, notNull, defaultExpression, checks);
        }
    }
}
