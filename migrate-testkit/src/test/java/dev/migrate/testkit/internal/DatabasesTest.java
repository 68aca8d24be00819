package dev.migrate.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.DatabaseException;
import dev.migrate.testkit.DatabaseProvider;
import dev.migrate.testkit.TestDatabaseUnavailableException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class DatabasesTest {
    private static final String PASSWORD = "hunter2-s3cret";
    private final DatabaseProvider embedded = DatabaseProvider.embedded();

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void an_unreachable_server_is_reported_with_alternatives_and_without_the_password() {
        DatabaseProvider unreachable = DatabaseProvider.external(
                "jdbc:postgresql://127.0.0.1:1/postgres?connectTimeout=5&password=" + PASSWORD, "ci", PASSWORD);

        assertThatThrownBy(() -> DatabasePreparer.prepare(unreachable, "settings", null, true))
                .isInstanceOf(TestDatabaseUnavailableException.class)
                .hasMessageContaining("127.0.0.1:1")
                .hasMessageContaining("DatabaseProvider.embedded()")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void cloning_waits_out_a_session_that_leaves_the_template_late() throws Exception {
        String source = DatabaseNames.template();
        Databases.create(embedded, source, null);
        Connection session = connect(source, "leaves-late");
        // PostgreSQL itself waits 5 s for other sessions before failing with 55006; stay a little longer.
        CompletableFuture<Void> leave = CompletableFuture.runAsync(() -> closeQuietly(session),
                CompletableFuture.delayedExecutor(6500, TimeUnit.MILLISECONDS));
        String clone = DatabaseNames.test();

        Databases.create(embedded, clone, source);

        leave.join();
        assertThat(exists(clone)).isTrue();
        Databases.drop(embedded, clone);
        Databases.drop(embedded, source);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void cloning_gives_up_naming_the_session_that_holds_the_template() throws Exception {
        String source = DatabaseNames.template();
        Databases.create(embedded, source, null);
        String clone = DatabaseNames.test();
        try (Connection holder = connect(source, "holds-the-template")) {
            assertThat(holder.isValid(2)).isTrue();
            assertThatThrownBy(() -> Databases.create(embedded, clone, source))
                    .isInstanceOf(DatabaseException.class)
                    .hasMessageContaining("55006")
                    .hasMessageContaining("holds-the-template")
                    .hasMessageContaining(source);
        } finally {
            Databases.drop(embedded, source);
        }
        assertThat(exists(clone)).isFalse();
    }

    @Test
    void drop_closes_sessions_still_connected() throws Exception {
        String name = DatabaseNames.test();
        Databases.create(embedded, name, null);
        Connection leaked = connect(name, "leaked");

        Databases.drop(embedded, name);

        assertThat(exists(name)).isFalse();
        assertThat(leaked.isValid(2)).isFalse();
        closeQuietly(leaked);
    }

    @Test
    void a_sealed_template_refuses_connections_but_can_still_be_cloned() throws Exception {
        String template = DatabaseNames.template();
        Databases.create(embedded, template, null);
        Databases.seal(embedded, template);
        String clone = DatabaseNames.test();

        assertThatThrownBy(() -> connect(template, "late-comer").close()).isInstanceOf(SQLException.class);
        Databases.create(embedded, clone, template);

        assertThat(exists(clone)).isTrue();
        Databases.drop(embedded, clone);
        Databases.drop(embedded, template);
        assertThat(exists(template)).isFalse();
    }

    private Connection connect(String database, String application) throws SQLException {
        return DataSources.of(embedded.jdbcUrl(database) + "&ApplicationName=" + application, embedded.user(), null)
                .getConnection();
    }

    private boolean exists(String database) throws SQLException {
        try (Connection c = embedded.adminConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + database + "'")) {
            rs.next();
            return rs.getInt(1) == 1;
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // Already closed by the server: what drop_closes_sessions_still_connected expects.
        }
    }
}
