package dev.migrate.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.ErrorCode;
import dev.migrate.InvalidMigrationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {
    private final Placeholders placeholders = new Placeholders(Map.of("owner", "app_rw", "schema", "app"));

    private String expand(int line, String sql) {
        return placeholders.expand("V1__x.sql", new SqlStatement(line, sql, List.of()));
    }

    @Test
    void replaces_configured_names_as_raw_text() {
        assertThat(expand(1, "GRANT SELECT ON ${schema}.t TO ${owner}")).isEqualTo("GRANT SELECT ON app.t TO app_rw");
    }

    @Test
    void double_dollar_escapes_a_literal_placeholder() {
        assertThat(expand(1, "SELECT '$${owner}', '${owner}'")).isEqualTo("SELECT '${owner}', 'app_rw'");
    }

    @Test
    void leaves_text_without_placeholders_untouched() {
        String sql = "SELECT $$ {x} $ {y} $$";
        assertThat(expand(1, sql)).isSameAs(sql);
    }

    @Test
    void unknown_placeholder_names_file_line_and_the_configured_names() {
        assertThatThrownBy(() -> expand(10, "SELECT 1,\n  ${ownr}"))
                .isInstanceOfSatisfying(InvalidMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_PLACEHOLDER);
                    assertThat(e.problem().script()).isEqualTo("V1__x.sql");
                    assertThat(e.problem().line()).isEqualTo(11);
                    assertThat(e.getMessage()).contains("${ownr}", "[owner, schema]", ".placeholder(\"ownr\"");
                });
    }

    @Test
    void an_unclosed_placeholder_is_reported() {
        assertThatThrownBy(() -> expand(1, "SELECT '${owner'"))
                .isInstanceOfSatisfying(InvalidMigrationException.class, e -> assertThat(e.getMessage()).contains("never closed"));
    }
}
