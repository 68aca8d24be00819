package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.testing.MigrationsDir;
import dev.migrate.testing.Sql;
import dev.migrate.testing.TestDatabases;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResolveTest {
    @TempDir
    Path tmp;

    private final DataSource db = TestDatabases.newDatabase();

    private MigrationsDir dir() {
        return new MigrationsDir(tmp);
    }

    private Migrator migrator() {
        return Migrator.configure().dataSource(db).locations(Location.directory(tmp)).installedBy("ops-alice").build();
    }

    private List<String> history() {
        return Sql.column(db, "SELECT coalesce(version, 'R') || ':' || state || ':' || installed_by"
                + " || ':' || coalesce(execution_ms::text, '-') FROM public.migrate_history ORDER BY installed_rank");
    }

    /** V2 creates an index concurrently, so it runs without a transaction, and then fails. */
    private void failHalfWay(Migrator m) {
        dir().write("V1__t.sql", "CREATE TABLE t (id int, email text);")
                .write("V2__index.sql", "CREATE INDEX CONCURRENTLY t_email ON t (email);\nALTER TABLE t ADD COLUMN broken no_such_type;");
        assertThatThrownBy(m::migrate).isInstanceOf(MigrationFailedException.class)
                .hasMessageContaining("resolve().markApplied(\"2\")");
    }

    @Test
    void mark_applied_lets_migrate_continue_after_a_failure_finished_by_hand() {
        try (Migrator m = migrator()) {
            failHalfWay(m);
            Sql.execute(db, "ALTER TABLE t ADD COLUMN broken text");
            dir().write("V3__more.sql", "ALTER TABLE t ADD COLUMN more int;");

            ResolveResult result = m.resolve().markApplied("2");

            assertThat(result.resolved()).singleElement().satisfies(r -> {
                assertThat(r.before()).isEqualTo(MigrationState.FAILED);
                assertThat(r.after()).isEqualTo(MigrationState.APPLIED);
            });
            assertThat(history()).endsWith("2:RESOLVED:ops-alice:-");
            assertThat(m.migrate().applied()).extracting(MigrateResult.Applied::script).containsExactly("V3__more.sql");
            assertThat(m.status().isValid()).isTrue();
        }
    }

    @Test
    void mark_rolled_back_runs_the_migration_again_from_the_start() {
        try (Migrator m = migrator()) {
            failHalfWay(m);
            Sql.execute(db, "DROP INDEX t_email");
            dir().write("V2__index.sql", "CREATE INDEX CONCURRENTLY t_email ON t (email);\nALTER TABLE t ADD COLUMN fixed text;");
            assertThatThrownBy(m::migrate).as("still blocked before resolving").isInstanceOf(ValidationException.class);

            m.resolve().markRolledBack("2");

            assertThat(m.status().pending()).extracting(MigrationInfo::script).containsExactly("V2__index.sql");
            assertThat(m.migrate().applied()).hasSize(1);
            assertThat(Sql.column(db, "SELECT version || ':' || state FROM public.migrate_history ORDER BY installed_rank"))
                    .containsExactly("1:APPLIED", "2:FAILED", "2:ROLLED_BACK", "2:APPLIED");
            assertThat(history().get(2)).isEqualTo("2:ROLLED_BACK:ops-alice:-");
        }
    }

    @Test
    void mark_applied_records_a_pending_migration_that_was_applied_by_hand_without_running_it() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);");
        try (Migrator m = migrator()) {
            m.migrate();
            dir().write("V2__hand.sql", "CREATE TABLE done_by_hand (id int);");
            Sql.execute(db, "CREATE TABLE done_by_hand (id int)");

            m.resolve().markApplied("2");

            assertThat(m.migrate().applied()).as("V2 would fail if it ran: the table exists").isEmpty();
            assertThat(m.status().currentVersion()).contains(Version.parse("2"));
        }
    }

    @Test
    void accept_checksums_records_reviewed_edits_and_clears_the_mismatch() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);").write("V2__u.sql", "CREATE TABLE u (id int);");
        try (Migrator m = migrator()) {
            m.migrate();
            dir().write("V2__u.sql", "-- reviewed: comment only\nCREATE TABLE u (id int);");
            assertThat(m.status().inState(MigrationState.MODIFIED)).hasSize(1);

            ResolveResult result = m.resolve().acceptChecksums();

            assertThat(result.resolved()).extracting(ResolveResult.Resolved::script).containsExactly("V2__u.sql");
            assertThat(m.status().isValid()).isTrue();
            assertThat(m.status().migrations()).extracting(MigrationInfo::state).containsOnly(MigrationState.APPLIED);
            assertThat(m.resolve().acceptChecksums().count()).as("nothing left to accept").isZero();
            assertThat(m.migrate().applied()).isEmpty();
        }
    }

    @Test
    void refuses_resolutions_that_do_not_fit_the_state_and_changes_nothing() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);");
        try (Migrator m = migrator()) {
            m.migrate();
            List<String> before = history();

            assertThatThrownBy(() -> m.resolve().markRolledBack("1")).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("Version 1 is applied").hasMessageContaining("use rollback()");
            assertThatThrownBy(() -> m.resolve().markApplied("1")).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("cannot be marked applied");
            assertThatThrownBy(() -> m.resolve().markApplied("9")).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("No migration is known as '9'");
            assertThat(history()).isEqualTo(before);
        }
    }

    @Test
    void baseline_adopts_an_existing_database_and_runs_only_newer_migrations() {
        Sql.execute(db, "CREATE TABLE legacy (id int)");
        dir().write("V1__legacy.sql", "CREATE TABLE legacy (id int);")
                .write("V2__legacy_name.sql", "ALTER TABLE legacy ADD COLUMN name text;")
                .write("V3__new.sql", "CREATE TABLE fresh (id int);");
        Sql.execute(db, "ALTER TABLE legacy ADD COLUMN name text");
        try (Migrator m = migrator()) {
            Status status = m.baseline("2");

            assertThat(status.migrations()).extracting(MigrationInfo::label, MigrationInfo::state).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("1", MigrationState.BELOW_BASELINE),
                    org.assertj.core.groups.Tuple.tuple("2", MigrationState.BASELINE),
                    org.assertj.core.groups.Tuple.tuple("3", MigrationState.PENDING));
            assertThat(status.currentVersion()).contains(Version.parse("2"));
            assertThat(m.migrate().applied()).extracting(MigrateResult.Applied::script).containsExactly("V3__new.sql");
        }
    }

    @Test
    void baseline_is_refused_once_the_history_has_rows() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);");
        try (Migrator m = migrator()) {
            m.migrate();

            assertThatThrownBy(() -> m.baseline("1")).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("already has 1 row(s)");
        }
    }

    @Test
    void a_version_applied_by_a_newer_release_is_a_warning_not_a_problem() {
        dir().write("V1__t.sql", "CREATE TABLE t (id int);").write("V2__u.sql", "CREATE TABLE u (id int);");
        try (Migrator m = migrator()) {
            m.migrate();
        }
        dir().delete("V2__u.sql");
        try (Migrator older = migrator()) {
            Status status = older.status();

            assertThat(status.isValid()).isTrue();
            assertThat(status.inState(MigrationState.FUTURE)).hasSize(1);
            assertThat(status.warnings()).singleElement().satisfies(w -> {
                assertThat(w.code()).isEqualTo(ErrorCode.FUTURE_MIGRATION);
                assertThat(w.message()).contains("newer release");
            });
            assertThat(older.migrate().applied()).isEmpty();
        }
    }
}
