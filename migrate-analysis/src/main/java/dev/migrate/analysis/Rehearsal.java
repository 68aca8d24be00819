package dev.migrate.analysis;

import dev.migrate.DatabaseException;
import dev.migrate.Migrator;
import dev.migrate.Plan;
import dev.migrate.analysis.internal.DatabaseFailures;
import dev.migrate.analysis.internal.SessionCatalog;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs a migration's statements for real on a shadow database (a copy, never production) inside
 * one transaction, records what each statement actually did, and rolls everything back: the
 * table-level locks it took ({@code pg_locks} of this session) and the relations it rewrote
 * ({@code pg_class.relfilenode} changed). Statements that cannot run in a transaction
 * ({@code CONCURRENTLY}, {@code VACUUM}) and transaction control ({@code COMMIT}, {@code SAVEPOINT}) are listed as
 * not rehearsed, so nothing is ever committed. {@link #compareAndApply(Plan)} is the exception, for a
 * whole plan on a throw-away {@link ShadowDatabase}: it keeps each step so the next one builds on it.
 *
 * <pre>{@code
 * try (Connection shadow = shadowDataSource.getConnection()) {
 *     List<Rehearsal.Observed> seen = Rehearsal.on(shadow).run(step);
 * }
 * }</pre>
 */
public final class Rehearsal {
    private final Connection connection;

    private Rehearsal(Connection connection) {
        this.connection = connection;
    }

    /** A rehearsal on this connection to a shadow database; it must be in auto-commit mode and is left so. */
    public static Rehearsal on(Connection shadow) {
        return new Rehearsal(Objects.requireNonNull(shadow, "shadow"));
    }

    /**
     * What one statement did.
     *
     * @param line        its line in the script
     * @param sql         its text
     * @param rehearsed   false when it could not run inside a transaction (then the rest is empty)
     * @param locks       the strongest lock it newly took on each existing relation, by schema-qualified name
     * @param rewritten   existing relations it gave new storage (a table rewrite or index rebuild)
     * @param catalog     what it changed in the catalog, one line each: relations created and dropped,
     *                    columns added, dropped, retyped, made (not) null
     * @param error       the server's message when the statement failed (the rehearsal stops there); else null
     * @param held        the locks the rehearsal's transaction already held on existing relations before
     *                    the statement (an earlier statement of the same migration took them)
     */
    public record Observed(int line, String sql, boolean rehearsed, Map<String, LockLevel> locks, List<String> rewritten,
                           List<String> catalog, String error, Map<String, LockLevel> held) {
        public Observed {
            locks = Map.copyOf(locks);
            rewritten = List.copyOf(rewritten);
            catalog = List.copyOf(catalog);
            held = Map.copyOf(held);
        }

        /** Not run: it cannot run inside a transaction, or it failed outside one. */
        static Observed notRehearsed(Plan.Statement s, String error) {
            return new Observed(s.line(), s.sql(), false, Map.of(), List.of(), List.of(), error, Map.of());
        }

        /** The strongest lock it took on any relation, {@link LockLevel#NONE} when none. */
        public LockLevel strongest() {
            return locks.values().stream().reduce(LockLevel.NONE, LockLevel::max);
        }
    }

    /**
     * Rehearses a script read by migrate's lexer.
     *
     * @throws DatabaseException when the shadow database cannot be read or the transaction cannot be
     *                           ended; a statement that fails is an {@link Observed#error()}, not an exception
     */
    public List<Observed> run(String script, String sql) {
        int major = shadow(() -> connection.getMetaData().getDatabaseMajorVersion());
        return run(Migrator.readScript(script, sql, major));
    }

    /**
     * Rehearses a plan step: all its statements in one transaction, rolled back at the end.
     *
     * @throws DatabaseException as {@link #run(String, String)}
     */
    public List<Observed> run(Plan.Step step) {
        return shadow(() -> run(step, predict(step), false));
    }

    /**
     * Rehearses a whole plan in order on a throw-away database ({@link ShadowDatabase}), each
     * statement beside its prediction. Unlike {@link #compare(Plan.Step)}, each step's changes are
     * kept (committed), so the next step runs on top of them as it would under {@code migrate()};
     * statements that cannot run in a transaction ({@code CONCURRENTLY}) run for real, unobserved.
     * Stops after the first statement that fails.
     *
     * <p>Never point this at a database you want to keep: it applies the plan without recording it.
     *
     * @throws DatabaseException as {@link #run(String, String)}
     */
    public List<Comparison> compareAndApply(Plan plan) {
        return shadow(() -> applyAll(plan));
    }

    private List<Comparison> applyAll(Plan plan) throws SQLException {
        List<Comparison> all = new ArrayList<>();
        for (Plan.Step step : plan.migrations()) {
            List<StatementFacts> predicted = predict(step);
            List<Comparison> compared = compare(predicted, run(step, predicted, true));
            all.addAll(compared);
            if (!compared.isEmpty() && compared.get(compared.size() - 1).observed().error() != null) {
                break;
            }
        }
        return all;
    }

    /**
     * The comparisons as text, a line per statement: where it is, what was predicted, what happened;
     * disagreements are marked.
     */
    public static String toText(List<Comparison> comparisons) {
        StringBuilder out = new StringBuilder();
        int differ = 0;
        int failed = 0;
        for (Comparison c : comparisons) {
            out.append(c).append('\n');
            if (c.observed().error() != null) {
                failed++;
            } else if (!c.lockAgrees() || !c.rewriteAgrees()) {
                differ++;
            }
        }
        out.append(comparisons.size()).append(" statements rehearsed, ").append(differ)
                .append(differ == 1 ? " differs" : " differ").append(" from the prediction")
                .append(failed == 0 ? "" : ", " + failed + " failed (the rehearsal stops at a failure)").append('\n');
        return out.toString();
    }

    private List<StatementFacts> predict(Plan.Step step) throws SQLException {
        return Analyzer.forServer(connection.getMetaData().getDatabaseMajorVersion()).analyze(List.of(step)).statements();
    }

    /**
     * Runs a step's statements in a transaction, observing each. Without {@code keep}, everything is
     * rolled back and statements that cannot run in a transaction are skipped; with it, the
     * transaction is committed at the end (or before such a statement, which then runs on its own).
     */
    private List<Observed> run(Plan.Step step, List<StatementFacts> facts, boolean keep) throws SQLException {
        List<Observed> observed = new ArrayList<>();
        boolean autoCommit = connection.getAutoCommit();
        boolean failed = false;
        boolean completed = false;
        SQLException commitFailed = null;
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            for (int i = 0; i < step.statements().size(); i++) {
                Plan.Statement s = step.statements().get(i);
                if (!rehearsable(facts.get(i))) {
                    if (keep && !facts.get(i).transactional()) {
                        try {
                            connection.commit();
                        } catch (SQLException e) {
                            observed.add(Observed.notRehearsed(s, "COMMIT before this statement failed: " + e.getMessage()));
                            failed = true;
                            break;
                        }
                        connection.setAutoCommit(true);
                        try {
                            st.execute(s.sql());
                        } catch (SQLException e) {
                            observed.add(Observed.notRehearsed(s, e.getMessage()));
                            failed = true;
                            break;
                        } finally {
                            connection.setAutoCommit(false);
                        }
                    }
                    observed.add(Observed.notRehearsed(s, null));
                    continue;
                }
                Map<Long, String> names = new HashMap<>();
                Map<Long, Long> before = SessionCatalog.relations(connection, names);
                Map<Long, LockLevel> held = SessionCatalog.locks(connection);
                Map<String, String> columnsBefore = SessionCatalog.columns(connection);
                st.execute("SAVEPOINT migrate_rehearsal");
                try {
                    st.execute(s.sql());
                } catch (SQLException e) {
                    st.execute("ROLLBACK TO SAVEPOINT migrate_rehearsal");
                    observed.add(new Observed(s.line(), s.sql(), true, Map.of(), List.of(), List.of(), e.getMessage(), Map.of()));
                    failed = true;
                    break;
                }
                Map<Long, LockLevel> after = SessionCatalog.locks(connection);
                Map<Long, String> namesNow = new HashMap<>();
                Map<Long, Long> now = SessionCatalog.relations(connection, namesNow);
                Map<String, LockLevel> taken = new LinkedHashMap<>();
                after.forEach((oid, level) -> {
                    LockLevel previous = held.getOrDefault(oid, LockLevel.NONE);
                    if (before.containsKey(oid) && level.ordinal() > previous.ordinal()) {
                        taken.put(names.get(oid), level);
                    }
                });
                List<String> rewritten = new ArrayList<>();
                before.forEach((oid, node) -> {
                    Long current = now.get(oid);
                    if (current != null && !current.equals(node)) {
                        rewritten.add(names.get(oid));
                    }
                });
                List<String> catalog = new ArrayList<>();
                namesNow.forEach((oid, name) -> {
                    if (!before.containsKey(oid)) {
                        catalog.add("created " + name);
                    }
                });
                names.forEach((oid, name) -> {
                    if (!namesNow.containsKey(oid)) {
                        catalog.add("dropped " + name);
                    } else if (!namesNow.get(oid).equals(name)) {
                        catalog.add("renamed " + name + " to " + namesNow.get(oid));
                    }
                });
                catalog.addAll(SessionCatalog.columnChanges(columnsBefore, SessionCatalog.columns(connection)));
                Map<String, LockLevel> heldBefore = new LinkedHashMap<>();
                held.forEach((oid, level) -> {
                    if (names.containsKey(oid)) {
                        heldBefore.put(names.get(oid), level);
                    }
                });
                observed.add(new Observed(s.line(), s.sql(), true, taken, rewritten, catalog, null, heldBefore));
            }
            completed = !failed;
        } finally {
            // Kept only when every statement ran; anything thrown half-way is rolled back.
            try {
                if (keep && completed) {
                    try {
                        connection.commit();
                    } catch (SQLException e) {
                        commitFailed = e; // a deferred constraint, say
                        connection.rollback();
                    }
                } else {
                    connection.rollback();
                }
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
        if (commitFailed != null && !observed.isEmpty()) {
            Observed last = observed.remove(observed.size() - 1);
            observed.add(new Observed(last.line(), last.sql(), last.rehearsed(), last.locks(), last.rewritten(), last.catalog(),
                    "COMMIT at the end of the step failed: " + commitFailed.getMessage(), last.held()));
        }
        return observed;
    }

    /**
     * One statement's prediction beside what the rehearsal saw.
     *
     * @param predicted  the analysis's facts
     * @param observed   what PostgreSQL did
     * @param lockAgrees the predicted lock is the one observed on each target relation (true when not rehearsed)
     * @param rewriteAgrees the predicted rewrite matches a relfilenode change of the target (TRUNCATE's new empty
     *                   storage is not a rewrite)
     */
    public record Comparison(StatementFacts predicted, Observed observed, boolean lockAgrees, boolean rewriteAgrees) {
        /** The statement, the prediction and the observation on one line. */
        @Override
        public String toString() {
            return predicted.script() + ":" + predicted.line() + " predicted " + predicted.lock().mode()
                    + (predicted.rewrites() ? " + rewrite" : "") + ", observed "
                    + (observed.error() != null ? "error: " + observed.error() : !observed.rehearsed()
                    ? "nothing (cannot run in a transaction)" : observed.locks() + alreadyHeld() + (observed.rewritten().isEmpty()
                    ? "" : " rewritten " + observed.rewritten()))
                    + (lockAgrees && rewriteAgrees ? "" : "  <- differs");
        }

        /** The target relations an earlier statement had already locked, for the text: " (held: x=ACCESS_EXCLUSIVE)". */
        private String alreadyHeld() {
            Map<String, LockLevel> held = new LinkedHashMap<>();
            for (String relation : predicted.relations()) {
                String name = qualified(relation);
                if (!observed.locks().containsKey(name) && observed.held().containsKey(name)) {
                    held.put(name, observed.held().get(name));
                }
            }
            return held.isEmpty() ? "" : " (already held: " + held + ")";
        }
    }

    /**
     * Rehearses a step and pairs each statement's observation with the analysis's prediction.
     *
     * @throws DatabaseException as {@link #run(String, String)}
     */
    public List<Comparison> compare(Plan.Step step) {
        return shadow(() -> {
            List<StatementFacts> predicted = predict(step);
            return compare(predicted, run(step, predicted, false));
        });
    }

    /** JDBC work on the shadow database, its failures as the API's unchecked exception. */
    private static <T> T shadow(ShadowWork<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw DatabaseFailures.of("Rehearsal on the shadow database failed", e);
        }
    }

    @FunctionalInterface
    private interface ShadowWork<T> {
        T run() throws SQLException;
    }

    private static List<Comparison> compare(List<StatementFacts> predicted, List<Observed> observed) {
        List<Comparison> out = new ArrayList<>();
        for (int i = 0; i < observed.size(); i++) {
            StatementFacts p = predicted.get(i);
            Observed o = observed.get(i);
            if (!o.rehearsed() || o.error() != null || p.relation() == null) {
                out.add(new Comparison(p, o, true, true));
                continue;
            }
            boolean locksAgree = true;
            for (String relation : p.relations()) {
                String name = qualified(relation);
                LockLevel taken = o.locks().get(name);
                // Nothing new on a relation an earlier statement already locked at least as strongly agrees too.
                locksAgree &= taken != null ? taken == p.lock()
                        : o.held().getOrDefault(name, LockLevel.NONE).ordinal() >= p.lock().ordinal();
            }
            boolean rewritten = o.rewritten().contains(qualified(p.relation())) && p.kind() != StatementKind.TRUNCATE;
            out.add(new Comparison(p, o, locksAgree, rewritten == p.rewrites()));
        }
        return out;
    }

    private static String qualified(String relation) {
        return relation.contains(".") ? relation : "public." + relation;
    }

    /**
     * Whether a statement can run inside the rehearsal's transaction: not one PostgreSQL refuses in a
     * transaction block, and not transaction control, which would end or split the rehearsal's own.
     */
    private static boolean rehearsable(StatementFacts s) {
        String first = s.sql().strip().split("\\s+", 2)[0].toUpperCase(java.util.Locale.ROOT);
        return s.transactional() && !java.util.Set.of("BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE",
                "PREPARE").contains(first);
    }
}
