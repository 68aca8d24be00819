package dev.migrate.internal.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.ErrorCode;
import dev.migrate.InvalidMigrationException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ScriptsTest {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] withBom(String s) {
        byte[] body = utf8(s);
        byte[] out = new byte[body.length + 3];
        System.arraycopy(BOM, 0, out, 0, 3);
        System.arraycopy(body, 0, out, 3, body.length);
        return out;
    }

    @Test
    void checksum_is_sha256_hex_of_the_content() {
        assertThat(Scripts.checksum(utf8("SELECT 1;\n"))).isEqualTo("b4e0497804e46e0a0b0b8c31975b062152d551bac49c3c2e80932567b4085dcd");
    }

    @Test
    void checksum_ignores_line_ending_style_and_bom() {
        String lf = Scripts.checksum(utf8("SELECT 1;\nSELECT 2;\n"));
        assertThat(Scripts.checksum(utf8("SELECT 1;\r\nSELECT 2;\r\n"))).isEqualTo(lf);
        assertThat(Scripts.checksum(utf8("SELECT 1;\rSELECT 2;\r"))).isEqualTo(lf);
        assertThat(Scripts.checksum(withBom("SELECT 1;\r\nSELECT 2;\n"))).isEqualTo(lf);
    }

    @Test
    void checksum_changes_with_any_real_edit() {
        assertThat(Scripts.checksum(utf8("SELECT 1;\n"))).isNotEqualTo(Scripts.checksum(utf8("SELECT 1;\n\n")))
                .isNotEqualTo(Scripts.checksum(utf8("SELECT 2;\n")));
    }

    @Test
    void checksum_of_large_content_matches_the_normalised_text_digest() throws Exception {
        String big = "INSERT INTO t VALUES ('x');\r\n".repeat(5000);
        var digest = java.security.MessageDigest.getInstance("SHA-256");
        String expected = java.util.HexFormat.of().formatHex(digest.digest(utf8(big.replace("\r\n", "\n"))));
        assertThat(Scripts.checksum(utf8(big))).isEqualTo(expected);
    }

    @Test
    void decode_strips_bom_and_normalises_line_ends() {
        assertThat(Scripts.decode("x", withBom("a\r\nb\rc\n"))).isEqualTo("a\nb\nc\n");
    }

    @Test
    void decode_refuses_latin1_naming_the_line() {
        byte[] latin1 = "SELECT 1;\nSELECT 'café';\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> Scripts.decode("V3__latin.sql", latin1))
                .isInstanceOfSatisfying(InvalidMigrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ENCODING);
                    assertThat(e.problem().line()).isEqualTo(2);
                    assertThat(e.problem().script()).isEqualTo("V3__latin.sql");
                    assertThat(e.getMessage()).contains("0xE9", "UTF-8");
                });
    }

    @Test
    void decode_names_the_line_of_a_nul_character_and_recognises_utf16() {
        byte[] nul = "SELECT 1;\nSELECT 'a\0b';\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Scripts.decode("V4__nul.sql", nul)).isInstanceOfSatisfying(InvalidMigrationException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ENCODING);
            assertThat(e.problem().line()).isEqualTo(2);
            assertThat(e.getMessage()).contains("NUL", "V4__nul.sql");
        });
        byte[] utf16 = "\uFEFFSELECT 1;".getBytes(StandardCharsets.UTF_16LE);
        assertThatThrownBy(() -> Scripts.decode("V5__utf16.sql", utf16))
                .isInstanceOfSatisfying(InvalidMigrationException.class, e -> assertThat(e.getMessage()).contains("UTF-16"));
    }
}
