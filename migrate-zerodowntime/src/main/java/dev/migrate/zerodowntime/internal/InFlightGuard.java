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
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        Map<String, String> busy = new LinkedHashMap<>();
        try {
            for (InFlight f : ExpandContractRun.status(context.connection(), options)) {
                if (f.phase() != InFlight.Phase.COMPLETED) {
                    for (String table : f.tables()) {
                        busy.put(table, "expand-contract migration " + f.version() + " (" + f.phase() + ")");
                    }
                }
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
                            busy.putIfAbsent(table, "expand-contract migration " + step.version() + ", which this run starts first");
                        }
                    }
                }
            }
            if (starts || busy.isEmpty()) {
                continue;
            }
            for (Plan.Statement s : step.statements()) {
                for (String table : changedTables(s.sql(), context.schema())) {
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

    /**
     * The tables of the managed schema whose structure a statement changes: {@code ALTER TABLE},
     * {@code DROP TABLE}, {@code TRUNCATE}, {@code CREATE INDEX ... ON}, {@code CREATE TRIGGER ...
     * ON}; names in other schemas are left out.
     */
    static List<String> changedTables(String sql, String base) {
        List<SqlToken> t = SqlTokens.of(sql);
        List<String> tables = new ArrayList<>();
        int at;
        if (starts(t, "ALTER", "TABLE")) {
            at = skip(t, 2, "IF", "EXISTS");
            at = skip(t, at, "ONLY");
            name(t, at, base, tables);
        } else if (starts(t, "DROP", "TABLE") || starts(t, "TRUNCATE")) {
            at = starts(t, "DROP", "TABLE") ? skip(t, 2, "IF", "EXISTS") : skip(t, 1, "TABLE");
            at = skip(t, at, "ONLY");
            while (at < t.size()) {
                at = name(t, at, base, tables);
                if (at < t.size() && t.get(at).isSymbol(",")) {
                    at++;
                } else {
                    break;
                }
            }
        } else if (starts(t, "CREATE")) {
            for (int i = 1; i < t.size(); i++) {
                if (t.get(i).isWord("ON") && t.get(i).depth() == 0 && (has(t, i, "INDEX") || has(t, i, "TRIGGER"))) {
                    name(t, skip(t, i + 1, "ONLY"), base, tables);
                    break;
                }
            }
        }
        return tables;
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
