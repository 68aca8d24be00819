package dev.migrate.zerodowntime.internal;

import dev.migrate.spi.LockSafeSession;
import dev.migrate.zerodowntime.BackfillPaused;
import dev.migrate.zerodowntime.BackfillProgress;
import dev.migrate.zerodowntime.ZeroDowntimeOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a {@link dev.migrate.zerodowntime.Backfill}: its state row (the key range it started
 * with, the cursor, the rows visited and updated) in {@code <stateSchema>.backfills}, then batch
 * after batch, each a single statement that updates the next keys and moves the cursor, so that a
 * batch and its cursor commit or vanish together.
 *
 * <p>A state row is keyed by the script, the table and a digest of what the backfill does, so two
 * backfills of one table in one step keep apart. When the step resumes an interrupted attempt
 * ({@code resolve().resume}), the row is continued (and a finished one does nothing: each row is
 * updated once); when the step runs afresh (its first run, again after a rollback or
 * {@code markRolledBack}, a repeatable migration whose checksum changed), it starts over.
 */
public final class BackfillRun {
    private static final Logger LOG = LoggerFactory.getLogger(BackfillRun.class);
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
    private boolean warnedUnknownLag;

    private BackfillRun(LockSafeSession session, Target target, String set, String where, ZeroDowntimeOptions options) {
        this.session = session;
        this.c = session.connection();
        this.target = target;
        this.set = set;
        this.where = where;
        this.options = options;
        this.state = Sql.quote(options.stateSchema()) + "." + Sql.quote(TABLE);
        this.key = "script = " + Sql.literal(session.script()) + " AND relation = " + Sql.literal(target.name())
                + " AND work = " + Sql.literal(digest(set, where));
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
        // The cursor is persisted as the key's text and read back by the session of a resume: pgjdbc starts every
        // session with DateStyle ISO and extra_float_digits 3, so dates and floats print the same in each.
        run.begin();
        return run.batches();
    }

    /** Creates the state table when missing and records the key range the backfill covers, once per run of the step. */
    private void begin() throws SQLException {
        session.execute("CREATE SCHEMA IF NOT EXISTS " + Sql.quote(options.stateSchema()));
        session.execute("CREATE TABLE IF NOT EXISTS " + state + " (script text NOT NULL, relation text NOT NULL, work text NOT NULL,"
                + " upper_key text, cursor_key text, rows_visited bigint NOT NULL DEFAULT 0, rows_done bigint NOT NULL DEFAULT 0,"
                + " rows_estimated bigint NOT NULL, started_at timestamptz NOT NULL DEFAULT clock_timestamp(),"
                + " finished_at timestamptz, PRIMARY KEY (script, relation, work))");
        if (!session.resuming()) {
            session.execute("DELETE FROM " + state + " WHERE " + key);
        }
        // ORDER BY ... DESC LIMIT 1 rather than max(): it reads the end of the key's index, and works
        // for key types without a max() aggregate (uuid). The key is qualified in ORDER BY: bare, it
        // would name the ::text output column and sort as text.
        session.execute("INSERT INTO " + state + " (script, relation, work, upper_key, rows_estimated) SELECT "
                + Sql.literal(session.script()) + ", " + Sql.literal(target.name()) + ", " + Sql.literal(digest(set, where))
                + ", (SELECT " + target.asText(target.name() + ".") + " FROM " + target.name() + " ORDER BY "
                + target.order(target.name() + ".", true) + " LIMIT 1),"
                + " (SELECT GREATEST(reltuples, -1)::bigint FROM pg_catalog.pg_class WHERE oid = " + target.oid()
                + ") ON CONFLICT (script, relation, work) DO NOTHING");
    }

    private long batches() throws SQLException {
        int size = options.batchSize();
        long maxBatch = options.maxBatchTime().toNanos();
        long nextAllowed = System.nanoTime();
        long busyNanos = 0;
        int batchesRun = 0;
        long visitedAtStart = -1;
        while (true) {
            State now = read();
            if (visitedAtStart < 0) {
                visitedAtStart = now.rowsVisited();
            }
            // The rate is the rows visited per second of batches, waits for replicas and pauses left out.
            double rate = (now.rowsVisited() - visitedAtStart) / Math.max(1e-9, busyNanos / 1e9);
            boolean finished = now.finished() || now.upper() == null;
            session.publish(new BackfillProgress(session.script(), target.name(), now.rowsDone(), now.rowsEstimated(), rate,
                    remaining(now, rate, finished), finished));
            if (finished) {
                return now.rowsDone();
            }
            sleepUntil(batchesRun++ == 0 ? nextAllowed : Math.max(nextAllowed, System.nanoTime() + options.pause().toNanos()));
            waitForReplicas();
            waitForLockQueue();
            long started = System.nanoTime();
            String after = now.cursor() == null ? "" : target.tuple() + " > " + target.value(now.cursor()) + " AND ";
            Target batchKey = target.asAliases();
            // The update takes the batch's rows by their key range, not by a join with the batch: a join's plan may
            // scan the whole table (a hash join), every batch, and a backfill would slow down as the table grows.
            session.execute("WITH batch AS (SELECT " + target.aliased() + " FROM " + target.name() + " WHERE " + after
                    + target.atMost(now.upper(), null) + " ORDER BY " + target.order("", false)
                    + " LIMIT " + size + "), last AS (SELECT * FROM batch ORDER BY " + batchKey.order("", true) + " LIMIT 1),"
                    + " counted AS (SELECT count(*) AS visited FROM batch),"
                    + " done AS (UPDATE " + target.name() + " SET " + set + " WHERE " + after + target.atMost(null, "last")
                    + (where == null ? "" : " AND (" + where + ")") + " RETURNING 1) UPDATE "
                    + state + " SET cursor_key = COALESCE((SELECT " + batchKey.asText("") + " FROM last), upper_key),"
                    + " rows_visited = rows_visited + (SELECT visited FROM counted), rows_done = rows_done + (SELECT count(*) FROM done),"
                    + " finished_at = CASE WHEN (SELECT visited FROM counted) < " + size + " THEN clock_timestamp() END WHERE " + key
                    + " AND cursor_key IS NOT DISTINCT FROM " + (now.cursor() == null ? "NULL" : Sql.literal(now.cursor())));
            long ended = System.nanoTime();
            busyNanos += ended - started;
            int ran = size;
            // A write that meets a row of the batch waits until the batch commits: keep batches short.
            if (ended - started > maxBatch && size > 10) {
                size = Math.max(10, size / 2);
            } else if (ended - started < maxBatch / 2 && size < options.batchSize()) {
                size = Math.min(options.batchSize(), size + Math.max(1, size / 4));
            }
            if (options.maxRowsPerSecond() > 0) {
                // The next batch may start once this one's rows fit under the cap; time spent waiting earns no credit.
                nextAllowed = Math.max(nextAllowed, started) + (long) (ran * 1e9 / options.maxRowsPerSecond());
            }
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
        long deadline = saturatedAdd(System.nanoTime(), options.maxPause());
        boolean announced = false;
        while (true) {
            long lag = replicationLag();
            if (lag <= threshold) {
                return;
            }
            if (!announced) {
                session.publish(new BackfillPaused(session.script(), target.name(), "a streaming replica is " + lag
                        + " bytes behind in replaying", lag, threshold));
                announced = true;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new SQLException("The backfill of " + target.name() + " waited " + options.maxPause().toSeconds() + " s for"
                        + " a streaming replica " + lag + " bytes behind (more than " + threshold + "); it continues from its"
                        + " last batch when the step runs again. Check pg_stat_replication, or raise maxReplicationLagBytes");
            }
            sleepUntil(System.nanoTime() + POLL.toNanos());
        }
    }

    /**
     * Waits, polling, while other sessions are queued for a lock on the table (a DDL statement of
     * the application's, a {@code LOCK}, a {@code VACUUM FULL}): the backfill's next batch would
     * queue beside them and lengthen every wait behind them. Fails after {@code maxPause}.
     */
    private void waitForLockQueue() throws SQLException {
        long deadline = saturatedAdd(System.nanoTime(), options.maxPause());
        boolean announced = false;
        while (true) {
            long queued;
            // Only the modes a batch's ROW EXCLUSIVE lock holds up: a VACUUM or CREATE INDEX CONCURRENTLY queued behind
            // autovacuum (SHARE UPDATE EXCLUSIVE) waits for something else, and pausing for it would help no one.
            try (PreparedStatement ps = c.prepareStatement("SELECT count(DISTINCT pid) FROM pg_catalog.pg_locks WHERE NOT granted"
                    + " AND mode IN ('ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock')"
                    + " AND locktype = 'relation' AND relation = ? AND database = (SELECT oid FROM pg_catalog.pg_database"
                    + " WHERE datname = current_database()) AND pid <> pg_catalog.pg_backend_pid()")) {
                ps.setLong(1, target.oid());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    queued = rs.getLong(1);
                }
            }
            if (queued == 0) {
                return;
            }
            if (!announced) {
                session.publish(new BackfillPaused(session.script(), target.name(), queued + " session(s) queued for a lock on the"
                        + " table", 0, 0));
                announced = true;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new SQLException("The backfill of " + target.name() + " waited " + options.maxPause().toSeconds() + " s for "
                        + queued + " session(s) queued for a lock on it (pg_locks); it continues from its last batch when the step"
                        + " is resumed");
            }
            sleepUntil(System.nanoTime() + POLL.toNanos());
        }
    }

    /**
     * How far the slowest physical streaming replica is behind in replaying, in WAL bytes; 0 without
     * one. Logical walsenders (their slots are logical) are left out: they decode, they do not replay.
     * A replica that has not reported a replay position yet is left out too, with a warning.
     */
    private long replicationLag() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(max(pg_catalog.pg_wal_lsn_diff("
                + "pg_catalog.pg_current_wal_lsn(), r.replay_lsn)), 0)::bigint, count(*) FILTER (WHERE r.replay_lsn IS NULL)"
                + " FROM pg_catalog.pg_stat_replication r WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_replication_slots s"
                + " WHERE s.active_pid = r.pid AND s.slot_type = 'logical')");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getLong(2) > 0 && !warnedUnknownLag) {
                warnedUnknownLag = true;
                LOG.warn("{}: {} streaming replica(s) report no replay position yet (pg_stat_replication.replay_lsn is NULL);"
                        + " the backfill of {} does not wait for them", session.script(), rs.getLong(2), target.name());
            }
            return rs.getLong(1);
        }
    }

    private void sleepUntil(long nanoTime) throws SQLException {
        long wait = nanoTime - System.nanoTime();
        if (wait <= 0) {
            return;
        }
        try {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("The backfill of " + target.name() + " was interrupted; it continues from its last batch when"
                    + " the step runs again", e);
        }
    }

    private static long saturatedAdd(long nanoTime, Duration d) {
        long nanos = d.compareTo(Duration.ofDays(100 * 365L)) > 0 ? Long.MAX_VALUE / 4 : d.toNanos();
        return nanoTime + nanos;
    }

    private static Duration remaining(State s, double rate, boolean finished) {
        if (finished) {
            return Duration.ZERO;
        }
        if (s.rowsEstimated() < 0 || rate <= 0) {
            return null;
        }
        long left = Math.max(0, s.rowsEstimated() - s.rowsVisited());
        return Duration.ofMillis((long) (left / rate * 1000));
    }

    private State read() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT upper_key, cursor_key, rows_visited, rows_done, rows_estimated,"
                + " finished_at IS NOT NULL FROM " + state + " WHERE " + key);
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("The state of the backfill of " + target.name() + " is missing from " + state);
            }
            return new State(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getBoolean(6));
        }
    }

    /** What the backfill does, as a short digest: part of its state row's key. */
    static String digest(String set, String where) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((set + "\0" + (where == null ? "" : where))
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private record State(String upper, String cursor, long rowsVisited, long rowsDone, long rowsEstimated, boolean finished) {
    }
}
