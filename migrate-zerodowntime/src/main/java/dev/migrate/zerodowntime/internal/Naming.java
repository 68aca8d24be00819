package dev.migrate.zerodowntime.internal;

import dev.migrate.Version;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The names of what an expand-contract migration creates, all derived from its version and the
 * names it changes, so that complete and rollback find them again. Names longer than PostgreSQL's
 * 63 bytes are cut and given a digest of the whole, so two long names do not meet.
 */
final class Naming {
    private static final int MAX_BYTES = 63;

    private Naming() {
    }

    /** {@code 5} -> {@code 5}, {@code 2024.01.02} -> {@code 2024_01_02}. */
    static String tag(Version version) {
        return version.toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
    }

    /** The schema of views the new version reads: {@code public_v5}. */
    static String versionSchema(String base, Version version) {
        return limit(base + "_v" + tag(version));
    }

    /** The column of the new type that a type change fills: {@code migrate_new_amount}. */
    static String shadow(String column) {
        return limit("migrate_new_" + column);
    }

    /** The check that stands for a {@code NOT NULL} until the contract sets it: {@code migrate_nn_email}. */
    static String notNullCheck(String column) {
        return limit("migrate_nn_" + column);
    }

    /** A constraint of an added column, named as PostgreSQL would: {@code orders_price_check}. */
    static String columnConstraint(String table, String column, String suffix) {
        return limit(table + "_" + column + "_" + suffix);
    }

    /** The trigger that keeps a table's old and new shapes in step. */
    static String trigger(Version version) {
        return limit("migrate_zdt_v" + tag(version));
    }

    /** Its function, in the state schema. */
    static String function(Version version, String table) {
        return limit("v" + tag(version) + "_" + table);
    }

    static String limit(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_BYTES) {
            return name;
        }
        String digest;
        try {
            digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        StringBuilder cut = new StringBuilder();
        int used = 0;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (used + size > MAX_BYTES - 9) {
                break;
            }
            cut.appendCodePoint(cp);
            used += size;
            i += Character.charCount(cp);
        }
        return cut + "_" + digest;
    }
}
