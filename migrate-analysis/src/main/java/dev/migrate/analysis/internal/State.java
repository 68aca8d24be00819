package dev.migrate.analysis.internal;

import dev.migrate.analysis.AlterAction;
import dev.migrate.analysis.LockLevel;
import dev.migrate.analysis.StatementFacts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What rules know about the plan at the current statement: which tables the plan created (empty
 * when later statements run), which columns have which types, which indexes exist, what the
 * current transaction holds. Facts recorded by {@link #record} after the rules saw a statement.
 */
public final class State {
    private static final Pattern ADD_VALUE = Pattern.compile("(?i)\\bADD\\s+VALUE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?('(?:[^']|'')*')");
    private final int serverMajor;
    private final boolean lockSafeExecutor;

    private final Set<String> createdTables = new HashSet<>();
    private final Map<String, Map<String, String>> columnTypes = new HashMap<>();
    private final Map<String, List<List<String>>> indexedColumns = new HashMap<>();
    private final Set<String> validatedNotNullChecks = new HashSet<>();

    private String script = "";
    private boolean transactional;
    private boolean explicitTransaction;
    private boolean lockTimeoutSet;
    private final Map<String, StatementFacts> accessExclusive = new LinkedHashMap<>();
    private final Map<String, Integer> alters = new HashMap<>();
    private final Map<String, Integer> firstAlterLine = new HashMap<>();
    private final Map<String, Integer> altersOutside = new HashMap<>();
    private final Set<String> notValidThisTransaction = new HashSet<>();
    /** Enum values added in the current transaction (as their quoted literal), with the statement that added each. */
    private final Map<String, StatementFacts> newEnumValues = new LinkedHashMap<>();
    /** Types created in the current transaction. */
    private final Set<String> typesThisTransaction = new HashSet<>();
    private final List<PendingForeignKey> foreignKeys = new ArrayList<>();

    /** A foreign key added in the current migration, checked for a supporting index at its end. */
    public record PendingForeignKey(StatementFacts statement, String table, List<String> columns) {
    }

    /**
     * @param serverMajor      PostgreSQL major version
     * @param lockSafeExecutor the statements run under migrate's executor, which sets lock_timeout itself
     */
    public State(int serverMajor, boolean lockSafeExecutor) {
        this.serverMajor = serverMajor;
        this.lockSafeExecutor = lockSafeExecutor;
    }

    public int serverMajor() {
        return serverMajor;
    }

    public boolean lockSafeExecutor() {
        return lockSafeExecutor;
    }

    /** Starts a migration: {@code transactional} when the engine wraps it in one transaction. */
    void beginMigration(String script, boolean transactional) {
        this.script = script;
        this.transactional = transactional;
        this.explicitTransaction = false;
        this.lockTimeoutSet = false;
        accessExclusive.clear();
        alters.clear();
        altersOutside.clear();
        firstAlterLine.clear();
        notValidThisTransaction.clear();
        newEnumValues.clear();
        typesThisTransaction.clear();
        foreignKeys.clear();
        reported.clear();
    }

    public String script() {
        return script;
    }

    /** Whether the current statement runs inside a transaction block (the migration's, or an explicit BEGIN). */
    public boolean inTransaction() {
        return transactional || explicitTransaction;
    }

    public boolean lockTimeoutSet() {
        return lockTimeoutSet;
    }

    /** Whether the plan created this table before the current statement (so it is empty and unseen by the application). */
    public boolean isNew(String table) {
        return table != null && createdTables.contains(normalize(table));
    }

    /** The type of a column of a table the plan created, lower case as written; null when unknown. */
    public String columnType(String table, String column) {
        Map<String, String> cols = columnTypes.get(normalize(table));
        String planned = cols == null || column == null ? null : cols.get(column);
        return planned != null ? planned : catalog.columnType(normalize(table), column);
    }

    /** Whether an index of the plan starts with these columns on this table. */
    public boolean hasIndexLeadingWith(String table, List<String> columns) {
        for (List<String> index : indexedColumns.getOrDefault(normalize(table), List.of())) {
            if (index.size() >= columns.size() && index.subList(0, columns.size()).equals(columns)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a validated {@code CHECK (column IS NOT NULL)} exists on the column (PG 12+ then skips the SET NOT NULL scan). */
    public boolean hasValidatedNotNullCheck(String table, String column) {
        return validatedNotNullChecks.contains(normalize(table) + "." + column) || catalog.notNullProven(normalize(table), column);
    }

    /** The statements of the current transaction that took ACCESS EXCLUSIVE, by table. */
    public Map<String, StatementFacts> accessExclusiveHeld() {
        return accessExclusive;
    }

    /** How many ALTER TABLE statements that rewrote or scanned this table under ACCESS EXCLUSIVE the current transaction ran before. */
    public int altersBefore(String table) {
        return alters.getOrDefault(normalize(table), 0);
    }

    /**
     * Whether the statement really reads the whole table: its facts say so, unless all it scans for is
     * a SET NOT NULL that a validated check (or an existing NOT NULL) already proves, PG 12+.
     */
    public boolean scans(StatementFacts s) {
        if (!s.scans()) {
            return false;
        }
        for (AlterAction a : s.actions()) {
            boolean proven = a.type() == AlterAction.Type.SET_NOT_NULL && serverMajor >= 12
                    && hasValidatedNotNullCheck(s.relation(), a.column());
            if (a.scans() && !proven) {
                return true;
            }
        }
        return s.actions().isEmpty();
    }

    /** How many ALTER TABLE statements taking ACCESS EXCLUSIVE ran on this table outside a transaction in this migration. */
    public int altersOutsideTransaction(String table) {
        return altersOutside.getOrDefault(normalize(table), 0);
    }

    /**
     * The enum values added to existing types earlier in this transaction, as quoted literals
     * ({@code 'refunded'}), each with the statement that added it: PostgreSQL 12+ refuses to use
     * them before the transaction commits.
     */
    public Map<String, StatementFacts> newEnumValues() {
        return newEnumValues;
    }

    public boolean addedNotValidInThisTransaction(String table, String constraint) {
        return notValidThisTransaction.contains(normalize(table) + "." + constraint);
    }

    public List<PendingForeignKey> foreignKeys() {
        return foreignKeys;
    }

    /** Records what a statement did, after the rules looked at it. */
    void record(StatementFacts s) {
        String table = s.relation() == null ? null : normalize(s.relation());
        switch (s.kind()) {
            case BEGIN -> explicitTransaction = true;
            case COMMIT, ROLLBACK -> {
                explicitTransaction = false;
                accessExclusive.clear();
                notValidThisTransaction.clear();
                newEnumValues.clear();
                typesThisTransaction.clear();
                alters.clear();
            }
            case SET -> {
                String sql = s.sql().toLowerCase(Locale.ROOT);
                if (sql.contains("lock_timeout")) {
                    lockTimeoutSet = true;
                }
            }
            case CREATE_TABLE, CREATE_TABLE_AS -> {
                if (table != null) {
                    createdTables.add(table);
                    CreateTables.read(s.sql(), this, table);
                }
            }
            case CREATE_INDEX -> {
                if (table != null) {
                    addIndex(table, CreateTables.indexColumns(s.sql()));
                }
                String index = CreateTables.indexName(s.sql());
                if (index != null) {
                    createdIndexes.add(normalize(index));
                }
            }
            case CREATE_MATERIALIZED_VIEW -> {
                if (table != null) {
                    createdTables.add(table);
                }
            }
            case DROP_TABLE -> {
                for (String dropped : s.relations()) {
                    createdTables.remove(normalize(dropped));
                }
            }
            case CREATE_TYPE -> {
                if (table != null) {
                    createdTables.add(table); // a type or domain made here has no columns with old values yet
                    typesThisTransaction.add(table);
                }
            }
            case ALTER_TYPE -> {
                // PostgreSQL lets a transaction use a value it added only to a type the same transaction created.
                Matcher added = ADD_VALUE.matcher(s.sql());
                if (added.find() && inTransaction() && !typesThisTransaction.contains(table)) {
                    newEnumValues.putIfAbsent(added.group(1), s);
                }
            }
            case ALTER_TABLE -> {
                if (s.lock() == LockLevel.ACCESS_EXCLUSIVE && (s.rewrites() || scans(s))) {
                    alters.merge(table, 1, Integer::sum);
                }
                if (!inTransaction() && s.lock() == LockLevel.ACCESS_EXCLUSIVE) {
                    altersOutside.merge(table, 1, Integer::sum);
                }
                for (AlterAction a : s.actions()) {
                    recordAlter(s, table, a);
                }
            }
            default -> {
            }
        }
        if (s.lock() == LockLevel.ACCESS_EXCLUSIVE && inTransaction()) {
            for (String locked : s.relations()) {
                String name = normalize(locked);
                if (!name.isEmpty() && !isNew(name)) {
                    accessExclusive.putIfAbsent(name, s);
                }
            }
        }
    }

    private void recordAlter(StatementFacts s, String table, AlterAction a) {
        switch (a.type()) {
            case ADD_COLUMN -> {
                if (a.column() != null && a.dataType() != null) {
                    columnTypes.computeIfAbsent(table, k -> new HashMap<>()).put(a.column(), a.dataType());
                }
                if (a.column() != null && (a.constraint() == AlterAction.ConstraintKind.PRIMARY_KEY
                        || a.constraint() == AlterAction.ConstraintKind.UNIQUE)) {
                    addIndex(table, List.of(a.column()));
                }
                if (a.column() != null && a.constraint() == AlterAction.ConstraintKind.FOREIGN_KEY) {
                    foreignKeys.add(new PendingForeignKey(s, table, List.of(a.column())));
                }
            }
            case ALTER_COLUMN_TYPE -> {
                if (a.column() != null) {
                    columnTypes.computeIfAbsent(table, k -> new HashMap<>()).put(a.column(), a.dataType());
                }
            }
            case RENAME_TABLE -> {
                if (createdTables.remove(table) && a.name() != null) {
                    createdTables.add(normalize(a.name()));
                }
            }
            case ADD_CONSTRAINT -> {
                List<String> cols = a.column() == null ? List.of() : List.of(a.column().split(",\\s*"));
                if (a.constraint() == AlterAction.ConstraintKind.PRIMARY_KEY || a.constraint() == AlterAction.ConstraintKind.UNIQUE) {
                    addIndex(table, cols);
                }
                if (a.notValid() && a.name() != null) {
                    notValidThisTransaction.add(table + "." + a.name());
                }
                if (a.constraint() == AlterAction.ConstraintKind.CHECK && !a.notValid()) {
                    notNullCheckColumn(a.detail()).ifPresent(c -> validatedNotNullChecks.add(table + "." + c));
                }
                if (a.constraint() == AlterAction.ConstraintKind.CHECK && a.notValid() && a.name() != null) {
                    notNullCheckColumn(a.detail()).ifPresent(c -> pendingChecks.put(table + "." + a.name(), c));
                }
                if (a.constraint() == AlterAction.ConstraintKind.FOREIGN_KEY && !cols.isEmpty()) {
                    foreignKeys.add(new PendingForeignKey(s, table, cols));
                }
            }
            case VALIDATE_CONSTRAINT -> {
                String column = pendingChecks.remove(table + "." + a.name());
                if (column != null) {
                    validatedNotNullChecks.add(table + "." + column);
                }
            }
            default -> {
            }
        }
    }

    private final Map<String, String> pendingChecks = new HashMap<>();
    private final Set<String> createdIndexes = new HashSet<>();
    private final Set<String> remembered = new HashSet<>();
    private final Set<String> reported = new HashSet<>();
    private CatalogFacts catalog = CatalogFacts.NONE;

    /** What the live database says about existing tables; {@link CatalogFacts#NONE} without a connection. */
    void catalog(CatalogFacts facts) {
        this.catalog = facts;
    }

    public CatalogFacts catalog() {
        return catalog;
    }

    /** Whether the database already has an index on this table leading with these columns. */
    public boolean catalogHasIndexLeadingWith(String table, List<String> columns) {
        return catalog.hasIndexLeadingWith(table, columns);
    }

    /** Whether the plan created this index before the current statement. */
    public boolean isNewIndex(String index) {
        return index != null && createdIndexes.contains(normalize(index));
    }

    /** Lets a rule note something about the plan for a later statement, e.g. a type renamed aside. */
    public void remember(String key) {
        remembered.add(key);
    }

    public boolean remembered(String key) {
        return remembered.contains(key);
    }

    /** True the first time a rule asks about {@code key} in the current migration: for one finding per table, say. */
    public boolean firstTime(String key) {
        return reported.add(key);
    }

    void addIndex(String table, List<String> columns) {
        if (!columns.isEmpty()) {
            indexedColumns.computeIfAbsent(normalize(table), k -> new ArrayList<>()).add(List.copyOf(columns));
        }
    }

    void addColumn(String table, String column, String type) {
        columnTypes.computeIfAbsent(normalize(table), k -> new HashMap<>()).put(column, type);
    }

    /** The column of a check expression that is exactly {@code (column IS NOT NULL)}. */
    static java.util.Optional<String> notNullCheckColumn(String expression) {
        Tokens t = Tokens.of(expression);
        List<Tokens.Token> words = new ArrayList<>();
        for (Tokens.Token tok : t.all()) {
            if (!tok.isPunct("(") && !tok.isPunct(")")) {
                words.add(tok);
            }
        }
        if (words.size() == 4 && words.get(0).isName() && words.get(1).is("IS") && words.get(2).is("NOT") && words.get(3).is("NULL")) {
            return java.util.Optional.of(words.get(0).name());
        }
        return java.util.Optional.empty();
    }

    /** Tables are compared without the {@code public.} schema most scripts leave out. */
    public static String normalize(String table) {
        if (table == null) {
            return "";
        }
        return table.startsWith("public.") ? table.substring("public.".length()) : table;
    }
}
