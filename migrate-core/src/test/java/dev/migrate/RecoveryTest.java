package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.testing.MigrationsDir;
import dev.migrate.testing.Sql;
import dev.migrate.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery matches what the database really did: failed concurrent index builds leave INVALID
 * indexes that are named, dropped when provably ours and built again; a run's count is checked
 * against the catalog; a failed non-transactional migration resumes where it stopped; a failed
 * transactional attempt is kept for the record without blocking.
 */
class RecoveryTest {
    @TempDir
    Path tmp;

    private final DataSource db = TestDatabases.newDatabase();
    private final List<MigrationEvent> events = new CopyOnWriteArrayList<>();

    private MigrationsDir dir() {
        return new MigrationsDir(tmp);
    }

    private Migrator migrator() {
        return Migrator.configure().dataSource(db).locations(Location.directory(tmp)).listener(events::add).lockWait(Duration.ofSeconds(2))
                .build();
    }

    private MigrateResult migrate() {
        try (Migrator m = migrator()) {
            return m.migrate();
        }
    }

    private List<String> history() {
        return Sql.column(db, "SELECT version || ':' || state || ':' || statements_done FROM public.migrate_history ORDER BY installed_rank");
    }

    private String validity(String index) {
        return Sql.one(db, "SELECT coalesce((SELECT indisvalid::text FROM pg_index WHERE indexrelid = to_regclass('" + index
                + "')), 'absent')");
    }

    private String checksum(String script) {
        try {
            return dev.migrate.internal.source.Scripts.checksum(java.nio.file.Files.readAllBytes(tmp.resolve(script)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void duplicates() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int, email text);\nINSERT INTO t VALUES (1, 'a'), (2, 'a'), (3, 'b');");
    }

    @Test
    void a_failed_unique_concurrent_build_names_the_invalid_index_it_left() {
        duplicates();
        dir().write("V2__unique.sql", "CREATE TABLE side (id int);\nCREATE UNIQUE INDEX CONCURRENTLY t_email ON t (email);\nSELECT 1;");

        assertThatThrownBy(this::migrate).isInstanceOfSatisfying(MigrationFailedException.class, e -> {
            assertThat(e.sqlState()).isEqualTo("23505");
            assertThat(e.getMessage()).contains("INVALID index \"public\".\"t_email\"", "1 of 3 statements had completed");
        });
        assertThat(validity("t_email")).isEqualTo("false");
        assertThat(history()).containsExactly("1:APPLIED:2", "2:FAILED:1");
        try (Migrator m = migrator()) {
            assertThat(m.status().problems()).singleElement().satisfies(p -> assertThat(p.message())
                    .contains("Statement 2 (line 2) stopped part-way", "INVALID index \"public\".\"t_email\"", "1 of 3 statements completed"));
        }
    }

    @Test
    void resuming_after_a_failed_concurrent_build_drops_the_invalid_index_and_builds_it_again() {
        duplicates();
        dir().write("V2__unique.sql", "INSERT INTO t VALUES (10, 'once');\nCREATE UNIQUE INDEX CONCURRENTLY t_email ON t (email);\nSELECT 1;");
        assertThatThrownBy(this::migrate).isInstanceOf(MigrationFailedException.class);
        Sql.execute(db, "DELETE FROM t WHERE id = 2");

        try (Migrator m = migrator()) {
            ResolveResult resolved = m.resolve().resume("2");
            assertThat(resolved.resolved()).singleElement().extracting(ResolveResult.Resolved::after).isEqualTo(MigrationState.PENDING);
            assertThat(m.status().pending()).extracting(MigrationInfo::script).containsExactly("V2__unique.sql");
            MigrateResult result = m.migrate();
            assertThat(result.applied()).singleElement().extracting(MigrateResult.Applied::statements).isEqualTo(2);
        }

        assertThat(validity("t_email")).isEqualTo("true");
        assertThat(Sql.one(db, "SELECT count(*) FROM t WHERE email = 'once'")).as("statement 1 is not run again").isEqualTo("1");
        assertThat(events).filteredOn(MigrationEvent.InvalidIndexDropped.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((MigrationEvent.InvalidIndexDropped) e).index()).isEqualTo("\"public\".\"t_email\""));
        assertThat(history()).containsExactly("1:APPLIED:2", "2:FAILED:1", "2:RESUME:1", "2:APPLIED:3");
    }

    @Test
    void running_again_after_mark_rolled_back_rebuilds_instead_of_failing_on_the_existing_index() {
        duplicates();
        dir().write("V2__unique.sql", "CREATE UNIQUE INDEX CONCURRENTLY t_email ON t (email);");
        assertThatThrownBy(this::migrate).isInstanceOf(MigrationFailedException.class);
        Sql.execute(db, "DELETE FROM t WHERE id = 2");

        try (Migrator m = migrator()) {
            m.resolve().markRolledBack("2");
            m.migrate();
        }

        assertThat(validity("t_email")).isEqualTo("true");
        assertThat(history()).endsWith("2:APPLIED:1");
    }

    @Test
    void if_not_exists_never_records_success_over_an_invalid_index() {
        duplicates();
        dir().write("V2__unique.sql", "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS t_email ON t (email);");
        assertThatThrownBy(this::migrate).isInstanceOf(MigrationFailedException.class);
        Sql.execute(db, "DELETE FROM t WHERE id = 2");

        try (Migrator m = migrator()) {
            m.resolve().markRolledBack("2");
            m.migrate();
        }

        assertThat(validity("t_email")).as("the leftover was provably ours: dropped and built again").isEqualTo("true");
        assertThat(Sql.one(db, "SELECT count(*) FROM pg_index WHERE indrelid = 't'::regclass")).isEqualTo("1");
    }

    @Test
    void an_invalid_index_someone_else_left_is_named_and_not_dropped() throws Exception {
        duplicates();
        migrate();
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE UNIQUE INDEX CONCURRENTLY t_email ON t (email)");
        } catch (java.sql.SQLException expected) {
            // Duplicates: the INVALID index stays, made by hand before the migration existed.
        }
        Sql.execute(db, "DELETE FROM t WHERE id = 2");
        dir().write("V2__unique.sql", "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS t_email ON t (email);");

        assertThatThrownBy(this::migrate).isInstanceOfSatisfying(MigrationFailedException.class, e -> assertThat(e.getMessage())
                .contains("\"public\".\"t_email\" is INVALID", "IF NOT EXISTS skipped it", "DROP INDEX CONCURRENTLY \"public\".\"t_email\""));
        assertThat(history()).containsExactly("1:APPLIED:2", "2:FAILED:0");
        assertThat(validity("t_email")).isEqualTo("false");

        Sql.execute(db, "DROP INDEX t_email");
        try (Migrator m = migrator()) {
            m.resolve().resume("2");
            m.migrate();
        }
        assertThat(validity("t_email")).isEqualTo("true");
    }

    @Test
    void an_interrupted_run_is_reported_with_the_count_the_catalog_shows_and_resumes_after_it() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int, v int);");
        migrate();
        dir().write("V2__indexes.sql", "CREATE INDEX CONCURRENTLY t_id ON t (id);\nCREATE INDEX CONCURRENTLY t_v ON t (v);\n"
                + "CREATE TABLE after_indexes (id int);");
        // A runner killed while statement 2 ran: the server finished it, nothing updated the row.
        Sql.execute(db, "INSERT INTO public.migrate_history (installed_rank, version, description, kind, script, checksum,"
                + " installed_by, started_at, state, statements_done, statements_total, backend_pid, indexes_before)"
                + " VALUES (2, '2', 'indexes', 'VERSIONED', 'V2__indexes.sql', '" + checksum("V2__indexes.sql") + "', 'app', now(),"
                + " 'RUNNING', 1, 3, 999999, NULL)");
        Sql.execute(db, "CREATE INDEX t_id ON t (id)");
        Sql.execute(db, "CREATE INDEX t_v ON t (v)");

        assertThatThrownBy(this::migrate).isInstanceOfSatisfying(ValidationException.class, e ->
                assertThat(e.problems()).singleElement().satisfies(p -> {
                    assertThat(p.code()).isEqualTo(ErrorCode.FAILED_MIGRATION);
                    assertThat(p.message()).contains("interrupted", "recorded 1, but statement 2 (line 2) completed after that",
                            "\"public\".\"t_v\" exists and is valid", "2 of 3 statements completed");
                    assertThat(p.fix()).contains("resolve().resume(\"2\")", "statement 3 of 3 (line 3)");
                }));

        try (Migrator m = migrator()) {
            m.resolve().resume("2");
            assertThat(m.migrate().applied()).singleElement().extracting(MigrateResult.Applied::statements).isEqualTo(1);
        }
        assertThat(Sql.tableExists(db, "public.after_indexes")).isTrue();
        assertThat(history()).endsWith("2:RESUME:2", "2:APPLIED:3");
    }

    @Test
    void when_the_catalog_cannot_tell_resume_needs_the_statement_from_a_person() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);");
        migrate();
        dir().write("V2__data.sql", "-- migrate:no-transaction\nUPDATE t SET id = id + 1;\nUPDATE t SET id = id * 2;");
        Sql.execute(db, "INSERT INTO public.migrate_history (installed_rank, version, description, kind, script, checksum,"
                + " installed_by, started_at, state, statements_done, statements_total)"
                + " VALUES (2, '2', 'data', 'VERSIONED', 'V2__data.sql', '" + checksum("V2__data.sql") + "', 'app', now(), 'RUNNING', 1, 2)");

        try (Migrator m = migrator()) {
            assertThat(m.status().problems()).singleElement().satisfies(p -> {
                assertThat(p.message()).contains("Whether statement 2 (line 3) completed cannot be told", "1 or 2 of 2 statements completed");
                assertThat(p.fix()).contains("resolve().resume(\"2\", 2)", "resolve().resume(\"2\", 3)");
            });
            assertThatThrownBy(() -> m.resolve().resume("2")).isInstanceOfSatisfying(ValidationException.class,
                    e -> assertThat(e.getMessage()).contains("cannot tell whether it took effect"));
            m.resolve().resume("2", 3);
            assertThat(m.migrate().applied()).singleElement().extracting(MigrateResult.Applied::statements).isEqualTo(0);
        }
        assertThat(history()).endsWith("2:APPLIED:2");
    }

    @Test
    void a_run_whose_session_is_still_at_work_is_waited_for_within_lock_wait_and_then_reported() throws Exception {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);");
        migrate();
        dir().write("V2__slow.sql", "-- migrate:no-transaction\nSELECT pg_sleep(30);\nSELECT 2;");
        try (Connection orphan = db.getConnection()) {
            long pid;
            try (Statement st = orphan.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getLong(1);
            }
            Sql.execute(db, "INSERT INTO public.migrate_history (installed_rank, version, description, kind, script, checksum,"
                    + " installed_by, started_at, state, statements_done, statements_total, backend_pid, backend_start)"
                    + " SELECT 2, '2', 'slow', 'VERSIONED', 'V2__slow.sql', 'x', 'app', now(), 'RUNNING', 0, 2, pid, backend_start"
                    + " FROM pg_stat_activity WHERE pid = " + pid);
            // The orphan: a session whose client died, still running statement 1 on the server.
            CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
                try (Statement st = orphan.createStatement()) {
                    st.execute("SELECT pg_sleep(30)");
                } catch (java.sql.SQLException cancelled) {
                    // Cancelled at the end of the test.
                }
            });
            Thread.sleep(300);
            try (Migrator m = Migrator.configure().dataSource(db).locations(Location.directory(tmp)).listener(events::add)
                    .lockWait(Duration.ofMillis(800)).build()) {
                assertThatThrownBy(m::migrate).isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.getMessage())
                        .contains("is being applied by backend pid " + pid, "active now", "running SELECT PG_SLEEP ...", "pg_cancel_backend(" + pid + ")")
                        .doesNotContain("pg_sleep(30)"));
            }
            assertThat(events).filteredOn(MigrationEvent.WaitingForInterruptedRun.class::isInstance).singleElement()
                    .satisfies(e -> assertThat(((MigrationEvent.WaitingForInterruptedRun) e).pid()).isEqualTo((int) pid));
            Sql.execute(db, "SELECT pg_cancel_backend(" + pid + ")");
            running.join();
        }
    }

    @Test
    void a_failed_transactional_attempt_is_kept_for_the_record_and_shown_by_status_without_blocking() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);")
                .write("V2__broken.sql", "INSERT INTO t VALUES (1);\nINSERT INTO t VALUES ('not a number');");
        assertThatThrownBy(this::migrate).isInstanceOf(MigrationFailedException.class);

        try (Migrator m = migrator()) {
            Status status = m.status();
            assertThat(status.isValid()).isTrue();
            MigrationInfo v2 = status.migrations().get(1);
            assertThat(v2.state()).isEqualTo(MigrationState.PENDING);
            assertThat(v2.lastFailure()).satisfies(f -> {
                assertThat(f.error()).contains("invalid input syntax");
                assertThat(f.installedBy()).isEqualTo("postgres");
                assertThat(f.startedAt()).isNotNull();
                assertThat(f.statementsDone()).isEqualTo(1);
            });
            assertThat(status.toText()).contains("Failed attempts", "V2__broken.sql", "statement 2 of 2", "invalid input syntax");
            assertThatThrownBy(() -> m.resolve().resume("2")).isInstanceOf(ValidationException.class);
        }
        dir().write("V2__broken.sql", "INSERT INTO t VALUES (1);\nINSERT INTO t VALUES (2);");
        assertThat(migrate().applied()).hasSize(1);
        assertThat(history()).containsExactly("1:APPLIED:1", "2:ABORTED:1", "2:APPLIED:2");
        try (Migrator m = migrator()) {
            assertThat(m.status().migrations().get(1).lastFailure()).as("the attempt that came after it").isNull();
        }
    }

    @Test
    void a_failure_says_what_the_same_call_had_already_applied() {
        dir().write("V1__a.sql", "CREATE TABLE a (id int);")
                .write("V2__b.sql", "CREATE TABLE b (id int);")
                .write("V3__broken.sql", "SELECT no_such_column FROM a;");

        assertThatThrownBy(this::migrate).isInstanceOfSatisfying(MigrationFailedException.class, e -> {
            assertThat(e.completed()).extracting(MigrateResult.Applied::script).containsExactly("V1__a.sql", "V2__b.sql");
            assertThat(e.getMessage()).contains("Before this failure the same call applied 2 migration(s), which stay applied:"
                    + " V1__a.sql, V2__b.sql");
        });
    }

    @Test
    void a_rollback_failure_says_what_it_had_already_reverted() {
        dir().write("V1__a.sql", "CREATE TABLE a (id int);").write("U1__a.sql", "DROP TABLE a;")
                .write("V2__b.sql", "CREATE TABLE b (id int);").write("U2__b.sql", "DROP TABLE no_such_table;")
                .write("V3__c.sql", "CREATE TABLE c (id int);").write("U3__c.sql", "DROP TABLE c;");
        migrate();

        try (Migrator m = migrator()) {
            assertThatThrownBy(() -> m.rollback().all()).isInstanceOfSatisfying(MigrationFailedException.class, e -> {
                assertThat(e.completed()).extracting(MigrateResult.Applied::script).containsExactly("U3__c.sql");
                assertThat(e.getMessage()).contains("the same call reverted 1 migration(s), which stay reverted: U3__c.sql");
            });
        }
    }

    @Test
    void a_new_enum_value_used_in_the_same_migration_is_applied_without_a_transaction() {
        dir().write("V1__mood.sql", "CREATE TYPE mood AS ENUM ('ok');\nCREATE TABLE person (m mood);\nINSERT INTO person VALUES ('ok');")
                .write("V2__meh.sql", "ALTER TYPE mood ADD VALUE 'meh';\nUPDATE person SET m = 'meh';");

        MigrateResult result = migrate();

        assertThat(result.applied().get(1).mode()).isEqualTo(TransactionMode.NON_TRANSACTIONAL);
        assertThat(Sql.one(db, "SELECT m FROM person")).isEqualTo("meh");
    }

    @Test
    void an_enum_value_used_where_the_script_does_not_show_it_fails_with_the_directive_in_the_hint() {
        dir().write("V1__mood.sql", "CREATE TYPE mood AS ENUM ('ok');\nCREATE TABLE person (m mood);\nINSERT INTO person VALUES ('ok');")
                .write("V2__meh.sql", "ALTER TYPE mood ADD VALUE 'meh';\nUPDATE person SET m = ('m' || 'eh')::mood;");

        assertThatThrownBy(this::migrate).isInstanceOfSatisfying(MigrationFailedException.class, e -> {
            assertThat(e.sqlState()).isEqualTo("55P04");
            assertThat(e.getMessage()).contains("-- migrate:no-transaction");
        });
    }

    @Test
    void begin_commit_around_a_concurrent_build_is_refused_before_anything_runs() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);")
                .write("V2__index.sql", "BEGIN;\nCREATE INDEX CONCURRENTLY t_id ON t (id);\nCOMMIT;");

        assertThatThrownBy(this::migrate).isInstanceOfSatisfying(ValidationException.class, e ->
                assertThat(e.problems()).singleElement().satisfies(p -> {
                    assertThat(p.code()).isEqualTo(ErrorCode.TRANSACTION_CONTROL);
                    assertThat(p.line()).isEqualTo(2);
                }));
        assertThat(Sql.tableExists(db, "public.t")).isFalse();
    }

    @Test
    void a_resumed_run_repeats_the_scripts_own_sets_before_it_continues() {
        Sql.execute(db, "CREATE SCHEMA other");
        dir().write("V1__t.sql", "CREATE TABLE other.t (id int, email text);\nINSERT INTO other.t VALUES (1, 'a'), (2, 'a');");
        dir().write("V2__in_other.sql", "SET search_path TO other;\nCREATE UNIQUE INDEX CONCURRENTLY t_email ON t (email);\n"
                + "CREATE TABLE after_index (id int);");
        assertThatThrownBy(this::migrate).isInstanceOf(MigrationFailedException.class);
        Sql.execute(db, "DELETE FROM other.t WHERE id = 2");
        try (Migrator m = migrator()) {
            assertThat(m.status().problems()).singleElement().satisfies(p -> assertThat(p.message())
                    .contains("INVALID index \"other\".\"t_email\"", "which the next attempt drops and builds again"));
            m.resolve().resume("2");
            m.migrate();
        }
        assertThat(validity("other.t_email")).isEqualTo("true");
        assertThat(Sql.tableExists(db, "other.after_index")).as("created under the script's own search path").isTrue();
    }

    @Test
    void resume_after_the_script_was_edited_needs_the_statement_from_a_person() {
        duplicates();
        dir().write("V2__unique.sql", "CREATE UNIQUE INDEX CONCURRENTLY t_email ON t (email);\nSELECT 1;");
        assertThatThrownBy(this::migrate).isInstanceOf(MigrationFailedException.class);
        Sql.execute(db, "DELETE FROM t WHERE id = 2");
        dir().write("V2__unique.sql", "CREATE TABLE before_index (id int);\nCREATE UNIQUE INDEX CONCURRENTLY t_email ON t (email);\nSELECT 1;");

        try (Migrator m = migrator()) {
            assertThatThrownBy(() -> m.resolve().resume("2")).isInstanceOfSatisfying(ValidationException.class,
                    e -> assertThat(e.getMessage()).contains("was edited since it failed", "resume(\"2\", n)"));
            m.resolve().resume("2", 1);
            m.migrate();
        }
        assertThat(Sql.tableExists(db, "public.before_index")).isTrue();
        assertThat(validity("t_email")).isEqualTo("true");
    }

    @Test
    void an_invalid_index_an_unnamed_build_left_is_named_and_never_dropped() {
        duplicates();
        dir().write("V2__unique.sql", "CREATE UNIQUE INDEX CONCURRENTLY ON t (email);");
        assertThatThrownBy(this::migrate).isInstanceOfSatisfying(MigrationFailedException.class,
                e -> assertThat(e.getMessage()).contains("INVALID index \"public\".\"t_email_idx\""));
        Sql.execute(db, "DELETE FROM t WHERE id = 2");
        try (Migrator m = migrator()) {
            assertThat(m.status().problems()).singleElement().satisfies(p -> assertThat(p.message())
                    .contains("cannot prove it made \"public\".\"t_email_idx\""));
            m.resolve().resume("2");
            m.migrate();
        }
        assertThat(events).noneMatch(MigrationEvent.InvalidIndexDropped.class::isInstance);
        assertThat(validity("t_email_idx")).as("left for a person to drop").isEqualTo("false");
        assertThat(validity("t_email_idx1")).isEqualTo("true");
    }

    @Test
    void resuming_a_detach_left_pending_finalizes_it_instead_of_failing() throws Exception {
        dir().write("V1__parts.sql", "CREATE TABLE m (at date, v int) PARTITION BY RANGE (at);\n"
                + "CREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');");
        migrate();
        dir().write("V2__detach.sql", "ALTER TABLE m DETACH PARTITION m_2024 CONCURRENTLY;\nCREATE TABLE after_detach (id int);");
        // A detach cancelled while it waits for a transaction that uses the table stays pending.
        try (Connection reader = db.getConnection(); Connection detacher = db.getConnection()) {
            reader.setAutoCommit(false);
            try (Statement st = reader.createStatement()) {
                st.execute("SELECT count(*) FROM m");
            }
            long pid;
            try (Statement st = detacher.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getLong(1);
            }
            CompletableFuture<Void> detach = CompletableFuture.runAsync(() -> {
                try (Statement st = detacher.createStatement()) {
                    st.execute("ALTER TABLE m DETACH PARTITION m_2024 CONCURRENTLY");
                } catch (java.sql.SQLException cancelled) {
                    // Expected.
                }
            });
            while (Sql.one(db, "SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid + " AND wait_event_type = 'Lock'").equals("0")) {
                Thread.sleep(20);
            }
            Sql.execute(db, "SELECT pg_cancel_backend(" + pid + ")");
            detach.join();
            reader.rollback();
        }
        assertThat(Sql.one(db, "SELECT inhdetachpending FROM pg_inherits WHERE inhrelid = 'm_2024'::regclass")).isEqualTo("t");
        Sql.execute(db, "INSERT INTO public.migrate_history (installed_rank, version, description, kind, script, checksum,"
                + " installed_by, started_at, state, statements_done, statements_total, error) VALUES (2, '2', 'detach', 'VERSIONED',"
                + " 'V2__detach.sql', '" + checksum("V2__detach.sql") + "', 'app', now(), 'FAILED', 0, 2, 'canceling statement')");

        try (Migrator m = migrator()) {
            assertThat(m.status().problems()).singleElement().satisfies(p -> assertThat(p.message())
                    .contains("pending detach", "FINALIZE"));
            m.resolve().resume("2");
            m.migrate();
        }
        assertThat(Sql.one(db, "SELECT count(*) FROM pg_inherits WHERE inhrelid = 'm_2024'::regclass")).isEqualTo("0");
        assertThat(Sql.tableExists(db, "public.after_detach")).isTrue();
    }

    @Test
    void a_history_state_from_a_newer_release_is_named_instead_of_crashing() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);");
        migrate();
        Sql.execute(db, "UPDATE public.migrate_history SET state = 'FROM_THE_FUTURE'");

        try (Migrator m = migrator()) {
            assertThatThrownBy(m::status).isInstanceOfSatisfying(DatabaseException.class,
                    e -> assertThat(e.getMessage()).contains("'FROM_THE_FUTURE'", "a newer release wrote it"));
        }
    }

    @Test
    void a_history_table_of_an_earlier_release_is_read_on_a_read_only_session_and_upgraded_by_migrate() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);");
        migrate();
        Sql.execute(db, "ALTER TABLE public.migrate_history DROP COLUMN backend_pid, DROP COLUMN backend_start,"
                + " DROP COLUMN application_name, DROP COLUMN indexes_before");
        org.postgresql.ds.PGSimpleDataSource readOnly = new org.postgresql.ds.PGSimpleDataSource();
        readOnly.setURL(TestDatabases.url(db));
        readOnly.setUser("postgres");
        readOnly.setOptions("-c default_transaction_read_only=on");

        try (Migrator m = Migrator.configure().dataSource(readOnly).locations(Location.directory(tmp)).build()) {
            assertThat(m.status().inState(MigrationState.APPLIED)).hasSize(1);
        }
        dir().write("V2__u.sql", "CREATE TABLE u (id int);");
        migrate();
        assertThat(Sql.one(db, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'migrate_history'"
                + " AND column_name IN ('backend_pid', 'backend_start', 'application_name', 'indexes_before')")).isEqualTo("4");
    }

    @Test
    void the_catalog_is_read_with_the_managed_schemas_on_the_search_path() {
        try (Migrator m = Migrator.configure().dataSource(db).locations(Location.directory(tmp)).schema("app").build()) {
            dir().write("V1__t.sql", "CREATE TABLE t (id int);");
            m.migrate();
        }
        dir().write("V2__tables.sql", "-- migrate:no-transaction\nCREATE TABLE orders (id int);\nCREATE TABLE lines (id int);");
        Sql.execute(db, "CREATE TABLE app.orders (id int)");
        Sql.execute(db, "INSERT INTO app.migrate_history (installed_rank, version, description, kind, script, checksum,"
                + " installed_by, started_at, state, statements_done, statements_total) VALUES (2, '2', 'tables', 'VERSIONED',"
                + " 'V2__tables.sql', '" + checksum("V2__tables.sql") + "', 'app', now(), 'RUNNING', 0, 2)");

        try (Migrator m = Migrator.configure().dataSource(db).locations(Location.directory(tmp)).schema("app").build()) {
            assertThat(m.status().problems()).singleElement().satisfies(p -> assertThat(p.message())
                    .contains("completed after that (orders exists)", "1 of 2 statements completed"));
            m.resolve().resume("2");
            m.migrate();
        }
        assertThat(Sql.tableExists(db, "app.lines")).isTrue();
    }

    @Test
    void a_do_block_before_the_stop_does_not_keep_resume_from_working_unless_it_sets_settings() {
        duplicates();
        dir().write("V2__unique.sql", "DO $$ BEGIN PERFORM 1; END $$;\nCREATE UNIQUE INDEX CONCURRENTLY t_email ON t (email);");
        assertThatThrownBy(this::migrate).isInstanceOf(MigrationFailedException.class);
        Sql.execute(db, "DELETE FROM t WHERE id = 2");
        try (Migrator m = migrator()) {
            m.resolve().resume("2");
            m.migrate();
        }
        assertThat(validity("t_email")).isEqualTo("true");
    }

    @Test
    void a_do_block_that_sets_a_setting_before_the_stop_needs_the_statement_from_a_person() {
        duplicates();
        dir().write("V2__unique.sql", "DO $$ BEGIN SET statement_timeout = 0; END $$;\n"
                + "CREATE UNIQUE INDEX CONCURRENTLY t_email ON t (email);");
        assertThatThrownBy(this::migrate).isInstanceOf(MigrationFailedException.class);
        try (Migrator m = migrator()) {
            assertThatThrownBy(() -> m.resolve().resume("2")).isInstanceOfSatisfying(ValidationException.class,
                    e -> assertThat(e.getMessage()).contains("cannot repeat", "resume(\"2\", 2)"));
        }
    }

    @Test
    void a_failed_down_script_is_not_resumed() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);\nCREATE INDEX t_id ON t (id);")
                .write("U1__t.sql", "DROP INDEX CONCURRENTLY t_id;\nDROP TABLE no_such_table;");
        migrate();
        try (Migrator m = migrator()) {
            assertThatThrownBy(() -> m.rollback().last()).isInstanceOf(MigrationFailedException.class);
            assertThatThrownBy(() -> m.resolve().resume("1")).isInstanceOfSatisfying(ValidationException.class,
                    e -> assertThat(e.getMessage()).contains("down script U1__t.sql", "not rollbacks"));
        }
    }

    @Test
    void a_leftover_is_not_dropped_while_another_session_builds_an_index_on_the_table() throws Exception {
        duplicates();
        dir().write("V2__unique.sql", "CREATE UNIQUE INDEX CONCURRENTLY t_email ON t (email);");
        assertThatThrownBy(this::migrate).isInstanceOf(MigrationFailedException.class);
        Sql.execute(db, "DELETE FROM t WHERE id = 2");
        try (Connection snapshot = db.getConnection(); Connection builder = db.getConnection()) {
            snapshot.setAutoCommit(false);
            snapshot.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement st = snapshot.createStatement()) {
                st.execute("SELECT count(*) FROM t");
            }
            CompletableFuture<Void> build = CompletableFuture.runAsync(() -> {
                try (Statement st = builder.createStatement()) {
                    st.execute("CREATE INDEX CONCURRENTLY by_hand ON t (id)");
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            while (Sql.one(db, "SELECT count(*) FROM pg_stat_progress_create_index").equals("0")) {
                Thread.sleep(20);
            }
            CompletableFuture<Throwable> resumed;
            try (Migrator m = migrator()) {
                m.resolve().resume("2");
            }
            // Our build queues behind the other one for the table's lock; it must not have dropped anything first.
            resumed = CompletableFuture.supplyAsync(() -> {
                try {
                    migrate();
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            while (Sql.one(db, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'CREATE UNIQUE INDEX CONCURRENTLY t_email%'"
                    + " AND wait_event_type = 'Lock'").equals("0")) {
                Thread.sleep(20);
            }
            assertThat(events).noneMatch(MigrationEvent.InvalidIndexDropped.class::isInstance);
            snapshot.commit();
            build.join();
            assertThat(resumed.get(60, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(MigrationFailedException.class)
                    .hasMessageContaining("already exists");
        }
        assertThat(validity("by_hand")).as("the other session's build was left alone").isEqualTo("true");
    }

    @Test
    void reindex_schema_concurrently_is_checked_for_copies_it_left_invalid() {
        Sql.execute(db, "CREATE SCHEMA app");
        dir().write("V1__t.sql", "CREATE TABLE app.t (id int, email text);\nCREATE INDEX t_id ON app.t (id);")
                .write("V2__reindex.sql", "REINDEX SCHEMA CONCURRENTLY app;");
        assertThat(migrate().applied()).hasSize(2);

        // An INVALID copy like the ones an interrupted REINDEX leaves, already in the schema.
        Sql.execute(db, "INSERT INTO app.t VALUES (1, 'a'), (2, 'a')");
        try {
            Sql.execute(db, "CREATE UNIQUE INDEX CONCURRENTLY t_email_ccnew ON app.t (email)");
        } catch (IllegalStateException expected) {
            // Duplicates: the index stays, INVALID.
        }
        dir().write("V3__again.sql", "REINDEX SCHEMA CONCURRENTLY app;");
        assertThatThrownBy(this::migrate).isInstanceOfSatisfying(MigrationFailedException.class,
                e -> assertThat(e.getMessage()).contains("INVALID copies", "\"app\".\"t_email_ccnew\""));
        assertThat(history()).endsWith("3:FAILED:0");
    }
}
