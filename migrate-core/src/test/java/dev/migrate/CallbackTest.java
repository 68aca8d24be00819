package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.testing.MigrationsDir;
import dev.migrate.testing.Sql;
import dev.migrate.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallbackTest {
    @TempDir
    Path tmp;

    private final DataSource db = TestDatabases.newDatabase();

    private MigrationsDir dir() {
        return new MigrationsDir(tmp);
    }

    /** Writes down every call it gets. */
    private static final class Recorder implements Callback {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void beforeMigrate(Connection c) {
            calls.add("beforeMigrate");
        }

        @Override
        public void afterMigrate(Connection c, MigrateResult result) {
            calls.add("afterMigrate " + result.count());
        }

        @Override
        public void afterMigrateError(Connection c, MigrationException error) {
            calls.add("afterMigrateError " + error.code());
        }

        @Override
        public void beforeEachMigration(Connection c, Migration m) throws SQLException {
            calls.add("before " + m.script() + (c.getAutoCommit() ? " autocommit" : " in transaction"));
        }

        @Override
        public void afterEachMigration(Connection c, Migration m) {
            calls.add("after " + m.script());
        }

        @Override
        public void afterEachMigrationError(Connection c, Migration m, SQLException error) {
            calls.add("error " + m.script());
        }

        @Override
        public void beforeEachStatement(Connection c, Migration m, int line, String sql) {
            calls.add("statement " + line);
        }
    }

    @Test
    void java_callbacks_are_called_around_the_run_each_migration_and_each_statement() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);\nINSERT INTO t VALUES (1);")
                .write("V2__idx.sql", "CREATE INDEX CONCURRENTLY t_id ON t (id);");
        Recorder recorder = new Recorder();
        try (Migrator m = Migrator.configure().dataSource(db).locations(Location.directory(tmp)).callback(recorder).build()) {
            m.migrate();
        }

        assertThat(recorder.calls).containsExactly("beforeMigrate",
                "before V1__t.sql in transaction", "statement 1", "statement 2", "after V1__t.sql",
                "before V2__idx.sql autocommit", "statement 1", "after V2__idx.sql",
                "afterMigrate 2");
    }

    @Test
    void error_callbacks_run_when_a_migration_fails() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);").write("V2__bad.sql", "INSERT INTO no_such_table VALUES (1);");
        Recorder recorder = new Recorder();
        try (Migrator m = Migrator.configure().dataSource(db).locations(Location.directory(tmp)).callback(recorder).build()) {
            assertThatThrownBy(m::migrate).isInstanceOf(MigrationFailedException.class);
        }

        assertThat(recorder.calls).endsWith("before V2__bad.sql in transaction", "statement 1", "error V2__bad.sql",
                "afterMigrateError MIGRATION_FAILED");
    }

    @Test
    void sql_callback_files_run_at_their_events_inside_the_migration_transaction() {
        Sql.execute(db, "CREATE TABLE audit (event text, at_version text)");
        dir().write("V1__t.sql", "CREATE TABLE t (id int);")
                .write("V2__bad.sql", "CREATE TABLE u (id int);\nINSERT INTO no_such_table VALUES (1);")
                .write("beforeEachMigrate.sql", "INSERT INTO public.audit VALUES ('each', NULL);")
                .write("afterMigrate__note.sql", "INSERT INTO public.audit VALUES ('after', '${app}');")
                .write("afterMigrateError.sql", "INSERT INTO public.audit VALUES ('error', NULL);");
        try (Migrator m = Migrator.configure().dataSource(db).locations(Location.directory(tmp)).placeholder("app", "shop")
                .build()) {
            assertThatThrownBy(m::migrate).isInstanceOf(MigrationFailedException.class);

            assertThat(Sql.column(db, "SELECT event FROM audit")).as("V2's beforeEachMigrate row rolled back with it")
                    .containsExactly("each", "error");

            dir().delete("V2__bad.sql");
            m.migrate();
            assertThat(Sql.column(db, "SELECT event || ':' || coalesce(at_version, '') FROM audit"))
                    .containsExactly("each:", "error:", "after:shop");
        }
    }

    @Test
    void a_callback_that_throws_mid_migration_leaves_nothing_of_it_committed() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);\nCREATE TABLE u (id int);");
        Callback failing = new Callback() {
            @Override
            public void afterEachStatement(Connection c, Migration m, int line, String sql) {
                throw new IllegalStateException("audit service unavailable");
            }
        };
        try (Migrator m = Migrator.configure().dataSource(db).locations(Location.directory(tmp)).callback(failing).build()) {
            assertThatThrownBy(m::migrate).hasMessageContaining("audit service unavailable");
        }

        assertThat(Sql.tableExists(db, "public.t")).as("the statement before the failing callback, rolled back").isFalse();
    }

    @Test
    void callbacks_run_even_when_nothing_is_pending() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);");
        Recorder recorder = new Recorder();
        try (Migrator m = Migrator.configure().dataSource(db).locations(Location.directory(tmp)).callback(recorder).build()) {
            m.migrate();
            recorder.calls.clear();

            m.migrate();
        }

        assertThat(recorder.calls).containsExactly("beforeMigrate", "afterMigrate 0");
    }

    @Test
    void a_broken_sql_callback_is_reported_before_anything_runs() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);").write("afterMigrate.sql", "SELECT '${undefined}';");
        try (Migrator m = Migrator.configure().dataSource(db).locations(Location.directory(tmp)).build()) {
            assertThatThrownBy(m::migrate).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("afterMigrate.sql").hasMessageContaining("undefined");

            assertThat(Sql.tableExists(db, "public.t")).isFalse();
        }
    }

    @Test
    void a_callback_that_throws_in_a_non_transactional_migration_leaves_it_failed_not_running() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);")
                .write("V2__index.sql", "CREATE INDEX CONCURRENTLY t_id ON t (id);\nCREATE TABLE after_index (id int);");
        Callback failing = new Callback() {
            @Override
            public void beforeEachStatement(Connection c, Migration m, int line, String sql) {
                if (sql.startsWith("CREATE TABLE after_index")) {
                    throw new IllegalStateException("audit service down");
                }
            }
        };
        try (Migrator m = Migrator.configure().dataSource(db).locations(Location.directory(tmp)).callback(failing).build()) {
            assertThatThrownBy(m::migrate).isInstanceOfSatisfying(MigrationFailedException.class,
                    e -> assertThat(e.getMessage()).contains("audit service down", "1 of 2 statements had completed"));
        }
        assertThat(Sql.column(db, "SELECT version || ':' || state || ':' || statements_done FROM public.migrate_history"
                + " ORDER BY installed_rank")).containsExactly("1:APPLIED:1", "2:FAILED:1");
    }
}
