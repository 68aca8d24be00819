package dev.migrate.examples.library;

import static dev.migrate.testkit.MigrateAssertions.row;
import static dev.migrate.testkit.MigrateAssertions.scenario;

import dev.migrate.testkit.MigrateExtension;
import dev.migrate.testkit.MigrationScenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Version 4 splits {@code members.full_name} into first and last name. Rows written before it must
 * come through, including the awkward ones, and its down script must give the full names back.
 */
class MemberNamesMigrationTest {
    @RegisterExtension
    static MigrateExtension db = MigrateExtension.empty();

    private MigrationScenario atVersion3WithMembers() {
        return scenario(db.database(), b -> b.locations("classpath:db/migration"))
                .migrateTo("3")
                .execute("""
                        INSERT INTO members (full_name, email) VALUES
                            ('Grace Hopper', 'grace@example.org'),
                            ('Ada King Lovelace', 'ada@example.org'),
                            ('Plato', 'plato@example.org')
                        """);
    }

    @Test
    void splits_names_at_the_last_space() {
        atVersion3WithMembers()
                .migrateTo("4")
                .assertQuery("SELECT email, first_name, last_name FROM members ORDER BY id")
                .containsExactly(
                        row("email", "grace@example.org", "first_name", "Grace", "last_name", "Hopper"),
                        row("email", "ada@example.org", "first_name", "Ada King", "last_name", "Lovelace"),
                        row("email", "plato@example.org", "first_name", "Plato", "last_name", ""));
    }

    @Test
    void gives_the_full_names_back_when_rolled_back() {
        atVersion3WithMembers()
                .migrateTo("4")
                .rollbackTo("3")
                .assertQuery("SELECT full_name FROM members ORDER BY id")
                .containsExactly(row("full_name", "Grace Hopper"), row("full_name", "Ada King Lovelace"),
                        row("full_name", "Plato"));
    }

    @Test
    void keeps_loans_attached_to_their_members() {
        atVersion3WithMembers()
                .execute("""
                        INSERT INTO books (isbn, title, author) VALUES ('9780201633610', 'Design Patterns', 'Gamma');
                        INSERT INTO loans (member_id, book_id, due_at)
                            SELECT id, 1, now() + interval '14 days' FROM members WHERE email = 'ada@example.org'
                        """)
                .migrateToLatest()
                .assertQuery("SELECT m.first_name, b.title FROM loans l JOIN members m ON m.id = l.member_id"
                        + " JOIN books b ON b.id = l.book_id")
                .containsExactly(row("first_name", "Ada King", "title", "Design Patterns"));
    }
}
