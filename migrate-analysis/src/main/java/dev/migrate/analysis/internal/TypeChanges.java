package dev.migrate.analysis.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether {@code ALTER COLUMN ... TYPE} rewrites the table, judged by source and target type.
 * PostgreSQL skips the rewrite when the old values are valid as they are in the new type:
 * {@code varchar(n)} to a longer {@code varchar} or to {@code text}, {@code varchar} to
 * {@code text} and back to unbounded {@code varchar}, {@code numeric(p, s)} to a larger precision
 * with the same scale (or to unconstrained {@code numeric}), {@code cidr} to {@code inet},
 * {@code bit varying(n)} widening. Everything else is rewritten (and its indexes rebuilt), with
 * one exception this class cannot see: since PostgreSQL 12, {@code timestamp} to
 * {@code timestamptz} skips the rewrite when the session's {@code TimeZone} is UTC.
 */
public final class TypeChanges {
    private static final Pattern SIZED = Pattern.compile("([a-z ]+?)\\s*(?:\\((\\d+)(?:\\s*,\\s*(\\d+))?\\))?(\\[\\])?");

    private TypeChanges() {
    }

    /**
     * @param from the column's current type, or null when unknown (then a widening to
     *             {@code text}, unbounded or sized {@code varchar}, or {@code numeric} is assumed
     *             to come from the matching narrower type, the usual intent)
     * @param to   the new type
     */
    public static boolean rewrites(String from, String to) {
        Type target = Type.of(to);
        if (from == null) {
            return !(target.isText() || target.family.equals("numeric") || target.family.equals("inet")
                    || target.family.equals("varbit"));
        }
        Type source = Type.of(from);
        if (source.equals(target)) {
            return false;
        }
        if (source.array != target.array) {
            return true;
        }
        if (source.isText() && target.isText()) {
            if (target.family.equals("text") || (target.family.equals("varchar") && target.length == null)) {
                return !source.family.equals("varchar") && !source.family.equals("text");
            }
            if (target.family.equals("varchar") && source.family.equals("varchar") && source.length != null) {
                return target.length < source.length;
            }
            return true;
        }
        if (source.family.equals("numeric") && target.family.equals("numeric")) {
            if (target.length == null) {
                return false;
            }
            if (source.length == null) {
                return true;
            }
            return !(target.length >= source.length && java.util.Objects.equals(target.scale, source.scale));
        }
        if (source.family.equals("cidr") && target.family.equals("inet")) {
            return false;
        }
        if (source.family.equals("varbit") && target.family.equals("varbit")) {
            return target.length != null && (source.length == null || target.length < source.length);
        }
        return true;
    }

    /** A type reduced to its family, length (or precision), scale and array-ness. */
    private record Type(String family, Integer length, Integer scale, boolean array) {
        boolean isText() {
            return family.equals("text") || family.equals("varchar");
        }

        static Type of(String written) {
            String s = written.toLowerCase(Locale.ROOT).strip().replaceAll("\\s+", " ");
            if (s.startsWith("pg_catalog.")) {
                s = s.substring("pg_catalog.".length());
            }
            Matcher m = SIZED.matcher(s);
            if (!m.matches()) {
                return new Type(s, null, null, s.endsWith("[]"));
            }
            String base = m.group(1).strip();
            Integer length = m.group(2) == null ? null : Integer.valueOf(m.group(2));
            Integer scale = m.group(3) == null ? null : Integer.valueOf(m.group(3));
            String family = switch (base) {
                case "character varying", "varchar" -> "varchar";
                case "text" -> "text";
                case "numeric", "decimal" -> "numeric";
                case "bit varying", "varbit" -> "varbit";
                case "int", "integer", "int4" -> "int4";
                case "bigint", "int8" -> "int8";
                case "smallint", "int2" -> "int2";
                case "timestamp", "timestamp without time zone" -> "timestamp";
                case "timestamptz", "timestamp with time zone" -> "timestamptz";
                case "character", "char", "bpchar" -> "bpchar";
                default -> base;
            };
            if (family.equals("numeric") && length != null && scale == null) {
                scale = 0;
            }
            return new Type(family, length, scale, m.group(4) != null);
        }
    }
}
