package dev.migrate.internal.source;

import dev.migrate.ErrorCode;
import dev.migrate.InvalidMigrationException;
import dev.migrate.ValidationProblem;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Script bytes to text and checksums. Both ignore what editors and platforms change without
 * changing meaning: a UTF-8 byte order mark, and CRLF or CR line ends (read as LF).
 */
public final class Scripts {
    private Scripts() {
    }

    /** SHA-256 over the content with the BOM stripped and line ends normalised, in lower-case hex. */
    public static String checksum(byte[] content) {
        MessageDigest digest = sha256();
        int start = bomLength(content);
        if (indexOf(content, (byte) '\r', start) < 0) {
            digest.update(content, start, content.length - start);
            return HexFormat.of().formatHex(digest.digest());
        }
        byte[] buffer = new byte[Math.min(content.length, 8192)];
        int n = 0;
        for (int i = start; i < content.length; i++) {
            byte b = content[i];
            if (b == '\r') {
                b = '\n';
                if (i + 1 < content.length && content[i + 1] == '\n') {
                    i++;
                }
            }
            buffer[n++] = b;
            if (n == buffer.length) {
                digest.update(buffer, 0, n);
                n = 0;
            }
        }
        digest.update(buffer, 0, n);
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Decodes UTF-8 strictly, strips a BOM and normalises line ends to LF.
     *
     * @throws InvalidMigrationException naming the line of the first byte that is not UTF-8, or of
     *                                   a NUL character (which PostgreSQL text cannot hold); a
     *                                   UTF-16 file is named as such
     */
    public static String decode(String script, byte[] content) {
        if (content.length >= 2 && ((content[0] & 0xff) == 0xFF && (content[1] & 0xff) == 0xFE
                || (content[0] & 0xff) == 0xFE && (content[1] & 0xff) == 0xFF)) {
            throw new InvalidMigrationException(new ValidationProblem(ErrorCode.INVALID_ENCODING, script, 1,
                    "The file is UTF-16 (it starts with a UTF-16 byte order mark); scripts are read as UTF-8.",
                    "Save it as UTF-8 (iconv -f UTF-16 -t UTF-8), then check the text is unchanged."));
        }
        int nul = indexOf(content, (byte) 0, 0);
        if (nul >= 0) {
            throw new InvalidMigrationException(new ValidationProblem(ErrorCode.INVALID_ENCODING, script, lineOf(content, nul),
                    "NUL character (byte 0x00) at offset " + nul + ": PostgreSQL text cannot hold it, and the server would"
                            + " reject the statement with a protocol error.",
                    "Remove it. A file full of them is probably UTF-16 without a byte order mark: save it as UTF-8;"
                            + " for binary data write a bytea literal such as '\\x0102'::bytea."));
        }
        int bom = bomLength(content);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        String text;
        try {
            text = decoder.decode(ByteBuffer.wrap(content, bom, content.length - bom)).toString();
        } catch (CharacterCodingException e) {
            int bad = firstInvalidUtf8(content, bom);
            throw new InvalidMigrationException(new ValidationProblem(ErrorCode.INVALID_ENCODING, script, lineOf(content, bad),
                    String.format("Byte 0x%02X at offset %d is not valid UTF-8 (the file looks like Latin-1 or Windows-1252).",
                            content[bad] & 0xff, bad),
                    "Save the file as UTF-8 (iconv -f WINDOWS-1252 -t UTF-8), then check the text is unchanged."));
        }
        if (text.indexOf('\r') >= 0) {
            text = text.replace("\r\n", "\n").replace('\r', '\n');
        }
        return text;
    }

    private static int lineOf(byte[] content, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (content[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private static int indexOf(byte[] content, byte b, int from) {
        for (int i = from; i < content.length; i++) {
            if (content[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static int bomLength(byte[] content) {
        return content.length >= 3 && (content[0] & 0xff) == 0xEF && (content[1] & 0xff) == 0xBB
                && (content[2] & 0xff) == 0xBF ? 3 : 0;
    }

    private static int firstInvalidUtf8(byte[] content, int from) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(content, from, content.length - from);
        var out = java.nio.CharBuffer.allocate(content.length);
        var result = decoder.decode(in, out, true);
        return result.isError() ? in.position() : content.length - 1;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
