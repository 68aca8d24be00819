package dev.migrate.internal.exec;

import dev.migrate.DatabaseException;
import dev.migrate.LockUnavailableException;
import dev.migrate.MigrationEvent;
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
 * The migration lock: a session-level advisory lock on a connection of its own. It is taken with
 * {@code pg_try_advisory_lock}, polled until {@code lockWait} passes, so no statement ever blocks
 * waiting for it; and it is never held inside a transaction, so {@code CREATE INDEX CONCURRENTLY}
 * (which waits for every open transaction) cannot deadlock against it. When the holder's process
 * dies, its connection closes and the server frees the lock.
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
     * Takes the lock on {@code c}, polling while another session holds it. The lock owns the
     * connection from here on: it closes it on release, and on failure.
     *
     * @throws LockUnavailableException when {@code wait} passes first, naming the holder
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
                            + " still migrating, wait for it or raise lockWait; if that process is gone, the server frees the"
                            + " lock as soon as its connection closes (pg_terminate_backend(pid) closes it).");
                }
                long jitter = ThreadLocalRandom.current().nextLong(poll.toMillis() / 2 + 1);
                Backoff.sleep(Duration.ofMillis(Math.min(poll.toMillis() + jitter, Math.max(1, left / 1_000_000))));
                poll = poll.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : poll.multipliedBy(2);
            }
        } catch (SQLException e) {
            closeQuietly(c);
            throw new DatabaseException("Cannot take the migration lock: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** Who holds the lock, as pg_stat_activity shows it. */
    private static String holder(Connection c, long key) {
        String sql = "SELECT a.pid, a.usename, a.application_name, a.client_addr, a.backend_start, a.state"
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
                return "backend pid " + rs.getInt(1) + " (user " + rs.getString(2) + ", application '" + rs.getString(3)
                        + "', client " + (rs.getString(4) == null ? "local socket" : rs.getString(4)) + ", connected since "
                        + rs.getTimestamp(5).toInstant() + ", " + rs.getString(6) + ")";
            }
        } catch (SQLException e) {
            return "another session (pg_stat_activity not readable: " + e.getMessage() + ")";
        }
    }

    /** Releases the lock and returns the connection. Never leaves a pooled connection holding the lock. */
    @Override
    public void close() {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            ps.setLong(1, key);
            ps.execute();
            connection.close();
        } catch (SQLException e) {
            // A session we cannot unlock must not go back to a pool still holding the lock.
            try {
                connection.abort(Runnable::run);
            } catch (SQLException ignored) {
                // The connection is broken; the server ends the session and frees the lock.
            }
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // Nothing more to do with a connection that will not close.
        }
    }
}
