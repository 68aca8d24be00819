package dev.migrate.examples.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.examples.library.Loans.BookUnavailableException;
import dev.migrate.testkit.MigrateExtension;
import dev.migrate.testkit.TestDatabase;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The application's own code against the real schema. Every test gets a fresh copy of the migrated
 * database (the migrations run once, into a template), so the rows one test writes are never seen
 * by another, and the tests may run in any order.
 */
class LoansTest {
    @RegisterExtension
    static MigrateExtension db = MigrateExtension.migrations("classpath:db/migration");

    private Loans loans;

    @BeforeEach
    void open_the_desk(DataSource dataSource, TestDatabase database) {
        loans = new Loans(dataSource);
        database.execute("""
                INSERT INTO members (first_name, last_name, email) VALUES ('Ada', 'Lovelace', 'ada@example.org');
                INSERT INTO books (isbn, title, author) VALUES ('9780262033848', 'Introduction to Algorithms', 'Cormen');
                """);
    }

    @Test
    void lends_a_book_and_takes_it_back() throws SQLException {
        long loan = loans.lend(1, 1, Duration.ofDays(14));

        assertThat(loans.takeBack(loan)).isTrue();
        assertThat(loans.takeBack(loan)).as("a second return of the same loan").isFalse();
    }

    @Test
    void refuses_a_book_that_is_out_on_another_loan() throws SQLException {
        db.database().execute("INSERT INTO members (first_name, last_name, email) VALUES ('Alan', 'Turing', 'alan@example.org')");
        loans.lend(1, 1, Duration.ofDays(14));

        assertThatThrownBy(() -> loans.lend(2, 1, Duration.ofDays(7)))
                .isInstanceOf(BookUnavailableException.class)
                .hasMessage("Book 1 is out on another loan");
    }

    @Test
    void lends_a_returned_book_again() throws SQLException {
        loans.takeBack(loans.lend(1, 1, Duration.ofDays(14)));

        assertThat(loans.lend(1, 1, Duration.ofDays(7))).isEqualTo(2);
    }

    @Test
    void lists_open_loans_past_their_due_date() throws SQLException {
        db.database().execute("""
                INSERT INTO books (isbn, title, author) VALUES ('9780131103627', 'The C Programming Language', 'Kernighan');
                INSERT INTO loans (member_id, book_id, borrowed_at, due_at)
                     VALUES (1, 2, now() - interval '30 days', now() - interval '16 days');
                """);
        loans.lend(1, 1, Duration.ofDays(14));

        assertThat(loans.overdue()).singleElement().satisfies(late -> {
            assertThat(late.title()).isEqualTo("The C Programming Language");
            assertThat(late.firstName()).isEqualTo("Ada");
        });
    }

    @Test
    void forgets_the_loans_of_a_member_who_leaves(TestDatabase database) throws SQLException {
        loans.lend(1, 1, Duration.ofDays(14));

        database.execute("DELETE FROM members WHERE id = 1");

        assertThat(database.queryForObject("SELECT count(*) FROM loans", Long.class)).isZero();
    }
}
