package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.testing.Sql;
import dev.migrate.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A connection that cannot be opened fails at once with the server's own reason and the fix for
 * that case, never after a pool's timeout, and never with the password in it.
 */
class ConnectionFailureTest {
    private static final String PASSWORD = "Correct-Horse-7";

    @TempDir
    Path tmp;

    private final DataSource db = TestDatabases.newDatabase();

    private void failsWith(String url, String user, String password, Consumer<DatabaseException> check) {
        try (Migrator m = Migrator.configure().url(url, user, password).locations(Location.directory(tmp)).build()) {
            assertThatThrownBy(m::migrate).isInstanceOfSatisfying(DatabaseException.class, e -> {
                assertThat(e.getMessage()).as("not a pool's timeout").doesNotContain("timed out", "Connection is not available");
                if (password != null) {
                    assertThat(e.getMessage()).doesNotContain(password);
                }
                check.accept(e);
            });
        }
    }

    @Test
    void a_wrong_password_says_so_at_the_first_attempt() throws IOException {
        String role = "pw_" + ProcessHandle.current().pid();
        requirePassword(role);

        failsWith(TestDatabases.url(db), role, "not-" + PASSWORD, e -> assertThat(e.getMessage())
                .contains("password authentication failed for user \"" + role + "\"", "28P01", "Check the user and the password"));

        try (Migrator m = Migrator.configure().url(TestDatabases.url(db), role, PASSWORD).locations(Location.directory(tmp)).build()) {
            assertThat(m.migrate().applied()).as("the right password works").isEmpty();
        }
    }

    @Test
    void a_refused_port_says_nothing_listens_there() {
        failsWith("jdbc:postgresql://127.0.0.1:1/app", "postgres", "secret-" + PASSWORD,
                e -> assertThat(e.getMessage()).contains("127.0.0.1:1", "Nothing accepts connections", "start PostgreSQL"));
    }

    @Test
    void a_missing_database_says_which_and_how_to_create_it() {
        String url = TestDatabases.url(db).replaceFirst("/[^/?]+(\\?|$)", "/no_such_database$1");
        failsWith(url, "postgres", null, e -> assertThat(e.getMessage())
                .contains("database \"no_such_database\" does not exist", "3D000", "Create the database"));
    }

    @Test
    void a_callers_data_source_gets_the_same_explanation() {
        PGSimpleDataSource missing = new PGSimpleDataSource();
        missing.setURL(TestDatabases.url(db).replaceFirst("/[^/?]+(\\?|$)", "/also_missing$1"));
        missing.setUser("postgres");
        try (Migrator m = Migrator.configure().dataSource(missing).locations(Location.directory(tmp)).build()) {
            assertThatThrownBy(m::status).isInstanceOfSatisfying(DatabaseException.class,
                    e -> assertThat(e.getMessage()).contains("\"also_missing\" does not exist", "Create the database"));
        }
    }

    /** Makes the shared server ask {@code role} (alone) for a password: a line before the trust lines. */
    private void requirePassword(String role) throws IOException {
        Sql.execute(db, "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role + "') THEN"
                + " CREATE ROLE " + role + " LOGIN PASSWORD '" + PASSWORD + "'; END IF; END $$");
        Sql.execute(db, "GRANT CREATE ON SCHEMA public TO " + role);
        Path hba = Path.of(Sql.one(db, "SHOW hba_file"));
        String lines = Files.readString(hba);
        String mine = "host all " + role + " 127.0.0.1/32 scram-sha-256\nhost all " + role + " ::1/128 scram-sha-256\n";
        if (!lines.startsWith(mine)) {
            Files.writeString(hba, mine + lines);
            Sql.one(db, "SELECT pg_reload_conf()");
        }
    }
}
