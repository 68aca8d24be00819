package dev.migrate.analysis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.migrate.analysis.AlterAction;
import dev.migrate.analysis.LockLevel;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.StatementFacts.ParsedBy;
import dev.migrate.analysis.StatementKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassifierTest {
    private final Classifier classifier = new Classifier(17);

    private StatementFacts facts(String sql) {
        return classifier.classify("x.sql", 1, sql, ParsedBy.TOKENS);
    }

    @Test
    void reads_statements_jsqlparser_cannot() {
        assertThat(facts("REINDEX (VERBOSE) TABLE CONCURRENTLY app.orders")).satisfies(f -> {
            assertThat(f.kind()).isEqualTo(StatementKind.REINDEX);
            assertThat(f.relation()).isEqualTo("app.orders");
            assertThat(f.lock()).isEqualTo(LockLevel.SHARE_UPDATE_EXCLUSIVE);
            assertThat(f.transactional()).isFalse();
        });
        assertThat(facts("ALTER TABLE IF EXISTS ONLY settings ALTER COLUMN value SET DATA TYPE text")).satisfies(f -> {
            assertThat(f.relation()).isEqualTo("settings");
            assertThat(f.actions()).extracting(AlterAction::type, AlterAction::column, AlterAction::dataType)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(AlterAction.Type.ALTER_COLUMN_TYPE, "value", "text"));
        });
        assertThat(facts("DROP TYPE IF EXISTS mood CASCADE").kind()).isEqualTo(StatementKind.DROP_TYPE);
        assertThat(facts("ALTER TABLE t ADD CONSTRAINT t_pk PRIMARY KEY USING INDEX t_idx").actions().get(0).usingIndex()).isTrue();
    }

    @Test
    void statements_on_several_tables_name_each_of_them() {
        assertThat(facts("DROP TABLE IF EXISTS app.a, b CASCADE").relations()).containsExactly("app.a", "b");
        assertThat(facts("TRUNCATE ONLY a, b *, ONLY c RESTART IDENTITY").relations()).containsExactly("a", "b", "c");
        assertThat(facts("LOCK TABLE a, ONLY b IN SHARE ROW EXCLUSIVE MODE")).satisfies(f -> {
            assertThat(f.relations()).containsExactly("a", "b");
            assertThat(f.lock()).isEqualTo(LockLevel.SHARE_ROW_EXCLUSIVE);
        });
        assertThat(facts("DROP TABLE t").relations()).containsExactly("t");
        assertThat(facts("SELECT 1").relations()).isEmpty();
    }

    @Test
    void policies_rules_and_domain_constraints_are_placed() {
        assertThat(facts("CREATE POLICY p ON app.orders USING (true)")).satisfies(f -> {
            assertThat(f.relation()).isEqualTo("app.orders");
            assertThat(f.lock()).isEqualTo(LockLevel.ACCESS_EXCLUSIVE);
        });
        assertThat(facts("DROP POLICY IF EXISTS p ON orders").relation()).isEqualTo("orders");
        assertThat(facts("CREATE OR REPLACE RULE r AS ON INSERT TO orders DO INSTEAD NOTHING").relation()).isEqualTo("orders");
        assertThat(facts("ALTER DOMAIN email ADD CONSTRAINT has_at CHECK (VALUE ~ '@')")).satisfies(f -> {
            assertThat(f.kind()).isEqualTo(StatementKind.ALTER_TYPE);
            assertThat(f.scans()).isTrue();
            assertThat(f.actions()).extracting(AlterAction::type).containsExactly(AlterAction.Type.ADD_CONSTRAINT);
        });
        assertThat(facts("ALTER DOMAIN email ADD CONSTRAINT has_at CHECK (VALUE ~ '@') NOT VALID").scans()).isFalse();
    }

    @Test
    void the_strongest_action_decides_the_lock_of_an_alter_table() {
        assertThat(facts("ALTER TABLE t ALTER COLUMN a SET STATISTICS 100, ADD CONSTRAINT fk FOREIGN KEY (b) REFERENCES u (id)").lock())
                .isEqualTo(LockLevel.SHARE_ROW_EXCLUSIVE);
        assertThat(facts("ALTER TABLE t VALIDATE CONSTRAINT fk, ADD COLUMN c int").lock()).isEqualTo(LockLevel.ACCESS_EXCLUSIVE);
    }

    @Test
    void quoted_names_keep_their_case_and_unquoted_ones_fold() {
        assertThat(facts("CREATE INDEX i ON \"Sales\".\"Orders\" (id)").relation()).isEqualTo("Sales.Orders");
        assertThat(facts("CREATE INDEX i ON Sales.Orders (id)").relation()).isEqualTo("sales.orders");
    }

    @Test
    void never_fails_and_never_skips_whatever_the_text() {
        List<String> odd = List.of("", ";", "ALTER", "ALTER TABLE", "CREATE INDEX ON", "'unterminated", "\"open", "$tag$ never closed",
                "/* open comment", "((((", "))))", "ALTER TABLE t ADD", "DROP", "UPDATE", "select 'a'';b'", "E'\\'' x",
                "VACUUM (", "LOCK TABLE t IN WEIRD MODE", "COMMENT ON COLUMN", "\u0000\u0001");
        for (String sql : odd) {
            assertThatCode(() -> facts(sql)).as(sql).doesNotThrowAnyException();
            assertThat(facts(sql)).as(sql).isNotNull();
        }
    }

    @Test
    void the_whole_analysis_survives_placeholders_and_malformed_statements() {
        List<String> odd = List.of("ALTER TABLE ${schema}.users ADD COLUMN x int", "ALTER TABLE users ADD COLUMN ${col} int UNIQUE",
                "ALTER TABLE users ALTER COLUMN ${col} SET NOT NULL", "DELETE USING t", "WITH x AS (SELECT 1) DELETE",
                "UPDATE", "ALTER TABLE", "ALTER TABLE t ADD CONSTRAINT", "CREATE INDEX ON", "DROP INDEX");
        for (String sql : odd) {
            assertThatCode(() -> dev.migrate.analysis.Analyzer.forServer(17).analyzeScript("odd.sql", sql + ";\nSELECT 1;"))
                    .as(sql).doesNotThrowAnyException();
        }
        assertThat(dev.migrate.analysis.Analyzer.forServer(17).analyzeScript("p.sql", "ALTER TABLE ${schema}.users ALTER COLUMN email"
                + " SET NOT NULL;").findings()).extracting(dev.migrate.Finding::rule).containsExactly("set-not-null");
    }

    @Test
    void lock_levels_follow_the_documented_conflict_table() {
        assertThat(LockLevel.SHARE.blocksWrites()).isTrue();
        assertThat(LockLevel.SHARE.blocksReads()).isFalse();
        assertThat(LockLevel.SHARE.conflictsWith(LockLevel.SHARE)).isFalse();
        assertThat(LockLevel.SHARE_UPDATE_EXCLUSIVE.conflictsWith(LockLevel.SHARE_UPDATE_EXCLUSIVE)).isTrue();
        assertThat(LockLevel.SHARE_UPDATE_EXCLUSIVE.blocksWrites()).isFalse();
        assertThat(LockLevel.SHARE_ROW_EXCLUSIVE.blocksWrites()).isTrue();
        assertThat(LockLevel.EXCLUSIVE.conflictsWith(LockLevel.ROW_SHARE)).isTrue();
        assertThat(LockLevel.EXCLUSIVE.blocksReads()).isFalse();
        assertThat(LockLevel.ACCESS_EXCLUSIVE.blocksReads()).isTrue();
        for (LockLevel a : LockLevel.values()) {
            for (LockLevel b : LockLevel.values()) {
                assertThat(a.conflictsWith(b)).as(a + " vs " + b).isEqualTo(b.conflictsWith(a));
            }
        }
    }
}
