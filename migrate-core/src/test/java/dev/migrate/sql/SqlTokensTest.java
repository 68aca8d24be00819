package dev.migrate.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlTokensTest {

    private static List<String> texts(String sql) {
        return SqlTokens.of(sql).stream().map(t -> t.kind() + " " + t.text()).toList();
    }

    @Test
    void reads_words_names_strings_numbers_and_symbols_without_comments() {
        assertThat(texts("ALTER TABLE \"Orders\" -- note\n ADD COLUMN n numeric(10,2) DEFAULT 1.5e3 /* x */;"))
                .containsExactly("WORD ALTER", "WORD TABLE", "QUOTED_NAME \"Orders\"", "WORD ADD", "WORD COLUMN", "WORD n",
                        "WORD numeric", "SYMBOL (", "NUMBER 10", "SYMBOL ,", "NUMBER 2", "SYMBOL )", "WORD DEFAULT",
                        "NUMBER 1.5e3", "SYMBOL ;");
    }

    @Test
    void names_fold_as_postgresql_resolves_them_and_strings_give_their_value() {
        List<SqlToken> t = SqlTokens.of("SELECT Foo, \"Ba\"\"r\", 'it''s', E'a\\tb\\x41\\101\\'', $q$ $$body$$ $q$, .5::int");
        assertThat(t.get(1).name()).isEqualTo("foo");
        assertThat(t.get(3).name()).isEqualTo("Ba\"r");
        assertThat(t.get(5).value()).isEqualTo("it's");
        assertThat(t.get(7).value()).isEqualTo("a\tbAA'");
        assertThat(t.get(9).value()).isEqualTo(" $$body$$ ");
        assertThat(t.get(11).kind()).isEqualTo(SqlToken.Kind.NUMBER);
        assertThat(t.get(11).text()).isEqualTo(".5");
        assertThat(t.get(12).isSymbol("::")).isTrue();
        assertThat(t.get(13).isWord("INT")).isTrue();
        assertThat(t.get(1).value()).isEqualTo("Foo");
        assertThat(t.get(5).name()).isNull();
    }

    @Test
    void a_signed_exponent_is_part_of_its_number_and_a_subtraction_is_not() {
        assertThat(texts("SELECT 1e-5, 2.5E+3, .5e-1, 3-1, 0x1e-5, x1e-5, 0e-5"))
                .containsExactly("WORD SELECT", "NUMBER 1e-5", "SYMBOL ,", "NUMBER 2.5E+3", "SYMBOL ,", "NUMBER .5e-1", "SYMBOL ,",
                        "NUMBER 3", "SYMBOL -", "NUMBER 1", "SYMBOL ,", "NUMBER 0x1e", "SYMBOL -", "NUMBER 5", "SYMBOL ,", "WORD x1e",
                        "SYMBOL -", "NUMBER 5", "SYMBOL ,", "NUMBER 0e-5");
    }

    @Test
    void an_escape_that_names_no_character_is_kept_as_written_instead_of_failing() {
        List<SqlToken> t = SqlTokens.of("SELECT E'\\UFFFFFFFF', E'\\U00110000', E'\\U0001F600'");
        assertThat(t.get(1).value()).isEqualTo("\\UFFFFFFFF");
        assertThat(t.get(3).value()).isEqualTo("\\U00110000");
        assertThat(t.get(5).value()).isEqualTo("\uD83D\uDE00");
    }

    @Test
    void tracks_parenthesis_depth_and_lines() {
        List<SqlToken> t = SqlTokens.of("CREATE TABLE t (\n  id int CHECK (id > 0)\n)");
        assertThat(t).extracting(SqlToken::depth).containsExactly(0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 1, 0);
        assertThat(t.get(4).line()).isEqualTo(2);
        assertThat(t.get(12).line()).isEqualTo(3);
    }

    @Test
    void a_placeholder_is_one_token_and_positional_parameters_are_not_placeholders() {
        assertThat(texts("GRANT SELECT ON t TO ${owner:identifier} WHERE a = $1"))
                .containsSubsequence("WORD TO", "PLACEHOLDER ${owner:identifier}", "WORD WHERE", "WORD a", "SYMBOL =", "SYMBOL $",
                        "NUMBER 1");
    }

    @Test
    void never_fails_an_unclosed_quote_runs_to_the_end_and_an_unclosed_comment_is_dropped() {
        assertThat(texts("SELECT 'open")).containsExactly("WORD SELECT", "STRING 'open");
        assertThat(SqlTokens.of("SELECT 'open").get(1).value()).isEqualTo("open");
        assertThat(texts("SELECT \"open")).containsExactly("WORD SELECT", "QUOTED_NAME \"open");
        assertThat(texts("SELECT 1 /* open")).containsExactly("WORD SELECT", "NUMBER 1");
        assertThat(texts("SELECT $x$ open")).containsExactly("WORD SELECT", "STRING $x$ open");
        assertThat(SqlTokens.of("SELECT $x$ open").get(1).value()).isEqualTo(" open");
        assertThat(texts("SELECT 1\r\n;")).containsExactly("WORD SELECT", "NUMBER 1", "SYMBOL ;");
    }
}
