package dev.migrate.examples.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AnalyseFolderTest {
    private String run(String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = AnalyseFolder.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(code).isZero();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void strict_mode_fails_on_high_findings() throws Exception {
        int code = AnalyseFolder.run(new String[] {"--strict"}, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(1);
    }

    @Test
    void reports_the_risky_sample_migrations_and_passes_the_safe_one() throws Exception {
        String text = run();

        assertThat(text).contains("V2__order_details.sql:3  [volatile-default]", "V2__order_details.sql:4  [index-without-concurrently]",
                "V2__order_details.sql:5  [column-type-change]", "V3__customer_names.sql:3  [set-not-null]",
                "V3__customer_names.sql:4  [rename-column]", "breaks running code: V3__customer_names.sql:4 Column customers.email is"
                + " renamed to email_address: running application code that uses the old name fails.\n");
        assertThat(text).as("no finding for the table-creating and the safe migration")
                .doesNotContainPattern("(?m)^(INFO|LOW|MEDIUM|HIGH|CRITICAL)  V[14]__")
                .contains("V4__safe_way.sql: risk INFO");
    }

    @Test
    void rehearses_the_samples_on_an_embedded_server_and_agrees_with_the_prediction() throws Exception {
        String text = run("--rehearse");

        assertThat(text).contains("Rehearsal on app_shadow_", "V2__order_details.sql:5 predicted AccessExclusiveLock + rewrite",
                "differ from the prediction");
        assertThat(text).containsPattern("\\d+ statements rehearsed, 0 differ from the prediction");
    }

    @Test
    void writes_sarif_on_request() throws Exception {
        assertThat(run("--sarif")).contains("\"version\" : \"2.1.0\"", "\"ruleId\" : \"set-not-null\"");
    }
}
