package dev.migrate.internal.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.ErrorCode;
import dev.migrate.Location;
import dev.migrate.MigrationException;
import dev.migrate.MigrationState;
import dev.migrate.Migrator;
import dev.migrate.testing.MigrationsDir;
import dev.migrate.testing.Sql;
import dev.migrate.testing.TestDatabases;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history table's format: marked on new tables, upgraded from earlier layouts, refused when newer. */
class HistoryFormatTest {
    /** The table as the first releases created it (format 1, without a mark and without the run columns). */
    private static final String FIRST_LAYOUT = "CREATE TABLE public.migrate_history (installed_rank integer PRIMARY KEY,"
            + " version text, description text NOT NULL, kind text NOT NULL, script text NOT NULL, checksum text,"
            + " installed_by text NOT NULL, started_at timestamptz NOT NULL, finished_at timestamptz, execution_ms bigint,"
            + " state text NOT NULL, statements_done integer NOT NULL, statements_total integer NOT NULL, error text);"
            + " COMMENT ON TABLE public.migrate_history IS 'Schema migrations applied by dev.migrate; do not edit by hand'";

    /** The table as the previous main (b428e7e) created it: every column, still format 1 (no mark). */
    private static final String PREVIOUS_MAIN_LAYOUT = FIRST_LAYOUT.replace(" error text);", " error text, backend_pid integer,"
            + " backend_start timestamptz, application_name text, indexes_before text);");

    @TempDir
    Path tmp;

    private final DataSource db = TestDatabases.newDatabase();

    private Migrator migrator() {
        return Migrator.configure().dataSource(db).locations(Location.directory(tmp)).build();
    }

    private String comment() {
        return Sql.one(db, "SELECT coalesce(obj_description('public.migrate_history'::regclass, 'pg_class'), '')");
    }

    /** A role that may write the history table's rows but not alter or comment on the table. */
    private DataSource roleThatDoesNotOwnTheHistory() {
        String role = "app_" + Long.toHexString(System.nanoTime());
        Sql.execute(db, "CREATE ROLE " + role + " LOGIN; GRANT ALL ON SCHEMA public TO " + role + ";"
                + " GRANT SELECT, INSERT, UPDATE ON public.migrate_history TO " + role);
        org.postgresql.ds.PGSimpleDataSource asApp = new org.postgresql.ds.PGSimpleDataSource();
        asApp.setURL(TestDatabases.url(db));
        asApp.setUser(role);
        return asApp;
    }

    private void appliedV1(String layout) {
        new MigrationsDir(tmp).write("V1__t.sql", "CREATE TABLE t (id int);");
        Sql.execute(db, layout);
        Sql.execute(db, "CREATE TABLE t (id int)");
        Sql.execute(db, "INSERT INTO public.migrate_history (installed_rank, version, description, kind, script, checksum,"
                + " installed_by, started_at, finished_at, execution_ms, state, statements_done, statements_total) VALUES (1, '1',"
                + " 't', 'VERSIONED', 'V1__t.sql', '" + dev.migrate.internal.source.Scripts.checksum("CREATE TABLE t (id int);"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "', 'someone', now(), now(), 3, 'APPLIED', 1, 1)");
    }

    @Test
    void a_new_table_is_marked_with_its_format() {
        new MigrationsDir(tmp).write("V1__t.sql", "CREATE TABLE t (id int);");
        try (Migrator m = migrator()) {
            m.migrate();
        }
        assertThat(comment()).startsWith("dev.migrate history format 2: ");
        assertThat(HistoryTableShape.format(comment())).isEqualTo(HistoryTableShape.FORMAT);
    }

    @Test
    void a_table_written_by_the_previous_main_keeps_working_and_is_marked_by_the_next_writing_run() {
        appliedV1(PREVIOUS_MAIN_LAYOUT);
        try (Migrator m = migrator()) {
            assertThat(m.status().inState(MigrationState.APPLIED)).hasSize(1);
            assertThat(m.migrate().applied()).isEmpty();
            // Reading, and a run with nothing to do, change nothing.
            assertThat(comment()).startsWith("Schema migrations applied");

            new MigrationsDir(tmp).write("V2__u.sql", "CREATE TABLE u (id int);");
            assertThat(m.migrate().applied()).hasSize(1);
        }
        assertThat(comment()).startsWith("dev.migrate history format 2: ");
        assertThat(Sql.column(db, "SELECT version || ' ' || state || ' ' || installed_by FROM public.migrate_history ORDER BY 1"))
                .containsExactly("1 APPLIED someone", "2 APPLIED postgres");
    }

    @Test
    void a_role_that_does_not_own_an_unmarked_table_still_migrates_with_it() {
        appliedV1(PREVIOUS_MAIN_LAYOUT);
        new MigrationsDir(tmp).write("V2__u.sql", "CREATE TABLE u (id int);");
        DataSource asApp = roleThatDoesNotOwnTheHistory();
        try (Migrator m = Migrator.configure().dataSource(asApp).locations(Location.directory(tmp)).build()) {
            assertThat(m.migrate().applied()).hasSize(1);
        }
        assertThat(comment()).startsWith("Schema migrations applied");
    }

    @Test
    void a_table_of_the_first_layout_gets_the_columns_and_the_mark() {
        appliedV1(FIRST_LAYOUT);
        new MigrationsDir(tmp).write("V2__u.sql", "-- migrate:no-transaction\nCREATE TABLE u (id int);");
        try (Migrator m = migrator()) {
            assertThat(m.migrate().applied()).hasSize(1);
        }
        assertThat(comment()).startsWith("dev.migrate history format 2: ");
        assertThat(Sql.one(db, "SELECT backend_pid IS NOT NULL FROM public.migrate_history WHERE version = '2'")).isEqualTo("t");
    }

    @Test
    void a_table_of_a_newer_format_is_refused_and_left_as_it_is() {
        appliedV1(PREVIOUS_MAIN_LAYOUT);
        Sql.execute(db, "COMMENT ON TABLE public.migrate_history IS 'dev.migrate history format 3: from the future'");
        new MigrationsDir(tmp).write("V2__u.sql", "CREATE TABLE u (id int);");
        try (Migrator m = migrator()) {
            for (Runnable call : new Runnable[] {m::status, m::migrate, () -> m.resolve().markApplied("2")}) {
                assertThatThrownBy(call::run).isInstanceOfSatisfying(MigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_HISTORY_FORMAT);
                    assertThat(e.getMessage()).contains("has format 3", "knows formats up to 2");
                });
            }
        }
        assertThat(Sql.tableExists(db, "public.u")).isFalse();
        assertThat(Sql.one(db, "SELECT count(*) FROM public.migrate_history")).isEqualTo("1");
        assertThat(comment()).isEqualTo("dev.migrate history format 3: from the future");
    }

    @Test
    void a_restart_with_nothing_pending_still_starts_on_a_newer_format_as_an_older_replica_must_in_a_rolling_deploy() {
        appliedV1(PREVIOUS_MAIN_LAYOUT);
        Sql.execute(db, "COMMENT ON TABLE public.migrate_history IS 'dev.migrate history format 3: from the future'");
        try (Migrator m = migrator()) {
            assertThat(m.migrate().applied()).isEmpty();
        }
        assertThat(comment()).isEqualTo("dev.migrate history format 3: from the future");
    }

    @Test
    void rows_of_a_newer_format_that_this_release_cannot_read_are_refused_as_a_newer_format() {
        appliedV1(PREVIOUS_MAIN_LAYOUT);
        Sql.execute(db, "INSERT INTO public.migrate_history (installed_rank, version, description, kind, script, checksum,"
                + " installed_by, started_at, state, statements_done, statements_total) VALUES (2, '2', 'phase', 'EXPAND',"
                + " 'V2__phase.yaml', 'x', 'someone', now(), 'IN_PHASE', 0, 1);"
                + " COMMENT ON TABLE public.migrate_history IS 'dev.migrate history format 3: from the future'");
        try (Migrator m = migrator()) {
            assertThatThrownBy(m::migrate).isInstanceOfSatisfying(MigrationException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_HISTORY_FORMAT));
        }
    }

    @Test
    void a_newer_format_without_a_column_this_release_reads_is_refused_not_upgraded() {
        appliedV1(PREVIOUS_MAIN_LAYOUT);
        Sql.execute(db, "ALTER TABLE public.migrate_history RENAME COLUMN statements_done TO steps_done;"
                + " COMMENT ON TABLE public.migrate_history IS 'dev.migrate history format 3: from the future'");
        new MigrationsDir(tmp).write("V2__u.sql", "CREATE TABLE u (id int);");
        try (Migrator m = migrator()) {
            for (Runnable call : new Runnable[] {m::status, m::migrate}) {
                assertThatThrownBy(call::run).isInstanceOfSatisfying(MigrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_HISTORY_FORMAT));
            }
        }
        assertThat(comment()).isEqualTo("dev.migrate history format 3: from the future");
        assertThat(Sql.one(db, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'migrate_history'"
                + " AND column_name = 'statements_done'")).isEqualTo("0");
        assertThat(Sql.tableExists(db, "public.u")).isFalse();
    }

    @Test
    void a_role_that_cannot_add_the_columns_to_a_first_layout_table_still_migrates() {
        appliedV1(FIRST_LAYOUT);
        new MigrationsDir(tmp).write("V2__u.sql", "CREATE TABLE u (id int);")
                .write("V3__index.sql", "-- migrate:no-transaction\nCREATE INDEX CONCURRENTLY u_id ON u (id);\nALTER TABLE u ADD COLUMN n int;");
        DataSource asApp = roleThatDoesNotOwnTheHistory();
        try (Migrator m = Migrator.configure().dataSource(asApp).locations(Location.directory(tmp)).build()) {
            assertThat(m.migrate().applied()).hasSize(2);
            assertThat(m.status().migrations()).extracting(info -> info.state()).containsOnly(MigrationState.APPLIED);
        }
        assertThat(Sql.one(db, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'public.u_id'::regclass")).isEqualTo("t");
        assertThat(Sql.tableExists(db, "public.u")).isTrue();
        assertThat(comment()).startsWith("Schema migrations applied");
    }

    @Test
    void reads_the_format_from_the_mark_only() {
        assertThat(HistoryTableShape.format(null)).isEqualTo(1);
        assertThat(HistoryTableShape.format("Schema migrations applied by dev.migrate; do not edit by hand")).isEqualTo(1);
        assertThat(HistoryTableShape.format("dev.migrate history format 12: x")).isEqualTo(12);
        assertThat(HistoryTableShape.format("notes: dev.migrate history format 9")).isEqualTo(1);
    }
}
