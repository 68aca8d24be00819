package dev.migrate.zerodowntime.internal;

import dev.migrate.Migrator;
import dev.migrate.TransactionMode;
import dev.migrate.Version;
import dev.migrate.schema.DatabaseSchema;
import dev.migrate.spi.LockSafeSession;
import dev.migrate.spi.StepRunner;
import dev.migrate.zerodowntime.ExpandContract;
import dev.migrate.zerodowntime.ExpandContractPhase;
import dev.migrate.zerodowntime.InFlight;
import dev.migrate.zerodowntime.Operation;
import dev.migrate.zerodowntime.ZeroDowntimeOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The phases of expand-contract migrations, each run on a lock-safe session: start (from the
 * migration's step under {@code migrate()}), complete (under {@code Migrator.runExclusive}) and
 * rollback (from the migration's down step). Each phase runs the steps decided at start, recording
 * each one done, so that a phase interrupted anywhere continues where it stopped.
 */
public final class ExpandContractRun {
    private static final Logger LOG = LoggerFactory.getLogger("dev.migrate.zerodowntime");

    private final LockSafeSession session;
    private final Connection c;
    private final ZeroDowntimeOptions options;
    private final StateStore store;
    private final String base;

    private ExpandContractRun(LockSafeSession session, ZeroDowntimeOptions options) {
        this.session = session;
        this.c = session.connection();
        this.options = options;
        this.store = new StateStore(options.stateSchema());
        this.base = session.settings().schemas().get(0);
    }

    private static ExpandContractRun on(LockSafeSession session) {
        return new ExpandContractRun(session, session.settings().options(ZeroDowntimeOptions.class).orElse(ZeroDowntimeOptions.DEFAULTS));
    }

    /** Starts {@code migration}, or continues its start; refused, with nothing changed, when it does not fit the schema. */
    public static void start(LockSafeSession session, ExpandContract migration) throws SQLException {
        on(session).start(migration);
    }

    /** Completes the migration of {@code version}; refused while the old version is still connected. */
    public static InFlight complete(LockSafeSession session, Version version) throws SQLException {
        return on(session).complete(version);
    }

    /** Rolls the migration of {@code version} back; nothing to do when it never started. */
    public static void rollback(LockSafeSession session, Version version) throws SQLException {
        on(session).rollback(version, false);
    }

    /**
     * Rolls back a migration whose start failed: one with no state is refused, for then the failure
     * is not a start's (the policy ran it as written) and what it did is not known here.
     */
    public static void rollbackFailed(LockSafeSession session, Version version) throws SQLException {
        ExpandContractRun run = on(session);
        if (find(run.store.read(run.c), version) == null) {
            throw new StepRunner.Refused("Rolling back migration " + version + " the expand-contract way is refused: it has no"
                    + " expand-contract state in " + run.store.schema() + ", so it failed running as written (the policy found"
                    + " nothing in it to run the expand-contract way) or before its start recorded anything. Undo by hand what"
                    + " it did, then resolve().markRolledBack(\"" + version + "\")");
        }
        run.rollback(version, false);
    }

    /**
     * Rolls back an applied migration, as its down script: one with no state is refused, for it was
     * run as written (the policy found nothing risky in it) or its state is gone, and rolling back
     * nothing would record it as undone.
     */
    public static void rollbackApplied(LockSafeSession session, Version version) throws SQLException {
        on(session).rollback(version, true);
    }

    /**
     * The tables of the migrations that are not complete, the new names of renamed ones too, each
     * with the migration that has it in flight, as the guard names it.
     */
    static Map<String, String> tablesInFlight(Connection c, ZeroDowntimeOptions options) throws SQLException {
        Map<String, String> busy = new LinkedHashMap<>();
        for (StateStore.Row r : new StateStore(options.stateSchema()).read(c)) {
            if (r.phase() != InFlight.Phase.COMPLETED) {
                for (String table : tablesOf(Codec.read(r.operations()), true)) {
                    busy.putIfAbsent(table, "expand-contract migration " + r.version() + " (" + r.phase() + ")");
                }
            }
        }
        return busy;
    }

    /** Forgets the finished backfills of a run outside the history ({@code ZeroDowntime.backfill}), and an empty state schema. */
    public static void forget(LockSafeSession session, ZeroDowntimeOptions options) throws SQLException {
        StateStore store = new StateStore(options.stateSchema());
        store.forgetBackfills(session, session.script());
        store.dropIfEmpty(session);
    }

    /** The migrations the state records, in the order they started. */
    public static List<InFlight> status(Connection c, ZeroDowntimeOptions options) throws SQLException {
        List<InFlight> all = new ArrayList<>();
        for (StateStore.Row r : new StateStore(options.stateSchema()).read(c)) {
            all.add(inFlight(r));
        }
        return List.copyOf(all);
    }

    private void start(ExpandContract migration) throws SQLException {
        List<StateStore.Row> rows = store.read(c);
        StateStore.Row mine = find(rows, migration.version());
        if (mine == null) {
            mine = begin(migration, rows);
        } else if (mine.phase() == InFlight.Phase.EXPANDED) {
            return;
        } else if (mine.phase() != InFlight.Phase.STARTING) {
            throw new StepRunner.Refused(session.script() + ": expand-contract migration " + migration.version() + " is "
                    + mine.phase() + " in " + store.schema() + ".migrations; it cannot start again");
        }
        announce(mine, InFlight.Phase.STARTING, "Expand-contract migration " + mine.version() + " is starting"
                + (mine.stepsDone() > 0 ? " again after step " + mine.stepsDone() + " of " + mine.start().size() : ""));
        run(mine, mine.start(), mine.stepsDone());
        store.phase(session, mine.version(), InFlight.Phase.EXPANDED);
        String expanded = "Expand-contract migration " + mine.version() + " is expanded: the new version reads schema "
                + mine.versionSchema() + ", the old one " + oldVersion(mine) + ". Complete it (ZeroDowntime.on(migrator).complete(\""
                + mine.version() + "\")) once no session of the old version is left";
        announce(mine, InFlight.Phase.EXPANDED, expanded);
        session.notice(expanded);
    }

    /** Checks a migration that has not started, plans it and records it; nothing runs before the checks pass. */
    private StateStore.Row begin(ExpandContract migration, List<StateStore.Row> rows) throws SQLException {
        DatabaseSchema schema = session.inspect();
        Map<String, List<String>> inFlight = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (StateStore.Row r : rows) {
            if (r.phase() != InFlight.Phase.COMPLETED) {
                inFlight.put(r.version().toString(), tablesOf(Codec.read(r.operations()), true));
            }
            if (r.phase() == InFlight.Phase.STARTING || r.phase() == InFlight.Phase.COMPLETING || r.phase() == InFlight.Phase.ROLLING_BACK) {
                problems.add("migration " + r.version() + " is " + r.phase() + " (interrupted): finish it first");
            }
            if (r.version().compareTo(migration.version()) > 0) {
                problems.add("migration " + r.version() + " started already, and comes after this one");
            }
        }
        if (serverMajor() < 12) {
            problems.add("expand-contract needs PostgreSQL 12 or later (to set NOT NULL on a validated check without a scan);"
                    + " this server is " + serverMajor());
        } else if (serverMajor() < 15) {
            for (String table : rowSecured()) {
                problems.add("table " + table + " has row-level security, which views on PostgreSQL " + serverMajor() + " would not"
                        + " apply to their readers (security_invoker needs 15); change it with plain migrations");
            }
        }
        String versionSchema = Naming.versionSchema(base, migration.version());
        if (schemaExists(versionSchema)) {
            problems.add("schema " + versionSchema + ", which holds the new version's views, exists already; drop or rename it");
        }
        problems.addAll(Checks.of(migration, schema, base, inFlight));
        if (!problems.isEmpty()) {
            throw new StepRunner.Refused(session.script() + ": expand-contract migration " + migration.version()
                    + " cannot start; nothing was changed:\n  - " + String.join("\n  - ", problems));
        }
        String previous = rows.isEmpty() ? null : rows.get(rows.size() - 1).versionSchema();
        Planner.Phases phases = Planner.plan(migration, schema, session.settings().schemas(), store.schema(), versionSchema, previous,
                c.getMetaData().getDatabaseMajorVersion());
        StateStore.Row row = new StateStore.Row(migration.version(), migration.description(), session.script(), base, versionSchema,
                previous, Codec.write(migration.operations()), phases.start(), phases.complete(), phases.rollback(),
                InFlight.Phase.STARTING, 0, 0, null, null, null);
        store.ensure(session);
        store.insert(session, row);
        return row;
    }

    private InFlight complete(Version version) throws SQLException {
        List<StateStore.Row> rows = store.read(c);
        StateStore.Row mine = find(rows, version);
        String task = "Completing expand-contract migration " + version;
        if (mine == null) {
            throw new StepRunner.Refused(task + " is refused: it is not in flight (" + store.schema() + ".migrations has no row"
                    + " for it); start it with migrate()");
        }
        switch (mine.phase()) {
            case COMPLETED -> {
                return inFlight(mine);
            }
            case STARTING -> throw new StepRunner.Refused(task + " is refused: its expand did not finish; run migrate() again to"
                    + " finish it, or roll it back");
            case ROLLING_BACK -> throw new StepRunner.Refused(task + " is refused: it is being rolled back; run the rollback again");
            default -> {
                // EXPANDED, or COMPLETING after an interruption: continue.
            }
        }
        for (StateStore.Row r : rows) {
            if (r == mine) {
                break;
            }
            if (r.phase() != InFlight.Phase.COMPLETED) {
                throw new StepRunner.Refused(task + " is refused: migration " + r.version() + " started before it and is " + r.phase()
                        + "; complete that one first");
            }
        }
        for (StateStore.Row r : rows) {
            if (r.phase() == InFlight.Phase.STARTING && r != mine) {
                throw new StepRunner.Refused(task + " is refused: migration " + r.version() + " is still starting; run migrate()"
                        + " to finish its expand first");
            }
        }
        if (mine.phase() == InFlight.Phase.EXPANDED) {
            List<String> old = oldSessions(oldVersion(mine));
            if (!old.isEmpty()) {
                throw new StepRunner.Refused(task + " is refused: " + old.size() + " session(s) of the old version (application_name"
                        + " naming " + oldVersion(mine) + ") are connected: " + String.join(", ", old) + ". Complete it once they have"
                        + " gone (deploy the new version everywhere first)");
            }
            store.phase(session, version, InFlight.Phase.COMPLETING);
            mine = find(store.read(c), version);
        }
        announce(mine, InFlight.Phase.COMPLETING, "Expand-contract migration " + version + " is completing: dropping the old shape");
        run(mine, mine.complete(), mine.stepsDone());
        for (StateStore.Row r : rows) {
            if (r.phase() == InFlight.Phase.COMPLETED && r.versionSchema().equals(mine.previousSchema())) {
                store.delete(session, r.version()); // its schema of views went with this contract
            }
        }
        store.phase(session, version, InFlight.Phase.COMPLETED);
        StateStore.Row done = find(store.read(c), version);
        announce(done, InFlight.Phase.COMPLETED, "Expand-contract migration " + version + " is complete; the application reads "
                + done.versionSchema());
        return inFlight(done);
    }

    private void rollback(Version version, boolean applied) throws SQLException {
        List<StateStore.Row> rows = store.read(c);
        StateStore.Row mine = find(rows, version);
        if (mine == null && applied) {
            throw new StepRunner.Refused(session.script() + ": migration " + version + " has no expand-contract state in "
                    + store.schema() + ": it ran as written (the policy found nothing in it to run the expand-contract way), or its"
                    + " state was removed. Roll it back with a down script of its own (a U" + version + "__ file next to it), or"
                    + " with a migration that reverses it");
        }
        if (mine == null) {
            LOG.info("{}: expand-contract migration {} has no state in {}; nothing to roll back", session.script(), version,
                    store.schema());
            return;
        }
        String task = session.script() + ": rolling back expand-contract migration " + version + " is refused: ";
        if (mine.phase() == InFlight.Phase.COMPLETED || mine.phase() == InFlight.Phase.COMPLETING) {
            throw new StepRunner.Refused(task + "it is " + mine.phase() + ", and the old shape is gone; write a migration that"
                    + " reverses it");
        }
        for (StateStore.Row r : rows) {
            if (r.startedAt().isAfter(mine.startedAt()) || r.version().compareTo(version) > 0) {
                throw new StepRunner.Refused(task + "migration " + r.version() + " started after it; roll that one back first");
            }
        }
        if (mine.phase() != InFlight.Phase.ROLLING_BACK) {
            store.rollingBack(session, version, mine.phase() == InFlight.Phase.EXPANDED ? mine.start().size() : mine.stepsDone());
            mine = find(store.read(c), version);
        }
        announce(mine, InFlight.Phase.ROLLING_BACK, "Expand-contract migration " + version + " is rolling back");
        int startDone = mine.startDone();
        List<Step> undo = mine.rollback().stream().map(s -> s.requires() > startDone ? Step.sql("SELECT 1") : s).toList();
        setting(SqlMapping.KEPT, "");
        run(mine, undo, mine.stepsDone());
        String leftInPlace = setting(SqlMapping.KEPT, "");
        store.forgetBackfills(session, mine.script());
        store.delete(session, version);
        try {
            store.dropIfEmpty(session);
        } catch (SQLException e) {
            // Everything of the migration is gone: the empty state schema may stay, and the rollback is recorded.
            LOG.warn("{}: the empty state schema {} stays: {}", session.script(), store.schema(), e.getMessage());
        }
        List<String> kept = new ArrayList<>();
        for (Operation op : Codec.read(mine.operations())) {
            if (op instanceof Operation.RawSql raw && raw.down() == null) {
                String flat = raw.up().strip().replaceAll("\\s+", " ");
                kept.add(flat.length() > 60 ? flat.substring(0, 60) + "..." : flat);
            }
        }
        List<String> left = new ArrayList<>();
        if (!kept.isEmpty()) {
            left.add("what " + kept.size() + " statement(s) it ran as written did, having no undo (" + String.join("; ", kept) + ")");
        }
        if (!leftInPlace.isEmpty()) {
            left.add(leftInPlace);
        }
        announce(mine, null, "Expand-contract migration " + version + " is rolled back; " + (left.isEmpty() ? "nothing of it is left"
                : "left in place: " + String.join("; and ", left)));
    }

    /**
     * Runs {@code steps} from {@code from}, recording each one done: in the step's own transaction
     * when it can run in one (so that a step that committed is never run again), else right after it
     * (a concurrent index build, a backfill: each safe to run again).
     */
    private void run(StateStore.Row row, List<Step> steps, int from) throws SQLException {
        for (int i = from; i < steps.size(); i++) {
            Step step = steps.get(i);
            String progress = store.progress(row.version(), i + 1);
            if (step.kind() == Step.Kind.SQL && step.sql().startsWith(Planner.BLOCK_START)) {
                session.execute(Planner.withStatement(step.sql(), progress));
                continue;
            }
            if (step.kind() == Step.Kind.SQL && Migrator.readScript(row.script(), step.sql(), serverMajor()).mode()
                    == TransactionMode.TRANSACTIONAL) {
                session.execute(Planner.block(List.of("EXECUTE " + Sql.literal(step.sql()), progress)));
                continue;
            }
            if (step.kind() == Step.Kind.VIEWS) {
                session.execute(Planner.withStatement(Views.create(session.inspect(), base, step.sql(), inFlightOps(row), serverMajor()),
                        progress));
                continue;
            }
            runStep(step);
            session.execute(progress);
        }
    }

    private void runStep(Step step) throws SQLException {
        switch (step.kind()) {
            case SQL -> session.execute(step.sql());
            case INDEX -> buildIndex(step);
            case BACKFILL -> BackfillRun.run(session, step.table(), step.sql(), step.where(), options);
            case VIEWS -> throw new IllegalStateException("views are made with their progress: " + step);
        }
    }

    private int serverMajor() throws SQLException {
        return c.getMetaData().getDatabaseMajorVersion();
    }

    /** A concurrent index build that skips an index it already built, and drops an INVALID one an interrupted build left. */
    private void buildIndex(Step step) throws SQLException {
        Boolean valid;
        try (PreparedStatement ps = c.prepareStatement("SELECT i.indisvalid FROM pg_catalog.pg_index i WHERE i.indexrelid ="
                + " pg_catalog.to_regclass(?)")) {
            ps.setString(1, step.table());
            try (ResultSet rs = ps.executeQuery()) {
                valid = rs.next() ? rs.getBoolean(1) : null;
            }
        }
        if (Boolean.TRUE.equals(valid)) {
            return;
        }
        if (valid != null) {
            // The name was checked to be free when the migration started: this INVALID index is an earlier attempt's.
            session.execute("DROP INDEX CONCURRENTLY IF EXISTS " + step.table());
        }
        session.execute(step.sql());
    }

    /** The operations of every migration in flight, by the table they change (at most one migration per table). */
    private Map<String, List<Operation>> inFlightOps(StateStore.Row current) throws SQLException {
        Map<String, List<Operation>> byTable = new LinkedHashMap<>();
        for (StateStore.Row r : store.read(c)) {
            if (r.phase() == InFlight.Phase.COMPLETED && !r.version().equals(current.version())) {
                continue;
            }
            for (Operation op : Codec.read(r.operations())) {
                if (op.table() != null) {
                    byTable.computeIfAbsent(op.table(), t -> new ArrayList<>()).add(op);
                }
            }
        }
        return byTable;
    }

    /**
     * The sessions of the old version: those whose {@code application_name} is the old version's
     * schema or ends with {@code @} and it ({@code orders-service@public_v4}).
     */
    private List<String> oldSessions(String oldSchema) throws SQLException {
        List<String> found = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT pid, application_name, backend_start FROM pg_catalog.pg_stat_activity"
                + " WHERE datname = current_database() AND pid <> pg_catalog.pg_backend_pid() AND (application_name = ?"
                + " OR right(application_name, ?) = ?) ORDER BY backend_start")) {
            ps.setString(1, oldSchema);
            ps.setInt(2, oldSchema.length() + 1);
            ps.setString(3, "@" + oldSchema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add("pid " + rs.getInt(1) + " '" + rs.getString(2) + "' since " + rs.getTimestamp(3).toInstant());
                }
            }
        }
        return found;
    }

    private List<String> rowSecured() throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT r.relname FROM pg_catalog.pg_class r JOIN pg_catalog.pg_namespace n"
                + " ON n.oid = r.relnamespace WHERE n.nspname = ? AND r.relrowsecurity ORDER BY 1")) {
            ps.setString(1, base);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
        }
        return tables;
    }

    private boolean schemaExists(String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT FROM pg_catalog.pg_namespace WHERE nspname = ?)")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private void announce(StateStore.Row row, InFlight.Phase phase, String message) {
        LOG.info(message);
        session.publish(new ExpandContractPhase(row.version(), phase, row.versionSchema(), message));
    }

    private static String oldVersion(StateStore.Row row) {
        return row.previousSchema() != null ? row.previousSchema() : row.base();
    }

    /** Sets a setting of the session and gives its value before (empty when it had none); a plain statement, no lock. */
    private String setting(String name, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(current_setting(?, true), ''), pg_catalog.set_config(?, ?, false)")) {
            ps.setString(1, name);
            ps.setString(2, name);
            ps.setString(3, value);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static StateStore.Row find(List<StateStore.Row> rows, Version version) {
        return rows.stream().filter(r -> r.version().equals(version)).findFirst().orElse(null);
    }

    /** The tables the operations change, with the new names of renamed ones when asked. */
    private static List<String> tablesOf(List<Operation> ops, boolean withNewNames) {
        List<String> tables = new ArrayList<>();
        for (Operation op : ops) {
            if (op.table() != null && !tables.contains(op.table())) {
                tables.add(op.table());
            }
            if (withNewNames && op instanceof Operation.RenameTable r && !tables.contains(r.to())) {
                tables.add(r.to());
            }
        }
        return tables;
    }

    private static InFlight inFlight(StateStore.Row r) {
        return new InFlight(r.version(), r.description(), r.phase(), r.versionSchema(), r.previousSchema() != null ? r.previousSchema()
                : r.base(), tablesOf(Codec.read(r.operations()), false), r.startedAt(), r.expandedAt(), r.completedAt());
    }
}
