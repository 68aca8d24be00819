package dev.migrate.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatementKindsTest {

    private static SqlStatement statement(String sql) {
        return SqlSplitter.split("x", sql).statements().get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "CREATE INDEX CONCURRENTLY i ON t (a)",
            "create unique index concurrently if not exists i on t (a)",
            "DROP INDEX CONCURRENTLY IF EXISTS i",
            "REINDEX INDEX CONCURRENTLY i",
            "REINDEX (VERBOSE) TABLE CONCURRENTLY t",
            "REINDEX DATABASE app",
            "VACUUM ANALYZE t",
            "CREATE DATABASE other",
            "DROP DATABASE other",
            "ALTER SYSTEM SET work_mem = '64MB'",
            "ALTER TABLE m DETACH PARTITION m_2020 CONCURRENTLY",
            "CLUSTER",
            "CREATE TABLESPACE ts LOCATION '/x'"})
    void recognises_statements_postgresql_refuses_in_a_transaction(String sql) {
        assertThat(StatementKinds.nonTransactionalReason(statement(sql), 18)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "CREATE INDEX i ON t (a)",
            "CREATE TABLE concurrently (id int)",
            "REINDEX TABLE t",
            "CLUSTER t USING i",
            "ALTER TABLE m DETACH PARTITION m_2020",
            "ALTER TYPE mood ADD VALUE 'meh'",
            "INSERT INTO t VALUES ('CREATE INDEX CONCURRENTLY')"})
    void leaves_ordinary_statements_transactional(String sql) {
        assertThat(StatementKinds.nonTransactionalReason(statement(sql), 18)).isNull();
    }

    @Test
    void enum_add_value_needs_autocommit_only_before_postgresql_12() {
        SqlStatement s = statement("ALTER TYPE mood ADD VALUE 'meh'");
        assertThat(StatementKinds.nonTransactionalReason(s, 11)).contains("ADD VALUE");
        assertThat(StatementKinds.nonTransactionalReason(s, 12)).isNull();
    }

    @Test
    void recognises_transaction_control_but_not_savepoints() {
        assertThat(StatementKinds.isTransactionControl(statement("COMMIT"))).isTrue();
        assertThat(StatementKinds.isTransactionControl(statement("START TRANSACTION ISOLATION LEVEL SERIALIZABLE"))).isTrue();
        assertThat(StatementKinds.isTransactionControl(statement("ROLLBACK"))).isTrue();
        assertThat(StatementKinds.isTransactionControl(statement("ROLLBACK TO SAVEPOINT s"))).isFalse();
        assertThat(StatementKinds.isTransactionControl(statement("SAVEPOINT s"))).isFalse();
    }
}
