package dev.migrate.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.ConfigurationException;
import dev.migrate.DatabaseException;
import dev.migrate.ErrorCode;
import dev.migrate.Finding;
import dev.migrate.Migrator;
import dev.migrate.Plan;
import dev.migrate.Severity;
import dev.migrate.spi.PlanChecker;
import dev.migrate.testkit.MigrateExtension;
import dev.migrate.testkit.TestDatabase;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The analysis API fails with migrate's unchecked exceptions and their codes, never a checked SQLException or a silent default. */
class AnalysisErrorsTest {
    @RegisterExtension
    static MigrateExtension db = MigrateExtension.empty();

    private static final String INDEX = "CREATE INDEX orders_customer ON orders (customer_id);";

    @Test
    void an_impossible_server_version_is_a_configuration_error() {
        assertThatThrownBy(() -> Analyzer.forServer(170))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION))
                .hasMessageContaining("170");
    }

    @Test
    void a_catalog_that_cannot_be_read_is_a_database_error_with_its_code(TestDatabase database) throws Exception {
        Connection closed = database.dataSource().getConnection();
        closed.close();

        assertThatThrownBy(() -> Analyzer.forServer(17).withCatalog(closed, "public"))
                .isInstanceOfSatisfying(DatabaseException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_ERROR))
                .hasMessageContaining("schema public");
    }

    @Test
    void a_rehearsal_on_a_lost_shadow_is_a_database_error(TestDatabase database) throws Exception {
        Connection closed = database.dataSource().getConnection();
        closed.close();

        assertThatThrownBy(() -> Rehearsal.on(closed).run("V1.sql", INDEX))
                .isInstanceOfSatisfying(DatabaseException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_ERROR))
                .hasMessageContaining("Rehearsal on the shadow database failed");
    }

    @Test
    void the_checker_says_when_it_ran_without_the_catalog_and_still_analyses(TestDatabase database) throws Exception {
        Plan plan = new Plan(List.of(Migrator.readScript("V2__index.sql", INDEX, 17)), List.of());
        List<Finding> withCatalog;
        try (Connection c = database.dataSource().getConnection()) {
            withCatalog = new AnalysisChecker().check(plan, new PlanChecker.Context(c, 17, "public"));
        }
        Connection closed = database.dataSource().getConnection();
        closed.close();

        List<Finding> without = new AnalysisChecker().check(plan, new PlanChecker.Context(closed, 17, "public"));

        assertThat(withCatalog).extracting(Finding::rule).doesNotContain(AnalysisChecker.CATALOG_UNAVAILABLE)
                .contains("index-without-concurrently");
        assertThat(without).filteredOn(f -> f.rule().equals(AnalysisChecker.CATALOG_UNAVAILABLE)).singleElement()
                .satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.INFO);
                    assertThat(f.script()).isEqualTo("V2__index.sql");
                    assertThat(f.message()).contains("table sizes and indexes", "schema public");
                });
        assertThat(without).extracting(Finding::rule).contains("index-without-concurrently");
    }
}
