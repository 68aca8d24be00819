package dev.migrate.internal.exec;

import dev.migrate.DatabaseException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The session settings a migration runs with: the managed schemas first on the search path and
 * {@code lock_timeout}, set in one round trip; {@link #close()} puts both back before the
 * connection goes back to its owner.
 *
 * @param connection  the connection they were set on
 * @param searchPath  the search path before
 * @param lockTimeout the lock timeout before
 */
public record MigrationSession(Connection connection, String searchPath, String lockTimeout) implements AutoCloseable {

    /**
     * Sets the session up on {@code c}.
     *
     * @param schemas     the managed schemas, quoted and comma-separated, to put first on the search path
     * @param lockTimeout the {@code lock_timeout} value, such as {@code 5000ms}
     */
    static MigrationSession open(Connection c, String schemas, String lockTimeout) {
        String sql = "SELECT current_setting('search_path'), current_setting('lock_timeout'),"
                + " set_config('search_path', ? || ', ' || current_setting('search_path'), false),"
                + " set_config('lock_timeout', ?, false)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, schemas);
            ps.setString(2, lockTimeout);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new MigrationSession(c, rs.getString(1), rs.getString(2));
            }
        } catch (SQLException e) {
            throw new DatabaseException("Cannot prepare the migration session: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT set_config('search_path', ?, false), set_config('lock_timeout', ?, false)")) {
            ps.setString(1, searchPath);
            ps.setString(2, lockTimeout);
            ps.execute();
        } catch (SQLException e) {
            throw new DatabaseException("Cannot restore search_path and lock_timeout after migrating: " + e.getMessage(), e);
        }
    }
}
