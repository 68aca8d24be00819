package dev.migrate.zerodowntime.internal;

import dev.migrate.spi.LockSafeSession;
import dev.migrate.zerodowntime.BackfillPaused;
import dev.migrate.zerodowntime.BackfillProgress;
import dev.migrate.zerodowntime.ZeroDowntimeOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * One run of a {@link dev.migrate.zerodowntime.Backfill}: its state row (the key range it started
 * with, the cursor, the rows done) in {@code <stateSchema>.backfills}, then batch after batch, each
 * a single statement that updates the next keys and moves the cursor, so that a batch and its
 * cursor commit or vanish together.
 */
public final class BackfillRun {
    private static final String TABLE = "backfills";
    private static final Duration POLL = Duration.ofMillis(100);

    private final LockSafeSession session;
    private final Connection c;
    private final Target target;
    private final String set;
    private final String where;
    private final ZeroDowntimeOptions options;
    private final String state;
    private final String key;

    private BackfillRun(LockSafeSession session, Target target, String set, String where, ZeroDowntimeOptions options) {
        this.session = session;
        this.c = session.connection();
        this.target = target;
        this.set = set;
        this.where = where;
        this.options = options;
        this.state = Sql.quote(options.stateSchema()) + "." + Sql.quote(TABLE);
        this.key = "script = " + Sql.literal(session.script()) + " AND relation = " + Sql.literal(target.name());
    }

    /** Runs or continues the backfill; the rows updated over every attempt. */
    public static long run(LockSafeSession session, String table, String set, String where, ZeroDowntimeOptions options)
            throws SQLException {
        Connection c = session.connection();
        if (!c.getAutoCommit()) {
            throw new SQLException("A backfill of " + table + " in " + session.script() + " must run in a step without a"
                    + " transaction (TransactionMode.NON_TRANSACTIONAL): in one transaction it would hold every row it"
                    + " updates until the end");
        }
        BackfillRun run = new BackfillRun(session, Target.resolve(c, table, session.script()), set, where, options);
        run.begin();
        return run.batches();
    }

    /** Creates the state table when missing and records the key range the backfill covers, once. */
    private void begin() throws SQLException {
        session.execute("CREATE SCHEMA IF NOT EXISTS " + Sql.quote(options.stateSchema()));
        session.execute("CREATE TABLE IF NOT EXISTS " + state + " (script text NOT NULL, relation text NOT NULL,"
                + " upper_key text, cursor_key text, rows_done bigint NOT NULL DEFAULT 0, rows_estimated bigint NOT NULL,"
                + " started_at timestamptz NOT NULL DEFAULT clock_timestamp(), finished_at timestamptz,"
                + " PRIMARY KEY (script, relation))");
        session.execute("INSERT INTO " + state + " (script, relation, upper_key, rows_estimated) SELECT "
                + Sql.literal(session.script()) + ", " + Sql.literal(target.name()) + ", (SELECT max(" + target.key() + ")::text FROM "
                + target.name() + "), (SELECT GREATEST(reltuples, -1)::bigint FROM pg_catalog.pg_class WHERE oid = " + target.oid()
                + ") ON CONFLICT (script, relation) DO NOTHING");
    }

    private long batches() throws SQLException {
        int size = options.batchSize();
        long started = System.nanoTime();
        long doneAtStart = -1;
        while (true) {
            State now = read();
            if (doneAtStart < 0) {
                doneAtStart = now.rowsDone();
            }
            long thisRun = now.rowsDone() - doneAtStart;
            double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
            double rate = thisRun / seconds;
            boolean finished = now.finished() || now.upper() == null;
            session.publish(new BackfillProgress(session.script(), target.name(), now.rowsDone(), now.rowsEstimated(), rate,
                    remaining(now, rate, finished), finished));
            if (finished) {
                return now.rowsDone();
            }
            throttle(thisRun, started);
            waitForReplicas();
            String after = now.cursor() == null ? "" : target.key() + " > " + Sql.literal(now.cursor()) + "::" + target.type() + " AND ";
            session.execute("WITH batch AS (SELECT " + target.key() + " AS migrate_key FROM " + target.name() + " WHERE " + after
                    + target.key() + " <= " + Sql.literal(now.upper()) + "::" + target.type() + " ORDER BY " + target.key()
                    + " LIMIT " + size + "), done AS (UPDATE " + target.name() + " AS migrate_row SET " + set
                    + " FROM batch WHERE migrate_row." + target.key() + " = batch.migrate_key" + (where == null ? "" : " AND (" + where + ")")
                    + " RETURNING 1) UPDATE " + state + " SET cursor_key = COALESCE((SELECT max(migrate_key)::text FROM batch), upper_key),"
                    + " rows_done = rows_done + (SELECT count(*) FROM done), finished_at = CASE WHEN (SELECT count(*) FROM batch) < "
                    + size + " THEN clock_timestamp() END WHERE " + key + " AND cursor_key IS NOT DISTINCT FROM "
                    + (now.cursor() == null ? "NULL" : Sql.literal(now.cursor())));
        }
    }

    /** Waits for the pause between batches, and long enough to keep under the rate cap. */
    private void throttle(long rowsThisRun, long started) throws SQLException {
        long waitNanos = options.pause().toNanos();
        if (options.maxRowsPerSecond() > 0) {
            long due = started + (long) (rowsThisRun * 1e9 / options.maxRowsPerSecond());
            waitNanos = Math.max(waitNanos, due - System.nanoTime());
        }
        if (waitNanos > 0) {
            sleep(Duration.ofNanos(waitNanos));
        }
    }

    /**
     * Waits, polling, while the slowest streaming replica is further behind in replaying than the
     * threshold: a backfill writes WAL fast, and a replica on a slow link would otherwise fall
     * minutes behind (and its readers see stale data). Fails after {@code maxPause}.
     */
    private void waitForReplicas() throws SQLException {
        long threshold = options.maxReplicationLagBytes();
        if (threshold == 0) {
            return;
        }
        long deadline = System.nanoTime() + options.maxPause().toNanos();
        boolean announced = false;
        while (true) {
            long lag = replicationLag();
            if (lag <= threshold) {
                return;
            }
            if (!announced) {
                session.publish(new BackfillPaused(session.script(), target.name(), lag, threshold));
                announced = true;
            }
            if (System.nanoTime() > deadline) {
                throw new SQLException("The backfill of " + target.name() + " waited " + options.maxPause().toSeconds() + " s for"
                        + " a streaming replica " + lag + " bytes behind (more than " + threshold + "); it continues from its"
                        + " last batch when the step runs again. Check pg_stat_replication, or raise maxReplicationLagBytes");
            }
            sleep(POLL);
        }
    }

    /** How far the slowest streaming replica is behind in replaying, in WAL bytes; 0 without one. */
    private long replicationLag() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(max(pg_catalog.pg_wal_lsn_diff("
                + "pg_catalog.pg_current_wal_lsn(), replay_lsn)), 0)::bigint FROM pg_catalog.pg_stat_replication");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void sleep(Duration d) throws SQLException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("The backfill of " + target.name() + " was interrupted; it continues from its last batch when"
                    + " the step runs again", e);
        }
    }

    private static Duration remaining(State s, double rate, boolean finished) {
        if (finished) {
            return Duration.ZERO;
        }
        if (s.rowsEstimated() < 0 || rate <= 0) {
            return null;
        }
        long left = Math.max(0, s.rowsEstimated() - s.rowsDone());
        return Duration.ofMillis((long) (left / rate * 1000));
    }

    private State read() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT upper_key, cursor_key, rows_done, rows_estimated,"
                + " finished_at IS NOT NULL FROM " + state + " WHERE " + key);
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("The state of the backfill of " + target.name() + " is missing from " + state);
            }
            return new State(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getBoolean(5));
        }
    }

    private record State(String upper, String cursor, long rowsDone, long rowsEstimated, boolean finished) {
    }
}
