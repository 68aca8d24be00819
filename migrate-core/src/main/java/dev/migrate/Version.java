package dev.migrate;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A migration version, compared segment by segment as numbers: {@code 1.10 > 1.9 > 1.2.3 > 1}.
 * When one version is a prefix of the other, the longer one is newer: {@code 1.0 > 1}. (Real
 * histories hold both {@code 2026-05-27-120000} and {@code 2026-05-27-120000-0000} as two migrations.)
 *
 * <p>Accepted forms:
 * <ul>
 *   <li>digits separated by {@code .} or {@code _} (Flyway file names: {@code V1_2__x.sql} is 1.2);</li>
 *   <li>timestamps ({@code 20240102120000});</li>
 *   <li>Diesel's dashed timestamps {@code 2017-09-23-182408} and {@code 2026-07-30-140000-0000}, read
 *       with the dashes removed, as Diesel itself records them.</li>
 * </ul>
 * A run of more than 14 digits is read as a 14-digit timestamp followed by a finer part, so
 * {@code 202607301400000000} (from {@code 2026-07-30-140000-0000}) sorts between the 14-digit
 * timestamps around it, as it does for Diesel, and not after all of them.
 */
public final class Version implements Comparable<Version> {
    private static final Pattern DIESEL = Pattern.compile("\\d{4}-\\d{2}-\\d{2}-\\d{6}(-\\d+)*");
    private static final Pattern DOTTED = Pattern.compile("\\d+([._]\\d+)*");
    private static final int TIMESTAMP_DIGITS = 14;

    private final String text;
    private final List<BigInteger> segments;

    private Version(String text, List<BigInteger> segments) {
        this.text = text;
        this.segments = segments;
    }

    /**
     * Reads a version.
     *
     * @throws IllegalArgumentException when {@code text} is not one of the accepted forms
     */
    public static Version parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.strip();
        String normalized;
        if (isDigits(trimmed)) {
            normalized = trimmed;
        } else if (DIESEL.matcher(trimmed).matches()) {
            normalized = trimmed.replace("-", "");
        } else if (DOTTED.matcher(trimmed).matches()) {
            normalized = trimmed.replace('_', '.');
        } else {
            throw new IllegalArgumentException("'" + text + "' is not a version: use digits separated by dots"
                    + " (1, 1.2, 20240102120000) or a Diesel timestamp (2024-01-02-120000)");
        }
        List<BigInteger> segments = new ArrayList<>();
        for (String part : normalized.indexOf('.') < 0 ? new String[] {normalized} : normalized.split("\\.")) {
            if (part.length() > TIMESTAMP_DIGITS && normalized.indexOf('.') < 0) {
                segments.add(new BigInteger(part.substring(0, TIMESTAMP_DIGITS)));
                segments.add(new BigInteger(part.substring(TIMESTAMP_DIGITS)));
            } else {
                segments.add(new BigInteger(part));
            }
        }
        return new Version(normalized, List.copyOf(segments));
    }

    /**
     * {@link #parse} for a version a caller passed to the API.
     *
     * @param what the argument or setting, for the message
     * @throws ConfigurationException when {@code text} is not a version
     */
    static Version parseArgument(String what, String text) {
        Objects.requireNonNull(text, what);
        if (!isVersion(text)) {
            throw new ConfigurationException(ErrorCode.INVALID_VERSION, what + " '" + text + "' is not a version: use digits separated by"
                    + " dots as in file names (1, 1.2, 20240102120000) or a Diesel timestamp (2024-01-02-120000)");
        }
        return parse(text);
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code text} is a version {@link #parse} accepts. */
    public static boolean isVersion(String text) {
        String trimmed = text.strip();
        return isDigits(trimmed) || DIESEL.matcher(trimmed).matches() || DOTTED.matcher(trimmed).matches();
    }

    @Override
    public int compareTo(Version other) {
        int n = Math.min(segments.size(), other.segments.size());
        for (int i = 0; i < n; i++) {
            int c = segments.get(i).compareTo(other.segments.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(segments.size(), other.segments.size());
    }

    public boolean isNewerThan(Version other) {
        return compareTo(other) > 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Version v && segments.equals(v.segments);
    }

    @Override
    public int hashCode() {
        return segments.hashCode();
    }

    /** The version as written, with {@code _} separators shown as dots and Diesel's dashes removed. */
    @Override
    public String toString() {
        return text;
    }
}
