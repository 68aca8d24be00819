package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.testing.MigrationsDir;
import dev.migrate.testing.SingleConnectionDataSource;
import dev.migrate.testing.Sql;
import dev.migrate.testing.TestDatabases;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrateTest {
    @TempDir
    Path tmp;

    private final DataSource db = TestDatabases.newDatabase();
    private final List<MigrationEvent> events = new CopyOnWriteArrayList<>();

    private MigrationsDir dir() {
        return new MigrationsDir(tmp);
    }

    private MigratorBuilder configure() {
        return Migrator.configure().dataSource(db).locations(Location.directory(tmp)).listener(events::add);
    }

    private MigrateResult migrate() {
        try (Migrator m = configure().build()) {
            return m.migrate();
        }
    }

    private List<String> history() {
        return Sql.column(db, "SELECT coalesce(version, 'R') || ':' || state || ':' || statements_done FROM public.migrate_history ORDER BY installed_rank");
    }

    @Test
    void applies_pending_migrations_from_empty_and_records_each_in_history() {
        dir().write("V1__create_customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);")
                .write("V2__seed.sql", "INSERT INTO customers VALUES (1, 'Ada');\nINSERT INTO customers VALUES (2, 'Grace');")
                .write("R__customer_names.sql", "CREATE OR REPLACE VIEW customer_names AS SELECT name FROM customers;");

        MigrateResult result = migrate();

        assertThat(result.applied()).extracting(MigrateResult.Applied::script)
                .containsExactly("V1__create_customers.sql", "V2__seed.sql", "R__customer_names.sql");
        assertThat(result.initialVersion()).isNull();
        assertThat(result.finalVersion()).contains(Version.parse("2"));
        assertThat(Sql.column(db, "SELECT name FROM customer_names ORDER BY 1")).containsExactly("Ada", "Grace");
        assertThat(history()).containsExactly("1:APPLIED:1", "2:APPLIED:2", "R:APPLIED:1");
        assertThat(Sql.one(db, "SELECT count(*) FROM public.migrate_history WHERE checksum ~ '^[0-9a-f]{64}$'"
                + " AND installed_by = current_user AND finished_at >= started_at AND execution_ms >= 0")).isEqualTo("3");
        assertThat(events).filteredOn(MigrationEvent.MigrationApplied.class::isInstance).hasSize(3);
    }

    @Test
    void a_second_run_with_nothing_pending_changes_nothing() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);");
        migrate();
        events.clear();

        MigrateResult again = migrate();

        assertThat(again.applied()).isEmpty();
        assertThat(again.finalVersion()).contains(Version.parse("1"));
        assertThat(history()).containsExactly("1:APPLIED:1");
        assertThat(events).as("no lock is taken when nothing is pending").isEmpty();
    }

    @Test
    void applies_only_what_was_added_since_the_last_run() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);");
        migrate();
        dir().write("V2__u.sql", "ALTER TABLE t ADD COLUMN u int;");

        MigrateResult result = migrate();

        assertThat(result.initialVersion()).isEqualTo(Version.parse("1"));
        assertThat(result.applied()).extracting(MigrateResult.Applied::script).containsExactly("V2__u.sql");
    }

    @Test
    void an_edited_applied_migration_is_refused_with_both_checksums_and_nothing_runs() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);");
        migrate();
        String applied = Sql.one(db, "SELECT checksum FROM public.migrate_history");
        dir().write("V1__t.sql", "CREATE TABLE t (id bigint);").write("V2__u.sql", "CREATE TABLE u (id int);");

        assertThatThrownBy(this::migrate).isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.problems()).singleElement().satisfies(p -> {
                assertThat(p.code()).isEqualTo(ErrorCode.CHECKSUM_MISMATCH);
                assertThat(p.script()).isEqualTo("V1__t.sql");
                assertThat(p.message()).contains(applied).containsPattern("local [0-9a-f]{64}");
            });
        });
        assertThat(Sql.tableExists(db, "public.u")).isFalse();
    }

    @Test
    void a_failing_transactional_migration_leaves_no_trace_and_names_file_line_and_server_error() {
        dir().write("V1__ok.sql", "CREATE TABLE ok (id int);")
                .write("V2__broken.sql", "CREATE TABLE half (id int);\n\nINSERT INTO half\n  SELECT id FROM no_such_table;\n");

        assertThatThrownBy(this::migrate).isInstanceOfSatisfying(MigrationFailedException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.MIGRATION_FAILED);
            assertThat(e.script()).isEqualTo("V2__broken.sql");
            assertThat(e.line()).as("the server's error position, inside the statement").isEqualTo(4);
            assertThat(e.sqlState()).isEqualTo("42P01");
            assertThat(e.getMessage()).contains("no_such_table", "INSERT INTO half", "rolled back");
        });
        assertThat(Sql.tableExists(db, "public.half")).isFalse();
        assertThat(history()).as("the failed attempt is kept for the record").containsExactly("1:APPLIED:1", "2:ABORTED:1");
    }

    @Test
    void a_failing_non_transactional_migration_is_recorded_and_blocks_later_runs() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);")
                .write("V2__index.sql", "CREATE INDEX CONCURRENTLY t_id ON t (id);\nCREATE TABLE side (id int);\nSELECT broken FROM t;\n");

        assertThatThrownBy(this::migrate).isInstanceOfSatisfying(MigrationFailedException.class, e -> {
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.getMessage()).contains("2 of 3 statements had completed", "FAILED", "resolve().markRolledBack(\"2\")");
        });
        assertThat(history()).containsExactly("1:APPLIED:1", "2:FAILED:2");
        assertThat(Sql.one(db, "SELECT error FROM public.migrate_history WHERE version = '2'")).contains("broken");

        dir().write("V2__index.sql", "CREATE INDEX CONCURRENTLY t_id ON t (id);\nCREATE TABLE side (id int);\nSELECT id FROM t;\n")
                .write("V3__later.sql", "CREATE TABLE later (id int);");
        assertThatThrownBy(this::migrate).isInstanceOfSatisfying(ValidationException.class, e ->
                assertThat(e.problems()).singleElement().satisfies(p -> {
                    assertThat(p.code()).isEqualTo(ErrorCode.FAILED_MIGRATION);
                    assertThat(p.message()).contains("2 of 3 statements completed");
                    assertThat(p.fix()).contains("resolve().markApplied(\"2\")");
                }));
        assertThat(Sql.tableExists(db, "public.later")).isFalse();
        try (Migrator m = configure().build()) {
            assertThat(m.status().inState(MigrationState.FAILED)).extracting(MigrationInfo::script).containsExactly("V2__index.sql");
        }
    }

    @Test
    void a_runner_killed_inside_a_non_transactional_migration_leaves_a_row_that_blocks_until_resolved() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);");
        migrate();
        // What a process killed after the first of three statements leaves behind: a RUNNING row, no lock.
        Sql.execute(db, "INSERT INTO public.migrate_history VALUES (2, '2', 'index', 'VERSIONED', 'V2__index.sql', 'x',"
                + " 'app', now(), NULL, NULL, 'RUNNING', 1, 3, NULL)");
        dir().write("V2__index.sql", "CREATE INDEX CONCURRENTLY a ON t (id);\nCREATE INDEX CONCURRENTLY b ON t (id);\nSELECT 1;");

        assertThatThrownBy(this::migrate).isInstanceOfSatisfying(ValidationException.class, e ->
                assertThat(e.problems()).singleElement().satisfies(p -> {
                    assertThat(p.code()).isEqualTo(ErrorCode.FAILED_MIGRATION);
                    assertThat(p.message()).contains("interrupted", "1 of 3 statements completed");
                }));
        assertThat(history()).containsExactly("1:APPLIED:1", "2:RUNNING:1");
    }

    @Test
    void a_failed_repeatable_migration_blocks_instead_of_running_again_silently() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);")
                .write("R__indexes.sql", "CREATE INDEX CONCURRENTLY IF NOT EXISTS t_id ON t (id);\nSELECT broken FROM t;");

        assertThatThrownBy(this::migrate).isInstanceOf(MigrationFailedException.class);
        assertThatThrownBy(this::migrate).isInstanceOfSatisfying(ValidationException.class, e ->
                assertThat(e.problems()).singleElement().satisfies(p -> {
                    assertThat(p.code()).isEqualTo(ErrorCode.FAILED_MIGRATION);
                    assertThat(p.message()).contains("Repeatable migration 'indexes'", "1 of 2");
                }));
        assertThat(history()).containsExactly("1:APPLIED:1", "R:FAILED:1");
    }

    @Test
    void a_failure_at_commit_is_reported_as_the_migration_failing_and_leaves_no_trace() {
        dir().write("V1__deferred.sql", "CREATE TABLE p (id int PRIMARY KEY);\n"
                + "CREATE TABLE c (p int REFERENCES p DEFERRABLE INITIALLY DEFERRED);\nINSERT INTO c VALUES (1);");

        assertThatThrownBy(this::migrate).isInstanceOfSatisfying(MigrationFailedException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.MIGRATION_FAILED);
            assertThat(e.sqlState()).isEqualTo("23503");
            assertThat(e.getMessage()).contains("COMMIT failed", "rolled back");
        });
        assertThat(Sql.tableExists(db, "public.p")).isFalse();
        assertThat(history()).containsExactly("1:ABORTED:2");
    }

    @Test
    void a_placeholder_value_never_appears_in_a_failure_message() {
        dir().write("V1__role.sql", "ALTER ROLE no_such_role PASSWORD '${app_password}';");

        try (Migrator m = configure().placeholder("app_password", "Tr0ub4dor&3").build()) {
            assertThatThrownBy(m::migrate).isInstanceOfSatisfying(MigrationFailedException.class, e ->
                    assertThat(e.getMessage()).contains("no_such_role", "${app_password}").doesNotContain("Tr0ub4dor&3"));
        }
    }

    @Test
    void a_closed_migrator_refuses_to_work_instead_of_opening_a_new_pool() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);");
        Migrator m = Migrator.configure().url(TestDatabases.url(db), "postgres", null).locations(Location.directory(tmp)).build();
        m.migrate();
        m.close();

        assertThatThrownBy(m::status).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void create_index_concurrently_completes_while_the_migration_lock_is_held() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);\nINSERT INTO t SELECT generate_series(1, 1000);")
                .write("V2__index.sql", "CREATE INDEX CONCURRENTLY t_id ON t (id);");

        MigrateResult result = migrate();

        assertThat(result.applied().get(1).mode()).isEqualTo(TransactionMode.NON_TRANSACTIONAL);
        assertThat(Sql.one(db, "SELECT indisvalid FROM pg_index WHERE indexrelid = 't_id'::regclass")).isEqualTo("t");
        assertThat(history()).containsExactly("1:APPLIED:2", "2:APPLIED:1");
    }

    @Test
    void an_invalid_pending_script_is_reported_before_anything_runs() {
        dir().write("V1__ok.sql", "CREATE TABLE ok (id int);")
                .write("V2__bad.sql", "CREATE TABLE t (id int);\nGRANT SELECT ON t TO ${reader};")
                .write("V3__psql.sql", "\\set ON_ERROR_STOP on\nCREATE TABLE u (id int);");

        assertThatThrownBy(this::migrate).isInstanceOfSatisfying(ValidationException.class, e ->
                assertThat(e.problems()).extracting(ValidationProblem::code, ValidationProblem::script, ValidationProblem::line)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple(ErrorCode.UNKNOWN_PLACEHOLDER, "V2__bad.sql", 2),
                                org.assertj.core.groups.Tuple.tuple(ErrorCode.PSQL_META_COMMAND, "V3__psql.sql", 1)));
        assertThat(Sql.tableExists(db, "public.ok")).isFalse();
        assertThat(Sql.tableExists(db, "public.migrate_history")).isFalse();
    }

    @Test
    void placeholders_and_the_managed_schema_apply_to_every_statement() {
        dir().write("V1__t.sql", "CREATE TABLE accounts (id int);\nCOMMENT ON TABLE accounts IS 'owned by ${team} in ${migrate:schema}';");

        try (Migrator m = configure().schema("billing").placeholder("team", "payments").build()) {
            m.migrate();
        }

        assertThat(Sql.one(db, "SELECT obj_description('billing.accounts'::regclass)")).isEqualTo("owned by payments in billing");
        assertThat(Sql.tableExists(db, "billing.migrate_history")).isTrue();
        assertThat(Sql.tableExists(db, "public.accounts")).isFalse();
    }

    @Test
    void the_connection_gets_its_search_path_and_lock_timeout_back() throws Exception {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);");
        var single = new SingleConnectionDataSource(db.getConnection());
        try (Migrator m = Migrator.configure().dataSource(single).locations(Location.directory(tmp)).schema("app").build()) {
            m.migrate();
        }
        try (var st = single.connection().createStatement(); var rs = st.executeQuery("SELECT current_setting('search_path'), current_setting('lock_timeout')")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("\"$user\", public");
            assertThat(rs.getString(2)).isEqualTo("0");
        } finally {
            single.connection().close();
        }
    }

    @Test
    void a_url_configured_migrator_pools_its_own_connections_and_hides_the_password() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);");
        String url = TestDatabases.url(db);

        try (Migrator m = Migrator.configure().url(url + (url.contains("?") ? "&" : "?") + "password=s3cret", "postgres", "hunter2").locations(Location.directory(tmp)).build()) {
            assertThat(m.migrate().count()).isEqualTo(1);
            assertThat(m.toString()).doesNotContain("hunter2", "s3cret");
            assertThat(m.config().connection().toString()).doesNotContain("hunter2", "s3cret");
        }
    }

    @Test
    void plan_lists_statements_with_lines_and_modes_without_running_them() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);\n\nCOMMENT ON TABLE t IS '${who}';")
                .write("V2__idx.sql", "CREATE INDEX CONCURRENTLY t_id ON t (id);");

        Plan plan;
        try (Migrator m = configure().placeholder("who", "me").build()) {
            plan = m.plan();
        }

        assertThat(plan.migrations()).extracting(Plan.Step::script, Plan.Step::mode).containsExactly(
                org.assertj.core.groups.Tuple.tuple("V1__t.sql", TransactionMode.TRANSACTIONAL),
                org.assertj.core.groups.Tuple.tuple("V2__idx.sql", TransactionMode.NON_TRANSACTIONAL));
        assertThat(plan.migrations().get(0).statements()).extracting(Plan.Statement::line, Plan.Statement::sql)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "CREATE TABLE t (id int)"),
                        org.assertj.core.groups.Tuple.tuple(3, "COMMENT ON TABLE t IS 'me'"));
        assertThat(plan.migrations().get(1).modeReason()).contains("CREATE INDEX CONCURRENTLY", "line 1");
        assertThat(Sql.tableExists(db, "public.t")).isFalse();
    }

    @Test
    void a_changed_repeatable_migration_runs_again_after_the_versioned_ones() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int, name text);")
                .write("R__v.sql", "CREATE OR REPLACE VIEW v AS SELECT id FROM t;");
        migrate();
        dir().write("R__v.sql", "CREATE OR REPLACE VIEW v AS SELECT id, name FROM t;")
                .write("V2__u.sql", "ALTER TABLE t ADD COLUMN extra int;");

        MigrateResult result = migrate();

        assertThat(result.applied()).extracting(MigrateResult.Applied::script).containsExactly("V2__u.sql", "R__v.sql");
        assertThat(Sql.column(db, "SELECT attname FROM pg_attribute WHERE attrelid = 'v'::regclass AND attnum > 0 ORDER BY attnum"))
                .containsExactly("id", "name");
    }

    @Test
    void inspect_reads_the_managed_schema_without_the_history_table() {
        dir().write("V1__t.sql", "CREATE TABLE app.t (id bigint PRIMARY KEY, name text NOT NULL DEFAULT 'x');")
                .write("V2__other.sql", "CREATE TABLE public.other (id int);");
        try (Migrator m = configure().schema("app").build()) {
            m.migrate();

            var schema = m.inspect();

            assertThat(schema.tables()).extracting(t -> t.qualifiedName()).containsExactly("app.t");
            assertThat(schema.table("t").orElseThrow().column("name").orElseThrow().defaultExpression()).isEqualTo("'x'::text");
        }
    }
}
