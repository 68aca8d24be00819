package dev.migrate.internal.history;

import dev.migrate.internal.jdbc.Identifiers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HistoryLiteralTest {
    private static final DataSource DB = TestDatabases.newDatabase();
    private static final String[] AWKWARD = {
        "plain", "it's", "''", "back\\slash", "\\'", "ends with \\", "$$ dollar $$", "line\nbreak", "ünïcødé ✓", "",
    };

    @ParameterizedTest
    @ValueSource(strings = {"on", "off"})
    void a_literal_reads_back_as_the_same_text_whatever_standard_conforming_strings_says(String setting) throws SQLException {
        try (Connection c = DB.getConnection(); Statement st = c.createStatement()) {
            st.execute("SET standard_conforming_strings = " + setting);
            for (String value : AWKWARD) {
                try (ResultSet rs = st.executeQuery("SELECT " + Identifiers.literal(value))) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo(value);
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT " + Identifiers.literal(null) + " IS NULL")) {
                rs.next();
                assertThat(rs.getBoolean(1)).isTrue();
            }
        }
    }
}
