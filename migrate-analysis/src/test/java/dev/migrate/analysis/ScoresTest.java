package dev.migrate.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.Severity;
import dev.migrate.testkit.MigrateExtension;
import dev.migrate.testkit.TestDatabase;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ScoresTest {
    @RegisterExtension
    static MigrateExtension db = MigrateExtension.empty();

    @Test
    void a_lossy_breaking_migration_scores_high_on_integrity_and_rollback_and_says_why() {
        AnalysisReport report = Analyzer.forServer(17).analyzeScript("V7__cleanup.sql", """
                ALTER TABLE users RENAME COLUMN name TO full_name;
                ALTER TABLE users DROP COLUMN legacy_flag;
                DELETE FROM sessions;
                """);

        RiskScore score = report.migrations().get(0);
        assertThat(score.scope()).isEqualTo("V7__cleanup.sql");
        assertThat(score.riskLevel()).isEqualTo(Severity.HIGH);
        assertThat(score.dataIntegrityRisk()).isEqualTo(Impact.HIGH);
        assertThat(score.rollbackComplexity()).isEqualTo(Impact.HIGH);
        assertThat(score.breakingChanges()).hasSize(2).anySatisfy(b -> assertThat(b).contains("V7__cleanup.sql:1", "renamed"));
        assertThat(score.affectedTables()).containsExactly("users", "sessions");
        assertThat(score.complexity()).isBetween(1, 10);
        assertThat(score.reasons()).anySatisfy(r -> assertThat(r).startsWith("data integrity HIGH: V7__cleanup.sql:3 DELETE FROM sessions"));
        assertThat(score.recommendations()).isNotEmpty();
        assertThat(report.plan().riskLevel()).isEqualTo(Severity.HIGH);
    }

    @Test
    void new_tables_score_nothing_and_rewrites_without_sizes_have_an_unknown_duration() {
        AnalysisReport report = Analyzer.forServer(17).analyzeScripts(List.of(
                "V1__create.sql", "CREATE TABLE t (id bigint PRIMARY KEY); CREATE INDEX t_id ON t (id);",
                "V2__type.sql", "ALTER TABLE accounts ALTER COLUMN id TYPE bigint;"));

        assertThat(report.migrations().get(0)).satisfies(s -> {
            assertThat(s.riskLevel()).isEqualTo(Severity.INFO);
            assertThat(s.performanceImpact()).isEqualTo(Impact.NONE);
            assertThat(s.estimatedDuration()).isEqualTo("under a second");
        });
        assertThat(report.migrations().get(1)).satisfies(s -> {
            assertThat(s.performanceImpact()).isEqualTo(Impact.HIGH);
            assertThat(s.estimatedDuration()).startsWith("unknown");
            assertThat(s.rollbackComplexity()).as("no down script").isEqualTo(Impact.MEDIUM);
        });
        assertThat(report.plan().performanceImpact()).isEqualTo(Impact.HIGH);
        assertThat(report.toText()).contains("Scores:", "V2__type.sql: risk HIGH", "plan: risk HIGH");
    }

    @Test
    void table_sizes_from_the_database_scale_the_risk(TestDatabase database) throws Exception {
        database.execute("CREATE TABLE tiny (id int PRIMARY KEY, email text); INSERT INTO tiny SELECT g, 'x' FROM generate_series(1, 10) g;"
                + " CREATE TABLE big (id int PRIMARY KEY, email text); INSERT INTO big SELECT g, 'x' FROM generate_series(1, 50000) g;"
                + " ANALYZE tiny; ANALYZE big;");
        try (Connection c = database.dataSource().getConnection()) {
            Analyzer analyzer = Analyzer.forServer(c.getMetaData().getDatabaseMajorVersion()).withCatalog(c, "public");

            RiskScore tiny = analyzer.analyzeScript("V1.sql", "ALTER TABLE tiny ALTER COLUMN email SET NOT NULL;").migrations().get(0);
            RiskScore big = analyzer.analyzeScript("V1.sql", "ALTER TABLE big ALTER COLUMN email SET NOT NULL;").migrations().get(0);

            assertThat(tiny.riskLevel()).isEqualTo(Severity.LOW);
            assertThat(tiny.reasons()).anySatisfy(r -> assertThat(r).contains("set-not-null", "tiny is small"));
            assertThat(big.riskLevel()).isEqualTo(Severity.HIGH);
            assertThat(big.performanceImpact()).isEqualTo(Impact.MEDIUM);
            assertThat(big.reasons()).anySatisfy(r -> assertThat(r).contains("reads all of big", "~50,000 rows"));
            assertThat(big.estimatedDuration()).isIn("under a second", "about 1 s");
        }
    }
}
