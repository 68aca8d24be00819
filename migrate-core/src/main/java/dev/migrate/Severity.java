package dev.migrate;

/** How much a {@link Finding} matters, from a remark to a change that should not ship as written. */
public enum Severity {
    /** Worth knowing; nothing to change. */
    INFO,
    /** Unlikely to hurt, or only on large tables. */
    LOW,
    /** Can block or slow the application on a busy or large table; consider the safe alternative. */
    MEDIUM,
    /** Blocks reads or writes for a long time, or breaks running application code. */
    HIGH,
    /** Loses data or takes an outage; do not ship as written. */
    CRITICAL;

    /** Whether this severity is strictly above {@code other}. */
    public boolean isAbove(Severity other) {
        return compareTo(other) > 0;
    }
}
