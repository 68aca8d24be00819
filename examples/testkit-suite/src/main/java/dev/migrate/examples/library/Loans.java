package dev.migrate.examples.library;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The lending desk of a small library: lends books to members and takes them back. The schema it
 * runs on is built by the migrations in {@code db/migration}; the rule that a book is out at most
 * once at a time lives in the database (a partial unique index), and this class turns its
 * violation into {@link BookUnavailableException}.
 */
public final class Loans {
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;

    public Loans(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** A loan that has not been returned yet and is past its due date. */
    public record Overdue(long loanId, String email, String firstName, String title, Instant dueAt) {
    }

    /**
     * Lends a book for {@code period}, from now.
     *
     * @return the new loan's id
     * @throws BookUnavailableException when the book is out on another loan
     */
    public long lend(long memberId, long bookId, Duration period) throws SQLException {
        String sql = "INSERT INTO loans (member_id, book_id, due_at) VALUES (?, ?, now() + ?::interval) RETURNING id";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, memberId);
            ps.setLong(2, bookId);
            ps.setString(3, period.toSeconds() + " seconds");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new BookUnavailableException(bookId, e);
            }
            throw e;
        }
    }

    /**
     * Takes a book back.
     *
     * @return false when the loan does not exist or was already returned
     */
    public boolean takeBack(long loanId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE loans SET returned_at = now() WHERE id = ? AND returned_at IS NULL")) {
            ps.setLong(1, loanId);
            return ps.executeUpdate() == 1;
        }
    }

    /** Open loans past their due date, the longest overdue first. */
    public List<Overdue> overdue() throws SQLException {
        String sql = "SELECT loan_id, email, first_name, title, due_at FROM overdue_loans ORDER BY due_at, loan_id";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            List<Overdue> found = new ArrayList<>();
            while (rs.next()) {
                found.add(new Overdue(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant()));
            }
            return found;
        }
    }

    /** The book asked for is out on another loan. */
    public static final class BookUnavailableException extends SQLException {
        private static final long serialVersionUID = 1L;

        BookUnavailableException(long bookId, SQLException cause) {
            super("Book " + bookId + " is out on another loan", cause.getSQLState(), cause);
        }
    }
}
