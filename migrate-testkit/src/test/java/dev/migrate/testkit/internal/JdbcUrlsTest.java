package dev.migrate.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JdbcUrlsTest {
    @Test
    void replaces_the_database_and_keeps_hosts_and_parameters() {
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql://db:5432/app?ssl=true&user=ci", "t_1"))
                .isEqualTo("jdbc:postgresql://db:5432/t_1?ssl=true&user=ci");
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql://a:5432,b:5433/app", "t_1"))
                .isEqualTo("jdbc:postgresql://a:5432,b:5433/t_1");
    }

    @Test
    void adds_a_database_to_a_url_without_one() {
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql://db:5432", "t_1")).isEqualTo("jdbc:postgresql://db:5432/t_1");
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql://db/?ssl=true", "t_1")).isEqualTo("jdbc:postgresql://db/t_1?ssl=true");
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql:app", "t_1")).isEqualTo("jdbc:postgresql:t_1");
    }

    @Test
    void masks_passwords_in_parameters_and_user_info() {
        assertThat(JdbcUrls.redact("jdbc:postgresql://db/app?user=ci&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/app?user=ci&password=****&ssl=true");
        assertThat(JdbcUrls.redact("jdbc:postgresql://ci:s3cret@db/app")).isEqualTo("jdbc:postgresql://ci:****@db/app");
    }

    @Test
    void quotes_every_name_and_doubles_embedded_quotes() {
        assertThat(Identifiers.quote("migrate_test_1")).isEqualTo("\"migrate_test_1\"");
        assertThat(Identifiers.quote("a\"; DROP DATABASE x; --")).isEqualTo("\"a\"\"; DROP DATABASE x; --\"");
    }
}
