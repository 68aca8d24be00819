package dev.migrate.zerodowntime.internal;

import dev.migrate.Version;
import dev.migrate.spi.LockSafeSession;
import dev.migrate.zerodowntime.InFlight;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The expand-contract migrations' state: one row per migration in {@code <stateSchema>.migrations}
 * with its phase, the steps of each phase decided when it started, and how many of the current
 * phase's steps are done. Rows are read on the migration's connection and written through the
 * lock-safe session, so that every change of state is one short statement.
 */
final class StateStore {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TABLE = "migrations";

    private final String schema;
    private final String table;

    /**
     * A migration's row.
     *
     * @param previousSchema the schema of views the old version reads, or null when it reads the tables
     */
    record Row(Version version, String description, String script, String base, String versionSchema, String previousSchema,
               String operations, List<Step> start, List<Step> complete, List<Step> rollback, InFlight.Phase phase, int stepsDone,
               int startDone, Instant startedAt, Instant expandedAt, Instant completedAt) {
    }

    StateStore(String schema) {
        this.schema = schema;
        this.table = Sql.quote(schema) + "." + Sql.quote(TABLE);
    }

    String schema() {
        return schema;
    }

    /** Every row, in the order the migrations started; none when the table is not there yet. */
    List<Row> read(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_catalog.to_regclass(?) IS NOT NULL")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return List.of();
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT version, description, script, base_schema, version_schema,"
                + " previous_schema, operations, start_steps, complete_steps, rollback_steps, phase, steps_done, start_done, started_at,"
                + " expanded_at, completed_at FROM " + table + " ORDER BY started_at, version");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new Row(Version.parse(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), steps(rs.getString(8)), steps(rs.getString(9)), steps(rs.getString(10)),
                        InFlight.Phase.valueOf(rs.getString(11)), rs.getInt(12), rs.getInt(13), instant(rs.getTimestamp(14)),
                        instant(rs.getTimestamp(15)), instant(rs.getTimestamp(16))));
            }
        }
        return rows;
    }

    /** Creates the schema and table when missing. */
    void ensure(LockSafeSession session) throws SQLException {
        session.execute("CREATE SCHEMA IF NOT EXISTS " + Sql.quote(schema));
        session.execute("CREATE TABLE IF NOT EXISTS " + table + " (version text PRIMARY KEY, description text NOT NULL,"
                + " script text NOT NULL, base_schema text NOT NULL, version_schema text NOT NULL, previous_schema text,"
                + " operations text NOT NULL, start_steps text NOT NULL, complete_steps text NOT NULL, rollback_steps text NOT NULL,"
                + " phase text NOT NULL, steps_done integer NOT NULL DEFAULT 0, start_done integer NOT NULL DEFAULT 0,"
                + " started_at timestamptz NOT NULL DEFAULT clock_timestamp(), expanded_at timestamptz, completed_at timestamptz)");
    }

    void insert(LockSafeSession session, Row r) throws SQLException {
        session.execute("INSERT INTO " + table + " (version, description, script, base_schema, version_schema, previous_schema,"
                + " operations, start_steps, complete_steps, rollback_steps, phase) VALUES (" + String.join(", ",
                Sql.literal(r.version().toString()), Sql.literal(r.description()), Sql.literal(r.script()), Sql.literal(r.base()),
                Sql.literal(r.versionSchema()), r.previousSchema() == null ? "NULL" : Sql.literal(r.previousSchema()),
                Sql.literal(r.operations()), Sql.literal(json(r.start())), Sql.literal(json(r.complete())),
                Sql.literal(json(r.rollback())), Sql.literal(r.phase().name())) + ")");
    }

    /** Records that the first {@code done} steps of the current phase are complete. */
    void done(LockSafeSession session, Version version, int done) throws SQLException {
        session.execute(progress(version, done));
    }

    /** The statement that records {@code done} steps: run on its own, or inside the step's own transaction. */
    String progress(Version version, int done) {
        return "UPDATE " + table + " SET steps_done = " + done + " WHERE version = " + Sql.literal(version.toString());
    }

    /** Moves a migration to its rollback, keeping how many steps of its start ran (what there is to undo). */
    void rollingBack(LockSafeSession session, Version version, int startDone) throws SQLException {
        session.execute("UPDATE " + table + " SET phase = 'ROLLING_BACK', steps_done = 0, start_done = " + startDone
                + " WHERE version = " + Sql.literal(version.toString()));
    }

    /** Moves a migration to {@code phase}, its steps counted from 0. */
    void phase(LockSafeSession session, Version version, InFlight.Phase phase) throws SQLException {
        String stamp = switch (phase) {
            case EXPANDED -> ", expanded_at = clock_timestamp()";
            case COMPLETED -> ", completed_at = clock_timestamp()";
            default -> "";
        };
        session.execute("UPDATE " + table + " SET phase = " + Sql.literal(phase.name()) + ", steps_done = 0" + stamp
                + " WHERE version = " + Sql.literal(version.toString()));
    }

    void delete(LockSafeSession session, Version version) throws SQLException {
        session.execute("DELETE FROM " + table + " WHERE version = " + Sql.literal(version.toString()));
    }

    /**
     * Drops the state schema when nothing is left in it but empty state tables (the last migration
     * was rolled back, and no backfill keeps a cursor): a rollback leaves no trace.
     */
    void dropIfEmpty(LockSafeSession session) throws SQLException {
        Connection c = session.connection();
        try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT count(*) FROM pg_catalog.pg_class r JOIN pg_catalog.pg_namespace n"
                + " ON n.oid = r.relnamespace WHERE n.nspname = ? AND r.relkind <> 'i' AND r.relname NOT IN ('migrations', 'backfills'))"
                + " + (SELECT count(*) FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = ?)")) {
            ps.setString(1, schema);
            ps.setString(2, schema);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return;
                }
            }
        }
        if (!read(c).isEmpty() || rows(c, "backfills") > 0) {
            return;
        }
        session.execute("DROP SCHEMA IF EXISTS " + Sql.quote(schema) + " CASCADE");
    }

    /** Forgets the cursors of the backfills a migration's script ran. */
    void forgetBackfills(LockSafeSession session, String script) throws SQLException {
        if (rows(session.connection(), "backfills") >= 0) {
            session.execute("DELETE FROM " + Sql.quote(schema) + ".\"backfills\" WHERE script = " + Sql.literal(script));
        }
    }

    /** The rows of a state table, or -1 when it is not there. */
    private long rows(Connection c, String name) throws SQLException {
        String qualified = Sql.quote(schema) + "." + Sql.quote(name);
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_catalog.to_regclass(?) IS NOT NULL")) {
            ps.setString(1, qualified);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return -1;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + qualified); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String json(List<Step> steps) {
        ArrayNode all = JSON.createArrayNode();
        for (Step s : steps) {
            ObjectNode one = all.addObject().put("kind", s.kind().name()).put("sql", s.sql());
            if (s.table() != null) {
                one.put("table", s.table());
            }
            if (s.where() != null) {
                one.put("where", s.where());
            }
            if (s.requires() > 0) {
                one.put("requires", s.requires());
            }
        }
        return JSON.writeValueAsString(all);
    }

    private static List<Step> steps(String json) {
        List<Step> steps = new ArrayList<>();
        for (JsonNode one : JSON.readTree(json)) {
            steps.add(new Step(Step.Kind.valueOf(one.get("kind").asString()), one.get("sql").asString(),
                    one.has("table") ? one.get("table").asString() : null, one.has("where") ? one.get("where").asString() : null,
                    one.has("requires") ? one.get("requires").asInt() : 0));
        }
        return List.copyOf(steps);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
