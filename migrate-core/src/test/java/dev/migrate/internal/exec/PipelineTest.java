package dev.migrate.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineTest {
    private static final List<String> TEXTS = List.of(
            "CREATE TABLE t (id int PRIMARY KEY)",
            "INSERT INTO t VALUES (1)",
            "INSERT INTO t VALUES (1)",
            "INSERT INTO t VALUES (10)",
            "COMMIT");

    @Test
    void the_index_comes_from_the_drivers_english_message() {
        String message = "Batch entry 2 INSERT INTO t VALUES (1) was aborted: ERROR: duplicate key value violates unique"
                + " constraint \"t_pkey\"  Call getNextException to see other errors in the batch.";

        assertThat(Pipeline.failedIndex(message, TEXTS)).isEqualTo(2);
    }

    @Test
    void a_large_index_may_carry_a_thousands_separator() {
        List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            many.add("SELECT " + i);
        }
        String message = "Batch entry 1,234 SELECT 1234 was aborted: ERROR: canceling statement due to lock timeout";

        assertThat(Pipeline.failedIndex(message, many)).isEqualTo(1234);
    }

    @Test
    void an_english_index_that_does_not_match_its_text_is_not_trusted() {
        String message = "Batch entry 0 INSERT INTO t VALUES (10) was aborted: ERROR: boom";

        assertThat(Pipeline.failedIndex(message, TEXTS)).as("falls back to the quoted text").isEqualTo(3);
    }

    @Test
    void in_another_language_the_quoted_text_names_the_entry_and_the_longest_match_wins() {
        String message = "Batch-Eintrag 3 INSERT INTO t VALUES (10) wurde abgebrochen: FEHLER: doppelter Schlüsselwert";

        assertThat(Pipeline.failedIndex(message, TEXTS))
                .as("INSERT INTO t VALUES (1) is a prefix of the failed text, not the failed text")
                .isEqualTo(3);
    }

    @Test
    void two_identical_texts_in_another_language_cannot_be_told_apart() {
        String message = "Batch-Eintrag 2 INSERT INTO t VALUES (1) wurde abgebrochen: FEHLER: doppelter Schlüsselwert";

        assertThat(Pipeline.failedIndex(message, TEXTS)).isEqualTo(Pipeline.UNKNOWN);
    }

    @Test
    void a_message_without_the_text_or_without_a_message_says_unknown() {
        assertThat(Pipeline.failedIndex("Batch-Eintrag 2 <unbekannt> wurde abgebrochen", TEXTS)).isEqualTo(Pipeline.UNKNOWN);
        assertThat(Pipeline.failedIndex(null, TEXTS)).isEqualTo(Pipeline.UNKNOWN);
    }

    @Test
    void an_english_message_without_the_text_still_gives_the_index() {
        assertThat(Pipeline.failedIndex("Batch entry 4 <unknown> was aborted: ERROR: x", TEXTS)).isEqualTo(4);
    }
}
