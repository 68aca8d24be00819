package dev.migrate.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.ErrorCode;
import dev.migrate.InvalidMigrationException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlSplitterTest {

    private static List<String> sqls(String script) {
        return SqlSplitter.split("V1__t.sql", script).statements().stream().map(SqlStatement::sql).toList();
    }

    private static InvalidMigrationException failure(String script) {
        try {
            SqlSplitter.split("V1__t.sql", script);
        } catch (InvalidMigrationException e) {
            return e;
        }
        throw new AssertionError("expected a failure for: " + script);
    }

    @Test
    void splits_on_semicolons_and_keeps_a_last_statement_without_one() {
        assertThat(sqls("CREATE TABLE a (id int);\nINSERT INTO a VALUES (1);\nSELECT 1"))
                .containsExactly("CREATE TABLE a (id int)", "INSERT INTO a VALUES (1)", "SELECT 1");
    }

    @Test
    void skips_empty_statements_and_comment_only_tails() {
        assertThat(sqls(";;  SELECT 1;; \n -- done\n/* really */\n")).containsExactly("SELECT 1");
        assertThat(sqls("-- nothing here\n/* at all */")).isEmpty();
    }

    @Test
    void reports_the_line_where_each_statement_starts() {
        List<SqlStatement> statements = SqlSplitter.split("x", "-- header\n\nSELECT 1;\n\n  SELECT\n 2;\n/* c\n*/ SELECT 3").statements();
        assertThat(statements).extracting(SqlStatement::line).containsExactly(3, 5, 8);
    }

    @Test
    void semicolons_inside_single_quotes_and_doubled_quotes_do_not_split() {
        assertThat(sqls("INSERT INTO t VALUES ('a;b', 'it''s; fine');SELECT 2"))
                .containsExactly("INSERT INTO t VALUES ('a;b', 'it''s; fine')", "SELECT 2");
    }

    @Test
    void escape_strings_honour_backslash_escaped_quotes() {
        assertThat(sqls("SELECT E'it\\'s; here\\\\';SELECT e'\\';'"))
                .containsExactly("SELECT E'it\\'s; here\\\\'", "SELECT e'\\';'");
    }

    @Test
    void a_backslash_in_a_standard_string_is_an_ordinary_character() {
        assertThat(sqls("SELECT 'C:\\';SELECT 2")).containsExactly("SELECT 'C:\\'", "SELECT 2");
    }

    @Test
    void an_identifier_ending_in_e_before_a_quote_is_not_an_escape_string() {
        // "type'..." is not E'...': the word is 'type', the string is standard.
        assertThat(sqls("SELECT type'\\';SELECT 2")).containsExactly("SELECT type'\\'", "SELECT 2");
    }

    @Test
    void quoted_identifiers_may_hold_semicolons_and_doubled_quotes() {
        assertThat(sqls("CREATE TABLE \"we;ird\"\"name\" (id int);SELECT 1"))
                .containsExactly("CREATE TABLE \"we;ird\"\"name\" (id int)", "SELECT 1");
    }

    @Test
    void dollar_quotes_with_and_without_tags_hide_their_content() {
        String fn = "CREATE FUNCTION f() RETURNS trigger AS $$\nBEGIN\n  RAISE NOTICE 'x;y';\n  RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql";
        String tagged = "DO $body$ BEGIN PERFORM 1; PERFORM $$nested; text$$; END $body$";
        assertThat(sqls(fn + ";\n" + tagged + ";")).containsExactly(fn, tagged);
    }

    @Test
    void positional_parameters_and_dollar_in_identifiers_are_not_dollar_quotes() {
        assertThat(sqls("PREPARE p AS SELECT $1, a$b FROM t;SELECT 2"))
                .containsExactly("PREPARE p AS SELECT $1, a$b FROM t", "SELECT 2");
    }

    @Test
    void line_counting_continues_through_multiline_literals_and_dollar_quotes() {
        List<SqlStatement> s = SqlSplitter.split("x", "SELECT 'a\nb';\nSELECT $$\n\n$$;\nSELECT E'\\\n';\nSELECT 4").statements();
        assertThat(s).extracting(SqlStatement::line).containsExactly(1, 3, 6, 8);
    }

    @Test
    void block_comments_nest_and_line_comments_hide_semicolons() {
        assertThat(sqls("SELECT 1 /* outer /* inner; */ still; comment */ + 1;\nSELECT 2 -- trailing; comment\n;"))
                .containsExactly("SELECT 1 /* outer /* inner; */ still; comment */ + 1", "SELECT 2 -- trailing; comment");
    }

    @Test
    void semicolons_inside_parentheses_do_not_split() {
        assertThat(sqls("CREATE RULE r AS ON INSERT TO t DO INSTEAD (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2));SELECT 1"))
                .containsExactly("CREATE RULE r AS ON INSERT TO t DO INSTEAD (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2))", "SELECT 1");
    }

    @Test
    void begin_atomic_bodies_stay_whole_including_case_expressions() {
        String fn = "CREATE OR REPLACE FUNCTION grade(n int) RETURNS text LANGUAGE sql\nBEGIN ATOMIC\n"
                + "  SELECT CASE WHEN n > 5 THEN 'high' ELSE 'low' END;\n  SELECT 'x';\nEND";
        String proc = "CREATE PROCEDURE p() BEGIN ATOMIC INSERT INTO t VALUES (1); END";
        assertThat(sqls(fn + ";\n" + proc + ";\nSELECT 1")).containsExactly(fn, proc, "SELECT 1");
    }

    @Test
    void end_used_as_a_label_inside_begin_atomic_does_not_close_the_body() {
        String fn = "CREATE FUNCTION f() RETURNS TABLE (s int, e int) LANGUAGE sql BEGIN ATOMIC SELECT r.start, r.end AS end FROM r; END";
        assertThat(sqls(fn + ";\nSELECT 2")).containsExactly(fn, "SELECT 2");
    }

    @Test
    void plain_begin_and_end_are_ordinary_statements() {
        assertThat(sqls("BEGIN;\nCREATE TABLE t (id int);\nEND;")).containsExactly("BEGIN", "CREATE TABLE t (id int)", "END");
    }

    @Test
    void collects_leading_words_upper_cased_without_quoted_names() {
        SqlStatement s = SqlSplitter.split("x", "create unique index concurrently \"Idx\" on t (a)").statements().get(0);
        assertThat(s.words()).startsWith("CREATE", "UNIQUE", "INDEX", "CONCURRENTLY", "ON", "T", "A");
    }

    @Test
    void reads_directives_from_line_comments() {
        SqlScript script = SqlSplitter.split("x", "-- migrate:no-transaction\n-- migrate:allow ban-drop reason=\"ok\"\nSELECT 1");
        assertThat(script.directives()).extracting(Directive::name, Directive::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("no-transaction", 1), org.assertj.core.groups.Tuple.tuple("allow", 2));
        assertThat(script.directive(Directive.ALLOW).orElseThrow().arguments()).isEqualTo("ban-drop reason=\"ok\"");
    }

    @Test
    void refuses_an_unknown_directive_so_typos_do_not_pass_silently() {
        InvalidMigrationException e = failure("SELECT 1;\n-- migrate:no-transactions\n");
        assertThat(e.code()).isEqualTo(ErrorCode.SQL_SYNTAX);
        assertThat(e.problem().line()).isEqualTo(2);
        assertThat(e.getMessage()).contains("migrate:no-transactions", "no-transaction");
    }

    @Test
    void refuses_psql_meta_commands_with_file_and_line() {
        InvalidMigrationException e = failure("CREATE TABLE a (id int);\n\\connect other\nCREATE TABLE b (id int);");
        assertThat(e.code()).isEqualTo(ErrorCode.PSQL_META_COMMAND);
        assertThat(e.problem().script()).isEqualTo("V1__t.sql");
        assertThat(e.problem().line()).isEqualTo(2);
        assertThat(e.getMessage()).contains("\\connect");
    }

    @Test
    void a_backslash_inside_quotes_or_comments_is_not_a_meta_command() {
        assertThat(sqls("SELECT '\\set x'; -- \\i file.sql\nSELECT $$\\q$$")).containsExactly("SELECT '\\set x'", "SELECT $$\\q$$");
    }

    @Test
    void unterminated_constructs_name_the_line_where_they_open() {
        assertThat(failure("SELECT 1;\nSELECT 'oops;\nSELECT 3;").problem().line()).isEqualTo(2);
        assertThat(failure("SELECT 1;\n\nSELECT \"oops").problem().line()).isEqualTo(3);
        assertThat(failure("SELECT $tag$ body $tag;").getMessage()).contains("$tag$");
        assertThat(failure("/* a /* b */ c").getMessage()).contains("nest");
        assertThat(failure("SELECT E'\\'").code()).isEqualTo(ErrorCode.SQL_SYNTAX);
        assertThat(failure("CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1;").getMessage()).contains("END");
    }

    @Test
    void adversarial_mixtures_split_exactly_where_psql_would() {
        String script = "INSERT INTO t VALUES ($$a';$$, 'b$$;', E'c\\'$$;', \"d;$$\");\n"
                + "/* ' */ SELECT 1 /* \" */;\n"
                + "SELECT $a$ $b$ ; $b$ $a$;\n"
                + "SELECT '--not a comment;';\n"
                + "SELECT 1--comment right after;\n;\n"
                + "SELECT 'tail'";
        assertThat(sqls(script)).containsExactly(
                "INSERT INTO t VALUES ($$a';$$, 'b$$;', E'c\\'$$;', \"d;$$\")",
                "SELECT 1 /* \" */",
                "SELECT $a$ $b$ ; $b$ $a$",
                "SELECT '--not a comment;'",
                "SELECT 1--comment right after;",
                "SELECT 'tail'");
    }

    @Test
    void non_ascii_identifiers_and_text_are_handled() {
        assertThat(sqls("CREATE TABLE café (naïve text DEFAULT 'ü;');SELECT 1"))
                .containsExactly("CREATE TABLE café (naïve text DEFAULT 'ü;')", "SELECT 1");
    }

    @Test
    void copy_from_stdin_with_its_data_is_refused_at_the_copy_not_at_the_data() {
        // psql sends the lines after the statement as rows, ending with \.; they are not SQL (a quote
        // in the data would read as an unterminated string, the \. as a meta-command).
        InvalidMigrationException e = failure("CREATE TABLE t (a int, b text);\nCOPY t (a, b) FROM stdin;\n1\tit's\n2\tx\n\\.\n");
        assertThat(e.code()).isEqualTo(ErrorCode.COPY_STDIN);
        assertThat(e.problem().line()).isEqualTo(2);
        assertThat(e.getMessage()).contains("FROM STDIN", "INSERT");
    }

    @Test
    void copy_with_many_columns_or_to_stdout_is_refused_and_server_side_copy_is_not() {
        String columns = String.join(", ", java.util.Collections.nCopies(20, "c"));
        assertThat(failure("COPY t (" + columns + ") FROM STDIN WITH (FORMAT csv)").code()).isEqualTo(ErrorCode.COPY_STDIN);
        assertThat(failure("COPY (SELECT 1) TO STDOUT").code()).isEqualTo(ErrorCode.COPY_STDIN);
        assertThat(sqls("COPY t FROM '/srv/data.csv';COPY (SELECT * FROM stdin_log) TO '/tmp/x'")).hasSize(2);
    }
}
