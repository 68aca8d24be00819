package dev.migrate.internal.exec;

import dev.migrate.DatabaseException;
import dev.migrate.LockUnavailableException;
import dev.migrate.MigrationEvent;
import dev.migrate.internal.sql.StatementKinds;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The migration lock: a session-level advisory lock, taken on the connection the migrations run
 * on. It is taken with {@code pg_try_advisory_lock}, polled until {@code lockWait} passes, so no
 * statement ever blocks waiting for it; and a session lock is no transaction, so
 * {@code CREATE INDEX CONCURRENTLY} (which waits for open transactions) does not wait for it.
 * Holding it on the migrations' own session means the lock lasts exactly as long as their work
 * can: when a runner's process dies, PostgreSQL still finishes the statement in flight, and only
 * then ends the session and frees the lock, so the next runner waits for that statement instead
 * of starting beside it.
 */
public final class AdvisoryLock implements AutoCloseable {
    private static final Duration FIRST_POLL = Duration.ofMillis(50);
    private static final Duration MAX_POLL = Duration.ofSeconds(1);

    private final Connection connection;
    private final long key;

    private AdvisoryLock(Connection connection, long key) {
        this.connection = connection;
        this.key = key;
    }

    /** The lock key for one history table: stable across runs and JVMs. */
    public static long keyFor(String schema, String table) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(("dev.migrate:" + schema + "." + table).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(hash).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    /**
     * Takes the lock on {@code c}, polling while another session holds it. The connection stays
     * the caller's; releasing the lock leaves it open (or aborts it, if the unlock fails, so that it
     * never goes back to a pool holding the lock).
     *
     * @throws LockUnavailableException when {@code wait} passes first, naming the holder and what it runs
     */
    public static AdvisoryLock acquire(Connection c, long key, Duration wait, String what, Events events) {
        long started = System.nanoTime();
        long deadline = started + wait.toNanos();
        Duration poll = FIRST_POLL;
        boolean announced = false;
        try (PreparedStatement tryLock = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            c.setAutoCommit(true);
            tryLock.setLong(1, key);
            while (true) {
                try (ResultSet rs = tryLock.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        events.publish(new MigrationEvent.LockAcquired(Duration.ofNanos(System.nanoTime() - started)));
                        return new AdvisoryLock(c, key);
                    }
                }
                if (!announced) {
                    events.publish(new MigrationEvent.LockWaiting(holder(c, key)));
                    announced = true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new LockUnavailableException("Another migration run holds the lock for " + what + " (advisory lock "
                            + key + "): " + holder(c, key) + ". Waited " + wait.toMillis() + " ms (lockWait). If it is"
                            + " still migrating, wait for it or raise lockWait. If that runner's process is gone, its session"
                            + " is finishing the statement it had started, and frees the lock when that ends:"
                            + " SELECT pg_cancel_backend(pid) stops the statement, pg_terminate_backend(pid) the session.");
                }
                long jitter = ThreadLocalRandom.current().nextLong(poll.toMillis() / 2 + 1);
                Backoff.sleep(Duration.ofMillis(Math.min(poll.toMillis() + jitter, Math.max(1, left / 1_000_000))));
                poll = poll.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : poll.multipliedBy(2);
            }
        } catch (SQLException e) {
            throw new DatabaseException("Cannot take the migration lock: " + e.getMessage(), e);
        }
    }

    /** Who holds the lock, as pg_stat_activity shows it. */
    private static String holder(Connection c, long key) {
        String sql = "SELECT a.pid, a.usename, a.application_name, a.client_addr, a.backend_start, a.state, a.query,"
                + " COALESCE(extract(epoch FROM clock_timestamp() - a.query_start), 0)::bigint"
                + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                + " WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = ? AND l.objid::bigint = ? AND l.objsubid = 1"
                + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, key >>> 32);
            ps.setLong(2, key & 0xffffffffL);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return "a session that has just released it";
                }
                String state = rs.getString(6);
                return "backend pid " + rs.getInt(1) + " (user " + rs.getString(2) + ", application '" + rs.getString(3)
                        + "', client " + (rs.getString(4) == null ? "local socket" : rs.getString(4)) + ", connected since "
                        + rs.getTimestamp(5).toInstant() + ", " + state + ("active".equals(state)
                        ? " for " + rs.getLong(8) + " s: " + StatementKinds.kindOf(rs.getString(7)) : "") + ")";
            }
        } catch (SQLException e) {
            return "another session (pg_stat_activity not readable: " + e.getMessage() + ")";
        }
    }

    /** Releases the lock; the connection stays open. Never leaves a pooled connection holding the lock. */
    @Override
    public void close() {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            ps.setLong(1, key);
            ps.execute();
        } catch (SQLException e) {
            // A session we cannot unlock must not go back to a pool still holding the lock.
            try {
                connection.abort(Runnable::run);
            } catch (SQLException ignored) {
                // The connection is broken; the server ends the session and frees the lock.
            }
        }
    }
}
