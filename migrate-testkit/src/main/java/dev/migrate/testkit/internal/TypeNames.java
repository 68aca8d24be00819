package dev.migrate.testkit.internal;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares a type as a test writes it ({@code varchar(100)}, {@code timestamptz}, {@code int8[]})
 * with the type as {@code format_type} prints it ({@code character varying(100)},
 * {@code timestamp with time zone}, {@code bigint[]}).
 */
public final class TypeNames {
    private static final Pattern TYPE = Pattern.compile(
            "([a-z0-9_.\" ]+?)\\s*(\\([^)]*\\))?\\s*(with time zone|without time zone)?");
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("int", "integer"), Map.entry("int4", "integer"), Map.entry("int2", "smallint"),
            Map.entry("int8", "bigint"), Map.entry("varchar", "character varying"), Map.entry("char", "character"),
            Map.entry("bpchar", "character"), Map.entry("bool", "boolean"), Map.entry("float8", "double precision"),
            Map.entry("float", "double precision"), Map.entry("float4", "real"), Map.entry("decimal", "numeric"),
            Map.entry("varbit", "bit varying"));

    private TypeNames() {
    }

    /** Whether {@code expected}, as a test writes it, names the same type as {@code actual}. */
    public static boolean same(String expected, String actual) {
        return canonical(expected).equals(canonical(actual));
    }

    /** The spelling {@code format_type} uses for {@code type}; unknown spellings come back lower-cased. */
    static String canonical(String type) {
        String s = type.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        StringBuilder array = new StringBuilder();
        while (s.endsWith("[]")) {
            array.append("[]");
            s = s.substring(0, s.length() - 2).strip();
        }
        Matcher m = TYPE.matcher(s);
        if (!m.matches()) {
            return s + array;
        }
        String base = ALIASES.getOrDefault(m.group(1), m.group(1));
        String modifiers = m.group(2) == null ? "" : m.group(2).replace(" ", "");
        String zone = m.group(3);
        if (base.equals("timestamptz") || base.equals("timetz")) {
            base = base.substring(0, base.length() - 2);
            zone = "with time zone";
        }
        if (base.equals("timestamp") || base.equals("time")) {
            return base + modifiers + " " + (zone == null ? "without time zone" : zone) + array;
        }
        return base + modifiers + (zone == null ? "" : " " + zone) + array;
    }
}
