package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class VersionTest {

    private static List<String> sorted(String... versions) {
        return Stream.of(versions).map(Version::parse).sorted().map(Version::toString).toList();
    }

    @Test
    void compares_segments_as_numbers() {
        assertThat(sorted("1.10", "1.9", "2", "1.2.3", "1")).containsExactly("1", "1.2.3", "1.9", "1.10", "2");
    }

    @Test
    void a_longer_version_with_an_equal_prefix_is_newer_and_distinct() {
        assertThat(Version.parse("1.0")).isGreaterThan(Version.parse("1")).isNotEqualTo(Version.parse("1"));
        assertThat(Version.parse("1.0.1")).isGreaterThan(Version.parse("1.0"));
        // crates.io holds both of these as separate migrations.
        assertThat(Version.parse("2026-05-27-120000-0000")).isGreaterThan(Version.parse("2026-05-27-120000"));
        assertThat(Version.parse("01.2")).isEqualTo(Version.parse("1.2")).hasSameHashCodeAs(Version.parse("1.2"));
    }

    @Test
    void underscores_separate_segments_as_in_flyway_file_names() {
        assertThat(Version.parse("1_2")).isEqualTo(Version.parse("1.2"));
        assertThat(Version.parse("1_2")).hasToString("1.2");
    }

    @Test
    void diesel_dashed_timestamps_drop_their_dashes_and_interleave_with_plain_timestamps() {
        assertThat(Version.parse("2017-09-23-182408")).hasToString("20170923182408");
        assertThat(sorted("20170923182408", "2017-09-23-182407", "20170708133715", "2017-10-01-000000"))
                .containsExactly("20170708133715", "20170923182407", "20170923182408", "20171001000000");
    }

    @Test
    void a_timestamp_with_a_finer_suffix_sorts_by_its_timestamp_first() {
        // Lemmy's 2026-07-30-140000-0000 must come before 2026-08-01-000000, as Diesel orders them.
        assertThat(sorted("2026-08-01-000000", "2026-07-30-140000-0000", "2026-07-30-140000-0001", "2026-07-27-143313"))
                .containsExactly("20260727143313", "202607301400000000", "202607301400000001", "20260801000000");
        assertThat(Version.parse("202607301400000001")).isEqualTo(Version.parse("2026-07-30-140000-0001"));
    }

    @Test
    void rejects_text_that_is_not_a_version() {
        assertThatThrownBy(() -> Version.parse("1.a")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.a");
        assertThat(Version.isVersion("2024-01-02")).isFalse();
        assertThat(Version.isVersion("")).isFalse();
        assertThat(Version.isVersion("007")).isTrue();
    }
}
