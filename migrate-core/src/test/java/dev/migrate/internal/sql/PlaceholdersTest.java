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

    private String expand(String sql, String name, String value) {
        return new Placeholders(Map.of(name, value)).expand("V1__x.sql", new SqlStatement(1, sql, List.of()));
    }

    private InvalidMigrationException refused(String sql, String name, String value) {
        try {
            expand(sql, name, value);
        } catch (InvalidMigrationException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_PLACEHOLDER);
            assertThat(e.getMessage()).as("the value may be a secret").doesNotContain(value);
            return e;
        }
        throw new AssertionError("expected " + value + " to be refused in " + sql);
    }

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

    @Test
    void a_value_that_closes_its_string_and_adds_a_statement_is_refused() {
        InvalidMigrationException e = refused("INSERT INTO t VALUES ('${v}')", "v", "x'); DROP TABLE base; --");
        assertThat(e.getMessage()).contains("${v}", "not shown", "${name:literal}");
        refused("SELECT E'${v}'", "v", "tail\\");
        refused("SELECT E'${v}'", "v", "it's");
        refused("CREATE TABLE \"${v}\" (id int)", "v", "a\" (id int); DROP TABLE base; --");
        refused("DO $$ BEGIN RAISE NOTICE '${v}'; END $$", "v", "$$; DROP TABLE base; SELECT $$");
        refused("SELECT 1 -- note: ${v}", "v", "x\nDROP TABLE base");
    }

    @Test
    void a_value_in_code_may_be_several_tokens_but_not_a_second_statement_or_a_comment() {
        assertThat(expand("CREATE TABLE t (id int) ${v}", "v", "TABLESPACE fast")).isEqualTo("CREATE TABLE t (id int) TABLESPACE fast");
        assertThat(expand("SELECT * FROM t WHERE id IN (${v})", "v", "1, 2, (3)")).isEqualTo("SELECT * FROM t WHERE id IN (1, 2, (3))");
        assertThat(refused("SELECT ${v}", "v", "1; DROP TABLE base").getMessage()).contains("end the statement");
        assertThat(refused("SELECT ${v}", "v", "1 -- rest").getMessage()).contains("comment");
        assertThat(refused("SELECT * FROM t WHERE (id = ${v})", "v", "1) OR (1 = 1").getMessage()).contains("parenthesis");
        assertThat(refused("SELECT ${v}", "v", "'open").getMessage()).contains("does not close");
    }

    @Test
    void a_value_may_join_the_words_around_it_but_not_make_a_comment_or_an_escape_string() {
        assertThat(expand("CREATE TABLE t_${v}_log (id int)", "v", "prod")).isEqualTo("CREATE TABLE t_prod_log (id int)");
        assertThat(expand("SELECT ${v}.t", "v", "app")).isEqualTo("SELECT app.t");
        refused("SELECT 1 -${v}", "v", "-1");
        refused("SELECT ${v}'a\\'; DROP TABLE base; SELECT ''", "v", "E");
    }

    @Test
    void typed_placeholders_quote_names_and_literals() {
        assertThat(expand("CREATE SCHEMA ${s:identifier}", "s", "Billing \"EU\"")).isEqualTo("CREATE SCHEMA \"Billing \"\"EU\"\"\"");
        assertThat(expand("COMMENT ON TABLE t IS ${c:literal}", "c", "x'); DROP TABLE base; --"))
                .isEqualTo("COMMENT ON TABLE t IS 'x''); DROP TABLE base; --'");
        assertThat(expand("SELECT ${c:literal}", "c", "C:\\dir\\")).isEqualTo("SELECT E'C:\\\\dir\\\\'");
        assertThat(expand("SET search_path TO ${migrate:schema:identifier}", "migrate:schema", "Billing"))
                .isEqualTo("SET search_path TO \"Billing\"");
    }

    @Test
    void a_typed_placeholder_inside_quotes_is_refused_because_it_would_be_quoted_twice() {
        assertThatThrownBy(() -> expand("SELECT '${c:literal}'", "c", "x"))
                .isInstanceOfSatisfying(InvalidMigrationException.class, e -> assertThat(e.getMessage()).contains("outside the quotes"));
    }

    @Test
    void placeholders_in_comments_and_dollar_quotes_are_replaced_when_they_stay_inside() {
        assertThat(expand("DO $$ BEGIN RAISE NOTICE '${v}'; END $$", "v", "hello"))
                .isEqualTo("DO $$ BEGIN RAISE NOTICE 'hello'; END $$");
        assertThat(expand("SELECT 1 /* by ${v} */", "v", "ops")).isEqualTo("SELECT 1 /* by ops */");
    }

    @Test
    void a_carriage_return_ends_a_line_comment_as_it_does_for_the_server() {
        assertThat(refused("UPDATE t SET a = 1 -- by ${v}\nWHERE id = 2", "v", "bob\r; DROP TABLE base; UPDATE t SET a = 1")
                .getMessage()).contains("${v}");
    }

    @Test
    void a_backslash_inside_a_standard_string_is_refused_because_it_escapes_when_conforming_strings_are_off() {
        refused("SELECT '${v}'", "v", "\\''); DROP TABLE base; --");
        refused("SELECT ${v}", "v", "'\\' || '; DROP TABLE base; --'");
        refused("SELECT E'${v}'", "v", "tab\\there");
        assertThat(expand("SELECT E'${v}'", "v", "plain text")).isEqualTo("SELECT E'plain text'");
        assertThat(expand("SELECT \"${v}\"", "v", "C:\\x")).isEqualTo("SELECT \"C:\\x\"");
    }

    @Test
    void a_dollar_quoted_body_is_read_as_code_so_a_value_cannot_break_out_of_its_strings() {
        refused("DO $$ BEGIN PERFORM '${v}'; END $$", "v", "x'; DROP TABLE base; PERFORM '");
        refused("DO $$ BEGIN PERFORM ${v}; END $$", "v", "1; DROP TABLE base");
        refused("DO $body$ BEGIN PERFORM '${v}'; END $body$", "v", "$body$; DROP TABLE base; DO $body$");
        assertThat(expand("DO $$ BEGIN PERFORM ${v:literal}; END $$", "v", "x'; DROP TABLE base; PERFORM '"))
                .isEqualTo("DO $$ BEGIN PERFORM 'x''; DROP TABLE base; PERFORM '''; END $$");
        assertThat(expand("CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$ SELECT '${v}' $$", "v", "hello"))
                .isEqualTo("CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$ SELECT 'hello' $$");
        assertThat(expand("DO $body$ BEGIN RAISE NOTICE '%', '${v}' || `$${kept}`; END $body$", "v", "x"))
                .as("the $${ escape stays a literal in a body").isEqualTo("DO $body$ BEGIN RAISE NOTICE '%', 'x' || `${kept}`; END $body$");
    }
}
