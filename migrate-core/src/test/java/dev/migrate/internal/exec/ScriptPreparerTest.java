package dev.migrate.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.ErrorCode;
import dev.migrate.InvalidMigrationException;
import dev.migrate.MigrationKind;
import dev.migrate.TransactionMode;
import dev.migrate.Version;
import dev.migrate.internal.source.ResolvedMigration;
import dev.migrate.internal.sql.Placeholders;
import dev.migrate.spi.Script;
import dev.migrate.internal.sql.SqlStatement;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScriptPreparerTest {
    private final ScriptPreparer preparer = new ScriptPreparer(new Placeholders(Map.of("role", "reader")));

    private static ResolvedMigration migration(String sql, boolean metadataNoTransaction) {
        Script file = Script.file("classpath:db", "V2__x.sql", sql.getBytes(StandardCharsets.UTF_8));
        return new ResolvedMigration(MigrationKind.VERSIONED, Version.parse("2"), "x", file, "c", null, metadataNoTransaction);
    }

    private PreparedMigration prepare(String sql) {
        return preparer.prepare(migration(sql, false), 18);
    }

    @Test
    void ordinary_scripts_run_in_one_transaction_with_placeholders_replaced() {
        PreparedMigration p = prepare("CREATE TABLE t (id int);\nGRANT SELECT ON t TO ${role};");
        assertThat(p.mode()).isEqualTo(TransactionMode.TRANSACTIONAL);
        assertThat(p.modeReason()).isNull();
        assertThat(p.statements()).extracting(SqlStatement::sql).containsExactly("CREATE TABLE t (id int)", "GRANT SELECT ON t TO reader");
    }

    @Test
    void a_concurrent_index_makes_the_migration_non_transactional_and_says_where() {
        PreparedMigration p = prepare("CREATE TABLE t (id int);\n\nCREATE INDEX CONCURRENTLY i ON t (id);");
        assertThat(p.mode()).isEqualTo(TransactionMode.NON_TRANSACTIONAL);
        assertThat(p.modeReason()).contains("CREATE INDEX CONCURRENTLY", "line 3");
    }

    @Test
    void the_directive_and_diesel_metadata_force_non_transactional() {
        assertThat(prepare("-- migrate:no-transaction\nSELECT 1;").modeReason()).contains("line 1");
        assertThat(preparer.prepare(migration("SELECT 1;", true), 18).modeReason()).contains("metadata.toml");
    }

    @Test
    void a_begin_commit_wrapper_is_dropped_since_the_migration_is_one_transaction_anyway() {
        PreparedMigration p = prepare("BEGIN;\nCREATE TABLE t (id int);\nCOMMIT;\n");
        assertThat(p.mode()).isEqualTo(TransactionMode.TRANSACTIONAL);
        assertThat(p.statements()).extracting(SqlStatement::sql).containsExactly("CREATE TABLE t (id int)");
    }

    @Test
    void transaction_control_in_the_middle_is_refused_with_its_line() {
        assertThatThrownBy(() -> prepare("CREATE TABLE a (id int);\nCOMMIT;\nCREATE TABLE b (id int);"))
                .isInstanceOfSatisfying(InvalidMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TRANSACTION_CONTROL);
                    assertThat(e.problem().line()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("migrate:no-transaction");
                });
    }

    @Test
    void transaction_control_is_allowed_when_the_script_runs_without_our_transaction() {
        PreparedMigration p = prepare("-- migrate:no-transaction\nBEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\nVACUUM a;");
        assertThat(p.statements()).hasSize(4);
    }

    @Test
    void copy_from_stdin_is_refused() {
        assertThatThrownBy(() -> prepare("CREATE TABLE t (a int);\nCOPY t (a) FROM stdin;"))
                .isInstanceOfSatisfying(InvalidMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.COPY_STDIN);
                    assertThat(e.problem().line()).isEqualTo(2);
                });
    }

    @Test
    void an_enum_value_added_and_then_used_runs_without_a_transaction() {
        PreparedMigration p = prepare("ALTER TYPE mood ADD VALUE IF NOT EXISTS 'meh' AFTER 'ok';\nCOMMENT ON TYPE mood IS 'meh is new';\n"
                + "UPDATE person SET m = 'meh' WHERE m IS NULL;");
        assertThat(p.mode()).isEqualTo(TransactionMode.NON_TRANSACTIONAL);
        assertThat(p.modeReason()).contains("ADD VALUE 'meh'", "line 1", "line 3");
    }

    @Test
    void an_enum_value_used_in_a_sql_function_body_counts_and_an_unused_one_keeps_the_transaction() {
        assertThat(prepare("ALTER TYPE mood ADD VALUE 'meh';\nCREATE FUNCTION f() RETURNS mood LANGUAGE sql AS $$ SELECT 'meh'::mood $$;")
                .mode()).isEqualTo(TransactionMode.NON_TRANSACTIONAL);
        assertThat(prepare("ALTER TYPE mood ADD VALUE 'meh';\nCOMMENT ON TYPE mood IS 'meh is new';").mode())
                .isEqualTo(TransactionMode.TRANSACTIONAL);
        assertThat(prepare("ALTER TYPE mood RENAME VALUE 'a' TO 'b';\nSELECT 'b'::mood;").mode()).isEqualTo(TransactionMode.TRANSACTIONAL);
    }

    @Test
    void a_statement_refused_in_a_transaction_inside_the_scripts_own_block_is_a_validation_error() {
        assertThatThrownBy(() -> prepare("BEGIN;\nCREATE INDEX CONCURRENTLY i ON t (id);\nCOMMIT;"))
                .isInstanceOfSatisfying(InvalidMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TRANSACTION_CONTROL);
                    assertThat(e.problem().line()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("CREATE INDEX CONCURRENTLY", "line 1", "25001");
                });
        assertThatThrownBy(() -> prepare("-- migrate:no-transaction\nSTART TRANSACTION;\nUPDATE t SET a = 1;\nVACUUM t;\nCOMMIT;"))
                .isInstanceOfSatisfying(InvalidMigrationException.class, e -> assertThat(e.problem().line()).isEqualTo(4));
    }

    @Test
    void an_explicit_block_apart_from_the_concurrent_statement_is_kept() {
        PreparedMigration p = prepare("BEGIN;\nUPDATE t SET a = 1;\nCOMMIT;\nCREATE INDEX CONCURRENTLY i ON t (a);");
        assertThat(p.mode()).isEqualTo(TransactionMode.NON_TRANSACTIONAL);
        assertThat(p.statements()).hasSize(4);
    }

    @Test
    void a_block_the_script_never_commits_is_a_validation_error() {
        assertThatThrownBy(() -> prepare("-- migrate:no-transaction\nBEGIN;\nUPDATE t SET a = 1;"))
                .isInstanceOfSatisfying(InvalidMigrationException.class, e -> assertThat(e.getMessage()).contains("never committed"));
        assertThatThrownBy(() -> prepare("-- migrate:no-transaction\nBEGIN;\nUPDATE t SET a = 1;\nCOMMIT AND CHAIN;\nVACUUM t;"))
                .as("AND CHAIN opens the next block").isInstanceOf(InvalidMigrationException.class);
        assertThat(prepare("-- migrate:no-transaction\nBEGIN;\nUPDATE t SET a = 1;\nCOMMIT AND NO CHAIN;\nVACUUM t;").statements())
                .hasSize(4);
        assertThatThrownBy(() -> prepare("-- migrate:no-transaction\nBEGIN;\nUPDATE t SET a = 1;\nPREPARE TRANSACTION 'x';"))
                .isInstanceOfSatisfying(InvalidMigrationException.class, e -> assertThat(e.getMessage()).contains("PREPARE TRANSACTION"));
    }

    @Test
    void a_new_enum_value_used_inside_the_block_that_adds_it_is_a_validation_error() {
        assertThatThrownBy(() -> prepare("BEGIN;\nALTER TYPE mood ADD VALUE 'meh';\nUPDATE person SET m = 'meh';\nCOMMIT;"))
                .isInstanceOfSatisfying(InvalidMigrationException.class, e -> {
                    assertThat(e.problem().line()).isEqualTo(3);
                    assertThat(e.getMessage()).contains("55P04", "line 2");
                });
    }

    @Test
    void statements_that_would_release_the_migration_lock_are_refused() {
        assertThatThrownBy(() -> prepare("-- migrate:no-transaction\nSELECT 1;\nDISCARD ALL;"))
                .isInstanceOfSatisfying(InvalidMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.RELEASES_MIGRATION_LOCK);
                    assertThat(e.problem().line()).isEqualTo(3);
                });
        assertThatThrownBy(() -> prepare("SELECT PG_ADVISORY_UNLOCK_ALL();")).isInstanceOf(InvalidMigrationException.class);
        assertThatThrownBy(() -> prepare("DO $$ BEGIN PERFORM pg_advisory_unlock_all(); END $$;")).isInstanceOf(InvalidMigrationException.class);
        assertThat(prepare("DISCARD TEMP;").statements()).hasSize(1);
        assertThat(prepare("CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $$ SELECT pg_advisory_unlock_all() $$;\n"
                + "COMMENT ON FUNCTION f() IS 'calls pg_advisory_unlock_all()';").statements()).as("defined, not called").hasSize(2);
    }

    @Test
    void a_value_added_to_another_enum_than_the_one_created_here_still_needs_its_commit() {
        assertThat(prepare("CREATE TYPE other AS ENUM ('a');\nALTER TYPE mood ADD VALUE 'meh';\nUPDATE p SET m = 'meh';").mode())
                .isEqualTo(TransactionMode.NON_TRANSACTIONAL);
    }

    @Test
    void an_enum_created_with_its_schema_and_altered_without_it_is_still_the_same_type() {
        assertThat(prepare("CREATE TYPE app.mood AS ENUM ('ok');\nALTER TYPE mood ADD VALUE 'meh';\nCREATE TABLE p (m app.mood DEFAULT 'meh');")
                .mode()).isEqualTo(TransactionMode.TRANSACTIONAL);
    }

    @Test
    void only_scripts_that_may_set_settings_say_so() {
        assertThat(prepare("CREATE TABLE t (id int);\nINSERT INTO t VALUES (1);").setsSettings()).isFalse();
        assertThat(prepare("SET statement_timeout = 0;\nCREATE TABLE t (id int);").setsSettings()).isTrue();
        assertThat(prepare("SELECT pg_catalog.Set_Config('x.y', 'z', false);").setsSettings()).isTrue();
        assertThat(prepare("DO $$ BEGIN NULL; END $$;").setsSettings()).isTrue();
    }
}
