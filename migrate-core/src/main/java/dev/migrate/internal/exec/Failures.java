package dev.migrate.internal.exec;

import dev.migrate.Callback;
import dev.migrate.ErrorCode;
import dev.migrate.MigrationEvent;
import dev.migrate.MigrationFailedException;
import dev.migrate.internal.sql.SqlStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * What a failing migration statement turns into: the exception (script, line of the server's
 * error position, excerpt, the server's message and what to do), the failure event, the error
 * callbacks, and the pause before a retry after a lock timeout.
 */
final class Failures {
    static final String LOCK_NOT_AVAILABLE = "55P03";
    static final String DEADLOCK_DETECTED = "40P01";
    /** A new enum value used before the transaction that added it committed. */
    static final String UNSAFE_NEW_ENUM_VALUE_USAGE = "55P04";

    private final Events events;
    private final List<Callback> callbacks;

    Failures(Events events, List<Callback> callbacks) {
        this.events = events;
        this.callbacks = callbacks;
    }

    /** The exception for statement {@code index} of {@code m}, after {@code attempts} attempts; publishes the failure. */
    MigrationFailedException failure(PreparedMigration m, int index, SQLException e, int attempts, String consequence) {
        if (m.statements().isEmpty()) {
            return failure(m, ErrorCode.MIGRATION_FAILED, 0, e.getSQLState(), "Migration " + m.script() + " failed: "
                    + e.getMessage() + "\n  " + consequence, e);
        }
        index = Math.max(0, Math.min(index, m.statements().size() - 1));
        SqlStatement s = m.statements().get(index);
        int line = errorLine(s, e);
        boolean gaveUp = isRetryable(e) && attempts > 1;
        ErrorCode code = gaveUp ? ErrorCode.LOCK_RETRIES_EXHAUSTED : ErrorCode.MIGRATION_FAILED;
        String message = "Migration " + m.script() + " failed at line " + line + ": " + e.getMessage()
                + (e.getSQLState() == null ? "" : " [SQLSTATE " + e.getSQLState() + "]")
                + (gaveUp ? " (gave up after " + attempts + " attempts: another session kept a conflicting lock;"
                + " find it with pg_blocking_pids or pg_stat_activity, or raise lockTimeout / lockRetries)" : "")
                + (UNSAFE_NEW_ENUM_VALUE_USAGE.equals(e.getSQLState()) ? "\n  The value was added by ALTER TYPE ... ADD VALUE in"
                + " this transaction, and PostgreSQL allows using it only after that commits. Add -- migrate:no-transaction to"
                + " the script, so that each statement commits on its own, or use the value in a later migration." : "")
                + "\n  Statement at line " + s.line() + ": " + m.excerpts().get(index)
                + "\n  " + consequence;
        return failure(m, code, line, e.getSQLState(), message, e);
    }

    /** An exception with a message of the engine's own; publishes the failure. */
    MigrationFailedException failure(PreparedMigration m, ErrorCode code, int line, String sqlState, String message, Throwable cause) {
        var src = m.migration();
        events.publish(new MigrationEvent.MigrationFailed(src.kind(), src.version(), m.script(), line,
                cause == null ? message : cause.getMessage()));
        return new MigrationFailedException(code, m.script(), line, sqlState, message, cause);
    }

    /** Runs the afterEachMigrationError callbacks; their own failures are attached to the original error. */
    void afterError(Connection c, PreparedMigration m, SQLException error) {
        for (Callback cb : callbacks) {
            try {
                cb.afterEachMigrationError(c, info(m), error);
            } catch (SQLException | RuntimeException e) {
                error.addSuppressed(e);
            }
        }
    }

    /** Waits before retrying a statement (or a whole transactional migration) that hit a lock timeout or deadlock. */
    void pauseBeforeRetry(PreparedMigration m, SqlStatement s, int attempt, SQLException e) {
        Duration pause = Backoff.delay(attempt);
        events.publish(new MigrationEvent.StatementRetried(m.script(), s.line(), attempt, pause, e.getMessage()));
        Backoff.sleep(pause);
    }

    static Callback.Migration info(PreparedMigration m) {
        var src = m.migration();
        return new Callback.Migration(src.kind(), src.version(), src.description(), m.script(), m.mode(), m.down());
    }

    /** The line of the server's error position inside the statement, or the statement's first line. */
    static int errorLine(SqlStatement s, SQLException e) {
        ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        return s.lineAt(server == null ? 0 : server.getPosition());
    }

    static boolean isRetryable(SQLException e) {
        return LOCK_NOT_AVAILABLE.equals(e.getSQLState()) || DEADLOCK_DETECTED.equals(e.getSQLState());
    }

    /** The name a message gives the migration: its version, or a repeatable one's description. */
    static String name(PreparedMigration m) {
        return m.migration().version() == null ? m.migration().description() : m.migration().version().toString();
    }
}
