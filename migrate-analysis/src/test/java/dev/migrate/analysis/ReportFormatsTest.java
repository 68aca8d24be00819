package dev.migrate.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ReportFormatsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AnalysisReport report = Analyzer.forServer(16).analyzeScript("db/V4__orders.sql", """
            -- migrate:allow drop-column reason="unused since release 41"
            ALTER TABLE orders DROP COLUMN legacy;
            CREATE INDEX orders_status_idx ON orders (status);
            """);

    @Test
    void json_has_every_statement_finding_and_score() {
        JsonNode json = JSON.readTree(report.toJson());

        assertThat(json.get("serverMajor").asInt()).isEqualTo(16);
        assertThat(json.get("statements")).hasSize(2);
        assertThat(json.get("statements").get(1).get("lock").asString()).isEqualTo("SHARE");
        assertThat(json.get("findings")).hasSize(2);
        assertThat(json.get("findings").get(0).get("rule").asString()).isEqualTo("index-without-concurrently");
        assertThat(json.get("suppressed").get(0).get("rule").asString()).isEqualTo("drop-column");
        assertThat(json.get("migrations").get(0).get("riskLevel").asString()).isEqualTo("HIGH");
        assertThat(json.get("plan").get("scope").asString()).isEqualTo("plan");
    }

    @Test
    void sarif_lists_the_rules_and_points_each_result_at_its_line() {
        JsonNode sarif = JSON.readTree(report.toSarif());

        assertThat(sarif.get("version").asString()).isEqualTo("2.1.0");
        JsonNode run = sarif.get("runs").get(0);
        assertThat(run.get("tool").get("driver").get("name").asString()).isEqualTo("migrate-analysis");
        assertThat(run.get("tool").get("driver").get("rules")).hasSizeGreaterThanOrEqualTo(25);
        JsonNode results = run.get("results");
        assertThat(results).hasSize(3);
        JsonNode index = results.get(0);
        assertThat(index.get("ruleId").asString()).isEqualTo("index-without-concurrently");
        assertThat(index.get("level").asString()).isEqualTo("error");
        assertThat(index.get("locations").get(0).get("physicalLocation").get("artifactLocation").get("uri").asString())
                .isEqualTo("db/V4__orders.sql");
        assertThat(index.get("locations").get(0).get("physicalLocation").get("region").get("startLine").asInt()).isEqualTo(3);
        int ruleIndex = index.get("ruleIndex").asInt();
        assertThat(run.get("tool").get("driver").get("rules").get(ruleIndex).get("id").asString()).isEqualTo("index-without-concurrently");
        assertThat(results.get(2).get("suppressions").get(0).get("kind").asString()).isEqualTo("inSource");
    }
}
