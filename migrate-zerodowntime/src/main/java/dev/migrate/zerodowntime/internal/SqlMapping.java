package dev.migrate.zerodowntime.internal;

import dev.migrate.Plan;
import dev.migrate.schema.Column;
import dev.migrate.schema.Constraint;
import dev.migrate.schema.DatabaseSchema;
import dev.migrate.schema.Table;
import dev.migrate.sql.SqlToken;
import dev.migrate.sql.SqlTokens;
import dev.migrate.zerodowntime.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads an ordinary SQL migration marked {@code -- migrate:strategy expand-contract} as operations,
 * statement by statement:
 *
 * <ul>
 *   <li>{@code ALTER TABLE t} with any of: {@code ALTER COLUMN c [SET DATA] TYPE x [USING e]} (change
 *       type: {@code up} is {@code e}, or a cast; {@code down} a cast back to the old type),
 *       {@code ALTER COLUMN c SET NOT NULL} / {@code DROP NOT NULL}, {@code RENAME [COLUMN] a TO b},
 *       {@code RENAME TO n}, {@code ADD [COLUMN] c type [NOT NULL] [DEFAULT e] [CHECK (...)]
 *       [REFERENCES ...] [UNIQUE]}, {@code DROP [COLUMN] c}, {@code ADD [CONSTRAINT n] CHECK (...)},
 *       {@code ... UNIQUE (cols)}, {@code ... FOREIGN KEY (cols) REFERENCES t [(cols)] [ON DELETE a]};</li>
 *   <li>{@code CREATE [UNIQUE] INDEX [CONCURRENTLY] name ON t (columns)} and {@code DROP INDEX [CONCURRENTLY] name};</li>
 *   <li>{@code DROP TABLE t} (the new version stops seeing it; complete drops it);</li>
 *   <li>statements that take no lock an application waits on ({@code CREATE TABLE}, {@code CREATE TYPE},
 *       {@code CREATE FUNCTION}, {@code CREATE VIEW}, {@code COMMENT}, {@code GRANT}...) run as written, at start.</li>
 * </ul>
 *
 * Refused, with the reason: other {@code ALTER TABLE} actions (no expand-contract form), an index on
 * expressions, with {@code INCLUDE} or {@code WHERE}, an unnamed index, and statements that block or
 * rewrite a table whatever the strategy ({@code TRUNCATE}, {@code LOCK}, {@code VACUUM FULL},
 * {@code CLUSTER}, {@code REINDEX} without {@code CONCURRENTLY}, {@code UPDATE} / {@code DELETE} of a
 * whole table: write those as a {@link dev.migrate.zerodowntime.Backfill}) and transaction control.
 */
final class SqlMapping {
    private static final Set<String> AS_WRITTEN = Set.of("CREATE TABLE", "CREATE TYPE", "CREATE FUNCTION", "CREATE OR", "CREATE VIEW",
            "CREATE SEQUENCE", "CREATE SCHEMA", "CREATE EXTENSION", "CREATE DOMAIN", "CREATE PROCEDURE", "COMMENT ON", "GRANT",
            "REVOKE", "INSERT INTO", "CREATE TEMP", "CREATE TEMPORARY", "CREATE UNLOGGED", "SELECT", "ALTER TYPE", "ALTER SEQUENCE");

    /** The session setting where a rollback's undo notes what it had to leave in place. */
    static final String KEPT = "migrate.rollback_kept";

    private final DatabaseSchema schema;
    private final String base;
    private final List<Operation> ops = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private SqlMapping(DatabaseSchema schema, String base) {
        this.schema = schema;
        this.base = base;
    }

    /**
     * The operations, or the problems.
     *
     * @param schema the live schema, for what the SQL leaves implicit (a column's old type, the key a
     *               foreign key references, the table of an index); null to check the statements only
     */
    record Mapped(List<Operation> operations, List<String> problems) {
    }

    static Mapped map(List<Plan.Statement> statements, DatabaseSchema schema, String base) {
        SqlMapping m = new SqlMapping(schema, base);
        for (Plan.Statement s : statements) {
            int before = m.problems.size();
            try {
                m.statement(s);
            } catch (IndexOutOfBoundsException truncated) {
                m.problems.add("line " + s.line() + ": the statement ends too early for its kind");
            } catch (Unmapped e) {
                m.problems.add("line " + s.line() + ": " + e.getMessage());
            }
            if (m.problems.size() > before) {
                String excerpt = s.sql().strip().replaceAll("\\s+", " ");
                String last = m.problems.remove(m.problems.size() - 1);
                m.problems.add(last + " (" + (excerpt.length() > 70 ? excerpt.substring(0, 70) + "..." : excerpt) + ")");
            }
        }
        return new Mapped(List.copyOf(m.ops), List.copyOf(m.problems));
    }

    private void statement(Plan.Statement s) {
        Cursor t = new Cursor(s.sql(), s.line(), base);
        String head = t.words(2);
        if (t.accept("ALTER", "TABLE")) {
            alterTable(t);
        } else if (t.peekWords("CREATE", "INDEX") || t.peekWords("CREATE", "UNIQUE")) {
            createIndex(t);
        } else if (t.accept("DROP", "INDEX")) {
            t.accept("CONCURRENTLY");
            t.acceptAll("IF", "EXISTS");
            String name = t.name();
            onlyOne(t, "DROP INDEX");
            String table = schema == null ? "?" : schema.index(base + "." + name).map(i -> i.table()).orElse(null);
            if (table == null) {
                problems.add("line " + s.line() + ": there is no index " + name + " in " + base);
            } else {
                ops.add(new Operation.DropIndex(table, name));
            }
        } else if (t.accept("DROP", "TABLE")) {
            t.acceptAll("IF", "EXISTS");
            String table = t.name();
            onlyOne(t, "DROP TABLE");
            ops.add(new Operation.DropTable(table));
        } else if (AS_WRITTEN.contains(head) || AS_WRITTEN.contains(head.split(" ")[0]) || t.peekWords("CREATE", "OR")) {
            ops.add(new Operation.RawSql(s.sql(), undo(new Cursor(s.sql(), s.line(), base))));
        } else {
            problems.add("line " + s.line() + ": " + head + " is refused under expand-contract: " + why(head));
        }
    }

    /** Refuses more names, or CASCADE, after the one a DROP has taken: each object is dropped by a statement of its own. */
    private static void onlyOne(Cursor t, String what) {
        t.accept("RESTRICT");
        if (!t.done()) {
            throw new Unmapped(what + " maps only for one object, without CASCADE; found '" + t.peek() + "' after the name");
        }
    }

    /**
     * What undoes a statement run as written when the migration rolls back: a DROP of what a
     * {@code CREATE TABLE / TYPE / DOMAIN / SEQUENCE / VIEW / SCHEMA} made, which leaves the object
     * with a warning when something without an undo depends on it; null when nothing can
     * be said for sure ({@code IF NOT EXISTS}, {@code OR REPLACE}, functions, data, grants), which
     * the rollback then reports as left in place.
     */
    private static String undo(Cursor t) {
        if (!t.accept("CREATE")) {
            return null;
        }
        if (t.accept("TEMP") || t.accept("TEMPORARY") || t.accept("UNLOGGED")) {
            return null; // a temporary table dies with the session; an unlogged one is rare enough to leave alone
        }
        String kind = t.done() ? "" : t.peek().toUpperCase(Locale.ROOT);
        if (!Set.of("TABLE", "TYPE", "DOMAIN", "SEQUENCE", "VIEW", "SCHEMA").contains(kind)) {
            return null;
        }
        t.expect(kind);
        if (t.peekWords("IF") || t.peekWords("AUTHORIZATION")) {
            return null;
        }
        String name;
        try {
            name = t.nameAsWritten();
        } catch (Unmapped elsewhere) {
            return null; // in another schema: run as written, and left there by a rollback
        }
        // Something made later that depends on it and has no undo (a function using a type) keeps it: the rollback
        // then leaves it and says so (KEPT, read back by the rollback) rather than stopping there for good.
        String tag = "$migrate_undo$";
        for (int i = 1; name.contains(tag); i++) {
            tag = "$migrate_undo" + i + "$";
        }
        return "DO " + tag + " BEGIN DROP " + kind + " IF EXISTS " + name + "; EXCEPTION WHEN dependent_objects_still_exist THEN"
                + " PERFORM pg_catalog.set_config('" + KEPT + "', concat_ws('; ', nullif(current_setting('" + KEPT + "', true), ''), "
                + Sql.literal(kind.toLowerCase(Locale.ROOT) + " " + name + ", which other objects need") + "), false); END " + tag;
    }

    private static String why(String head) {
        return switch (head.split(" ")[0]) {
            case "TRUNCATE", "LOCK", "CLUSTER", "VACUUM", "REINDEX" -> "it blocks the table whatever the strategy; run it apart";
            case "UPDATE", "DELETE" -> "a change of rows is a backfill (dev.migrate.zerodowntime.Backfill), in batches";
            case "BEGIN", "COMMIT", "ROLLBACK", "START", "SAVEPOINT", "END" -> "the strategy runs its own transactions";
            default -> "it has no expand-contract form; put it in a migration of its own";
        };
    }

    private void alterTable(Cursor t) {
        t.acceptAll("IF", "EXISTS");
        t.accept("ONLY");
        String table = t.name();
        t.accept("*");
        do {
            action(t, table);
        } while (t.accept(","));
        if (!t.done()) {
            problems.add("line " + t.line + ": ALTER TABLE " + table + " has more than its mapped actions at '" + t.peek() + "'");
        }
    }

    private void action(Cursor t, String table) {
        if (t.accept("RENAME")) {
            if (t.accept("TO")) {
                ops.add(new Operation.RenameTable(table, t.name()));
                return;
            }
            if (t.accept("CONSTRAINT")) {
                problems.add("line " + t.line + ": RENAME CONSTRAINT has no expand-contract form; it takes no long lock, run it apart");
                return;
            }
            t.accept("COLUMN");
            String from = t.name();
            t.expect("TO");
            ops.add(new Operation.RenameColumn(table, from, t.name()));
        } else if (t.accept("ALTER")) {
            t.accept("COLUMN");
            String column = t.name();
            if (t.accept("SET", "NOT") && t.accept("NULL")) {
                ops.add(new Operation.SetNotNull(table, column, Sql.quote(column)));
            } else if (t.accept("DROP", "NOT")) {
                t.expect("NULL");
                ops.add(new Operation.DropNotNull(table, column));
            } else if (t.accept("TYPE") || (t.accept("SET", "DATA") && t.accept("TYPE"))) {
                String type = t.until("USING", "COLLATE", ",");
                String up = t.accept("USING") ? t.until(",") : Sql.quote(column) + "::" + type;
                String old = schema == null ? "text" : schema.table(base + "." + table).flatMap(x -> x.column(column)).map(Column::type)
                        .orElse(null);
                if (old == null) {
                    problems.add("line " + t.line + ": column " + column + " of " + table + " does not exist");
                    return;
                }
                ops.add(new Operation.ChangeType(table, column, type, up, Sql.quote(column) + "::" + old));
            } else {
                problems.add("line " + t.line + ": ALTER COLUMN ... " + t.peek() + " has no expand-contract form");
                t.skipToComma();
            }
        } else if (t.accept("ADD")) {
            if (t.peekWords("CONSTRAINT") || t.peekWords("CHECK") || t.peekWords("UNIQUE") || t.peekWords("FOREIGN")
                    || t.peekWords("PRIMARY") || t.peekWords("EXCLUDE")) {
                String name = t.accept("CONSTRAINT") ? t.name() : null;
                tableConstraint(t, table, name);
                return;
            }
            t.accept("COLUMN");
            t.acceptAll("IF", "NOT", "EXISTS");
            addColumn(t, table);
        } else if (t.accept("DROP")) {
            if (t.peekWords("CONSTRAINT")) {
                problems.add("line " + t.line + ": DROP CONSTRAINT has no expand-contract form; it takes a short lock, run it apart");
                t.skipToComma();
                return;
            }
            t.accept("COLUMN");
            t.acceptAll("IF", "EXISTS");
            ops.add(new Operation.DropColumn(table, t.name(), null));
            t.accept("RESTRICT");
        } else {
            problems.add("line " + t.line + ": ALTER TABLE ... " + t.peek() + " has no expand-contract form");
            t.skipToComma();
        }
    }

    private void addColumn(Cursor t, String table) {
        String name = t.name();
        String type = t.until("NOT", "NULL", "DEFAULT", "CHECK", "REFERENCES", "UNIQUE", "CONSTRAINT", "PRIMARY", "GENERATED",
                "COLLATE", ",");
        Operation.Column col = Operation.Column.of(name, type);
        while (!t.done() && !t.peekSymbol(",")) {
            if (t.accept("NOT")) {
                t.expect("NULL");
                col = col.notNull();
            } else if (t.accept("NULL")) {
                col = new Operation.Column(col.name(), col.type(), true, col.defaultSql(), col.check(), col.references(), col.unique());
            } else if (t.accept("DEFAULT")) {
                col = col.withDefault(t.until("NOT", "NULL", "CHECK", "REFERENCES", "UNIQUE", ","));
            } else if (t.accept("CHECK")) {
                col = col.withCheck(t.parenthesised());
            } else if (t.accept("REFERENCES")) {
                String target = t.name();
                col = col.referencing(Sql.quote(base) + "." + Sql.quote(target) + (t.peekSymbol("(") ? " (" + t.parenthesised() + ")" : ""));
            } else if (t.accept("UNIQUE")) {
                col = col.asUnique();
            } else {
                problems.add("line " + t.line + ": ADD COLUMN ... " + t.peek() + " has no expand-contract form");
                t.skipToComma();
                return;
            }
        }
        ops.add(new Operation.AddColumn(table, col, null));
    }

    private void tableConstraint(Cursor t, String table, String name) {
        if (t.accept("CHECK")) {
            String check = t.parenthesised();
            t.acceptAll("NOT", "VALID");
            ops.add(new Operation.AddCheck(table, name != null ? name : Naming.limit(table + "_check"), check));
        } else if (t.accept("UNIQUE")) {
            List<String> columns = t.names();
            ops.add(new Operation.AddUnique(table, name != null ? name : Naming.limit(table + "_" + String.join("_", columns) + "_key"),
                    columns));
        } else if (t.accept("FOREIGN", "KEY")) {
            List<String> columns = t.names();
            t.expect("REFERENCES");
            String target = t.name();
            List<String> targetColumns = t.peekSymbol("(") ? t.names() : primaryKey(target);
            String onDelete = null;
            while (!t.done() && !t.peekSymbol(",")) {
                if (t.accept("ON", "DELETE")) {
                    onDelete = t.until("ON", "NOT", "DEFERRABLE", "INITIALLY", "MATCH", ",");
                } else if (t.acceptAll("NOT", "VALID")) {
                    continue;
                } else {
                    problems.add("line " + t.line + ": FOREIGN KEY ... " + t.peek() + " has no expand-contract form");
                    t.skipToComma();
                    return;
                }
            }
            ops.add(new Operation.AddForeignKey(table, name != null ? name
                    : Naming.limit(table + "_" + String.join("_", columns) + "_fkey"), columns, target, targetColumns, onDelete));
        } else {
            problems.add("line " + t.line + ": ADD CONSTRAINT ... " + t.peek() + " has no expand-contract form");
            t.skipToComma();
        }
    }

    private List<String> primaryKey(String table) {
        if (schema == null) {
            return List.of("?");
        }
        return schema.table(base + "." + table).flatMap(Table::primaryKey).map(Constraint::columns).orElseGet(() -> {
            problems.add("line ?: " + table + " has no primary key for the foreign key to reference; name its columns");
            return List.of();
        });
    }

    private void createIndex(Cursor t) {
        t.expect("CREATE");
        boolean unique = t.accept("UNIQUE");
        t.expect("INDEX");
        t.accept("CONCURRENTLY");
        t.acceptAll("IF", "NOT", "EXISTS");
        if (t.peekWords("ON")) {
            problems.add("line " + t.line + ": name the index: complete and rollback find it by its name");
            return;
        }
        String name = t.name();
        t.expect("ON");
        t.accept("ONLY");
        String table = t.name();
        if (t.accept("USING") && !t.accept("btree")) {
            problems.add("line " + t.line + ": only btree indexes on plain columns map to create_index");
            return;
        }
        List<String> columns = t.names();
        if (columns.isEmpty() || !t.done()) {
            problems.add("line " + t.line + ": only an index on plain columns (no expressions, INCLUDE, WHERE or options) maps to"
                    + " create_index");
            return;
        }
        ops.add(new Operation.CreateIndex(table, name, columns, unique));
    }

    /** A statement, or a part of one, that has no expand-contract form; the message says why. */
    private static final class Unmapped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unmapped(String message) {
            super(message, null, false, false);
        }
    }

    /** A cursor over a statement's tokens. */
    private static final class Cursor {
        private final String sql;
        private final List<SqlToken> tokens;
        private final int[] offsets;
        private final int line;
        private int at;

        private final String base;

        Cursor(String sql, int line, String base) {
            this.base = base;
            List<SqlToken> all = SqlTokens.of(sql);
            this.sql = sql;
            this.tokens = all.isEmpty() || !all.get(all.size() - 1).isSymbol(";") ? all : all.subList(0, all.size() - 1);
            this.line = line;
            // Where each token starts in the text, for taking expressions as written (comments between tokens are skipped).
            this.offsets = new int[tokens.size()];
            int from = 0;
            for (int i = 0; i < tokens.size(); i++) {
                int found = sql.indexOf(tokens.get(i).text(), from);
                offsets[i] = found < 0 ? from : found;
                from = offsets[i] + tokens.get(i).text().length();
            }
        }

        boolean done() {
            return at >= tokens.size();
        }

        String peek() {
            return done() ? "the end" : tokens.get(at).text();
        }

        /** The first {@code n} words, upper case, separated by a space. */
        String words(int n) {
            List<String> w = new ArrayList<>();
            for (int i = 0; i < n && i < tokens.size(); i++) {
                w.add(tokens.get(i).text().toUpperCase(Locale.ROOT));
            }
            return String.join(" ", w);
        }

        boolean peekWords(String... words) {
            for (int i = 0; i < words.length; i++) {
                if (at + i >= tokens.size() || !tokens.get(at + i).isWord(words[i])) {
                    return false;
                }
            }
            return true;
        }

        boolean peekSymbol(String symbol) {
            return !done() && tokens.get(at).isSymbol(symbol);
        }

        /** Takes the words, or nothing when they do not all follow. */
        boolean acceptAll(String... words) {
            if (!peekWords(words)) {
                return false;
            }
            at += words.length;
            return true;
        }

        /** Takes the words or the symbol, or nothing when they do not all follow. */
        boolean accept(String... words) {
            if (words.length == 1 && peekSymbol(words[0])) {
                at++;
                return true;
            }
            return acceptAll(words);
        }

        void expect(String word) {
            if (!accept(word)) {
                throw new IndexOutOfBoundsException(word);
            }
        }

        /** A name, schema-qualified or not: the last part (tables live in the managed schema). */
        String name() {
            SqlToken token = tokens.get(at++);
            String name = token.name();
            String qualifier = null;
            while (peekSymbol(".")) {
                at++;
                qualifier = name;
                name = tokens.get(at++).name();
            }
            if (name == null) {
                throw new IndexOutOfBoundsException(token.text());
            }
            if (qualifier != null && !qualifier.equals(base)) {
                throw new Unmapped(qualifier + "." + name + " is outside " + base + ", the schema expand-contract works in");
            }
            return name;
        }

        /** A name, schema-qualified or not, as written. */
        String nameAsWritten() {
            int start = at;
            name();
            return join(start, at);
        }

        /** A parenthesised list of names. */
        List<String> names() {
            List<String> names = new ArrayList<>();
            if (!accept("(")) {
                return names;
            }
            while (!accept(")")) {
                SqlToken token = tokens.get(at);
                if (token.name() == null || (at + 1 < tokens.size() && !tokens.get(at + 1).isSymbol(",") && !tokens.get(at + 1).isSymbol(")"))) {
                    return List.of(); // an expression, an operator class or a sort order: not a plain column
                }
                names.add(token.name());
                at++;
                accept(",");
            }
            return names;
        }

        /** The text of a parenthesised expression, without its outer parentheses. */
        String parenthesised() {
            int depth = tokens.get(at).depth();
            expect("(");
            int start = at;
            while (!(tokens.get(at).isSymbol(")") && tokens.get(at).depth() == depth)) {
                at++;
            }
            String text = join(start, at);
            at++;
            return text;
        }

        /** The text up to (not including) one of the words or symbols at this depth, or to the end. */
        String until(String... stops) {
            int start = at;
            int depth = done() ? 0 : tokens.get(at).depth();
            while (!done()) {
                SqlToken token = tokens.get(at);
                if (token.depth() == depth) {
                    boolean stop = false;
                    for (String s : stops) {
                        stop |= token.isWord(s) || token.isSymbol(s);
                    }
                    if (stop) {
                        break;
                    }
                }
                at++;
            }
            return join(start, at);
        }

        void skipToComma() {
            until(",");
        }

        private String join(int from, int to) {
            if (from >= to) {
                return "";
            }
            return sql.substring(offsets[from], offsets[to - 1] + tokens.get(to - 1).text().length()).strip();
        }
    }
}
