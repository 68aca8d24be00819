package dev.migrate.zerodowntime.internal;

import dev.migrate.DatabaseException;
import dev.migrate.Finding;
import dev.migrate.Plan;
import dev.migrate.Severity;
import dev.migrate.spi.PlanChecker;
import dev.migrate.sql.SqlToken;
import dev.migrate.sql.SqlTokens;
import dev.migrate.zerodowntime.InFlight;
import dev.migrate.zerodowntime.ZeroDowntimeOptions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Refuses a plain migration that changes the structure of a table an expand-contract migration has
 * in flight (started and not completed): its views, triggers and shadow columns were made for the
 * table as it was, and a statement run beside them (a new column the views do not show, a dropped
 * column the trigger still writes, a rename) breaks one version or the other. Seen both in the
 * database and earlier in the same plan. A guard ({@link PlanChecker#guards()}): {@code migrate()}
 * refuses such a run before anything changes; {@code plan()} lists it. Data changes are not
 * refused: the triggers keep both versions right through them. Found through {@link java.util.ServiceLoader}.
 */
public final class InFlightGuard implements PlanChecker {
    /** The directive of a step that starts an expand-contract migration: the tables it changes, comma-separated. */
    static final String TABLES = "expand-contract-tables";
    private static final String RULE = "expand-contract-in-flight";

    @Override
    public boolean guards() {
        return true;
    }

    @Override
    public List<Finding> check(Plan plan, Context context) {
        ZeroDowntimeOptions options = context.settings() == null ? ZeroDowntimeOptions.DEFAULTS
                : context.settings().options(ZeroDowntimeOptions.class).orElse(ZeroDowntimeOptions.DEFAULTS);
        Map<String, String> busy;
        Map<String, InFlight.Phase> started = new LinkedHashMap<>();
        try {
            busy = ExpandContractRun.tablesInFlight(context.connection(), options);
            for (InFlight f : ExpandContractRun.status(context.connection(), options)) {
                started.put(f.version().toString(), f.phase());
            }
        } catch (SQLException e) {
            throw new DatabaseException("Cannot read the expand-contract migrations in flight (" + options.stateSchema()
                    + ".migrations): " + e.getMessage(), e);
        }
        List<Finding> findings = new ArrayList<>();
        for (Plan.Step step : plan.migrations()) {
            boolean starts = false;
            for (Plan.Directive d : step.directives()) {
                if (d.name().equals(TABLES)) {
                    starts = true;
                    for (String table : d.arguments().split(",")) {
                        if (!table.isEmpty()) {
                            busy.putIfAbsent(table, "expand-contract migration " + step.version() + ", which this run starts first,");
                        }
                    }
                }
            }
            InFlight.Phase phase = step.version() == null ? null : started.get(step.version().toString());
            if (!starts && phase != null && phase != InFlight.Phase.COMPLETED && step.kind() == dev.migrate.MigrationKind.VERSIONED) {
                findings.add(new Finding(RULE, Severity.CRITICAL, step.script(), 0, "Migration " + step.version() + " was started the"
                        + " expand-contract way (it is " + phase + "), but would now run as written: the policy's verdict changed"
                        + " since (its threshold, migrate-analysis or the server's version), and its statements would run over the"
                        + " half-made expand.", "Put the policy back as it was and resume it, or roll it back first"
                        + " (ZeroDowntime.on(migrator).rollback(\"" + step.version() + "\"))"));
                continue;
            }
            if (starts || busy.isEmpty()) {
                continue;
            }
            for (Plan.Statement s : step.statements()) {
                for (String table : changedTables(s.sql(), context.schema(), index -> tableOfIndex(context, index))) {
                    String by = busy.get(table);
                    if (by != null) {
                        findings.add(new Finding(RULE, Severity.CRITICAL, step.script(), s.line(), "This statement changes table "
                                + table + ", which " + by + " has in flight: its views and triggers were made for the table as it"
                                + " was, and one version of the application or the other would break.",
                                "Complete that migration (ZeroDowntime.on(migrator).complete(...)) or roll it back first, then run"
                                        + " this one; or make this change an operation of an expand-contract migration of its own"));
                    }
                }
            }
        }
        return findings;
    }

    /** The table of an index of the managed schema, from the catalog; null when there is no such index. */
    private static String tableOfIndex(Context context, String index) {
        try (PreparedStatement ps = context.connection().prepareStatement("SELECT t.relname FROM pg_catalog.pg_index i"
                + " JOIN pg_catalog.pg_class t ON t.oid = i.indrelid WHERE i.indexrelid = pg_catalog.to_regclass(?)")) {
            ps.setString(1, Sql.quote(context.schema()) + "." + Sql.quote(index));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new DatabaseException("Cannot read the table of index " + index + ": " + e.getMessage(), e);
        }
    }

    /**
     * The tables of the managed schema whose structure a statement changes, or that it makes under a
     * name a rename in flight will take: {@code ALTER TABLE} (and the name of a {@code RENAME TO}),
     * {@code DROP TABLE}, {@code TRUNCATE}, {@code CREATE / DROP / ALTER INDEX}, {@code CREATE /
     * DROP / ALTER TRIGGER ... ON}, {@code CREATE RULE ... TO}, {@code CREATE TABLE / VIEW /
     * MATERIALIZED VIEW / SEQUENCE}. Names in other schemas are left out; an index is looked up with
     * {@code tableOfIndex}.
     */
    static List<String> changedTables(String sql, String base, Function<String, String> tableOfIndex) {
        List<SqlToken> t = SqlTokens.of(sql);
        List<String> tables = new ArrayList<>();
        int at;
        if (starts(t, "ALTER", "TABLE")) {
            at = skip(t, 2, "IF", "EXISTS");
            at = skip(t, at, "ONLY");
            name(t, at, base, tables);
            for (int i = at; i + 2 < t.size(); i++) {
                if (t.get(i).isWord("RENAME") && t.get(i + 1).isWord("TO") && t.get(i).depth() == 0) {
                    name(t, i + 2, base, tables);
                }
            }
        } else if (starts(t, "DROP", "TABLE") || starts(t, "TRUNCATE")) {
            at = starts(t, "DROP", "TABLE") ? skip(t, 2, "IF", "EXISTS") : skip(t, 1, "TABLE");
            names(t, at, base, tables);
        } else if (starts(t, "DROP", "INDEX") || starts(t, "ALTER", "INDEX")) {
            at = skip(t, skip(t, 2, "CONCURRENTLY"), "IF", "EXISTS");
            List<String> indexes = new ArrayList<>();
            names(t, at, base, indexes);
            for (String index : indexes) {
                String table = tableOfIndex.apply(index);
                if (table != null) {
                    tables.add(table);
                }
            }
        } else if (starts(t, "DROP", "TRIGGER") || starts(t, "ALTER", "TRIGGER")) {
            for (int i = 2; i < t.size(); i++) {
                if (t.get(i).isWord("ON")) {
                    name(t, i + 1, base, tables);
                    break;
                }
            }
        } else if (starts(t, "CREATE")) {
            at = skip(t, skip(t, 1, "OR", "REPLACE"), "UNIQUE");
            for (String word : List.of("TEMP", "TEMPORARY", "UNLOGGED")) {
                at = skip(t, at, word);
            }
            if (at < t.size() && (t.get(at).isWord("TABLE") || t.get(at).isWord("VIEW") || t.get(at).isWord("SEQUENCE")
                    || (t.get(at).isWord("MATERIALIZED") && at + 1 < t.size() && t.get(at + 1).isWord("VIEW")))) {
                at = skip(t, at + (t.get(at).isWord("MATERIALIZED") ? 2 : 1), "IF", "NOT", "EXISTS");
                name(t, at, base, tables);
                return tables;
            }
            String target = has(t, t.size(), "RULE") ? "TO" : "ON";
            for (int i = 1; i < t.size(); i++) {
                if (t.get(i).isWord(target) && t.get(i).depth() == 0
                        && (has(t, i, "INDEX") || has(t, i, "TRIGGER") || has(t, i, "RULE"))) {
                    name(t, skip(t, i + 1, "ONLY"), base, tables);
                    break;
                }
            }
        }
        return tables;
    }

    /** A comma-separated list of names, each perhaps after {@code ONLY} or before {@code *}. */
    private static void names(List<SqlToken> t, int at, String base, List<String> tables) {
        while (at < t.size()) {
            at = name(t, skip(t, at, "ONLY"), base, tables);
            if (at < t.size() && t.get(at).isSymbol("*")) {
                at++;
            }
            if (at < t.size() && t.get(at).isSymbol(",")) {
                at++;
            } else {
                break;
            }
        }
    }
    private static boolean starts(List<SqlToken> t, String... words) {
        for (int i = 0; i < words.length; i++) {
            if (i >= t.size() || !t.get(i).isWord(words[i])) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code word} comes before position {@code end}. */
    private static boolean has(List<SqlToken> t, int end, String word) {
        for (int i = 0; i < end; i++) {
            if (t.get(i).isWord(word)) {
                return true;
            }
        }
        return false;
    }

    private static int skip(List<SqlToken> t, int at, String... words) {
        for (int i = 0; i < words.length; i++) {
            if (at + i >= t.size() || !t.get(at + i).isWord(words[i])) {
                return at;
            }
        }
        return at + words.length;
    }

    /** Reads a name at {@code at}, adding it when it is in {@code base} (or unqualified); where the name ends. */
    private static int name(List<SqlToken> t, int at, String base, List<String> tables) {
        if (at >= t.size() || t.get(at).name() == null) {
            return at;
        }
        String first = t.get(at).name();
        if (at + 2 < t.size() && t.get(at + 1).isSymbol(".") && t.get(at + 2).name() != null) {
            if (first.equals(base)) {
                tables.add(t.get(at + 2).name());
            }
            return at + 3;
        }
        tables.add(first);
        return at + 1;
    }
}
