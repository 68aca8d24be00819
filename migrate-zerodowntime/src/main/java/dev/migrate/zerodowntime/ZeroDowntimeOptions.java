package dev.migrate.zerodowntime;

import dev.migrate.ConfigurationException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The zero-downtime module's settings, given to the migrator as a module option:
 *
 * <pre>{@code
 * Migrator.configure()...options(ZeroDowntimeOptions.DEFAULTS.withBatchSize(5_000).withMaxRowsPerSecond(20_000))
 * }</pre>
 *
 * @param stateSchema      the schema that holds the module's state (each backfill's cursor); created on first use
 * @param batchSize        rows per backfill batch, each one statement and one short transaction
 * @param pause            how long to wait between batches
 * @param maxRowsPerSecond the most rows per second a backfill touches; 0 for no cap
 */
public record ZeroDowntimeOptions(String stateSchema, int batchSize, Duration pause, long maxRowsPerSecond) {
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** The defaults: state in {@code migrate_zero_downtime}, batches of 1,000 rows, no pause, no rate cap. */
    public static final ZeroDowntimeOptions DEFAULTS = new ZeroDowntimeOptions("migrate_zero_downtime", 1000, Duration.ZERO, 0);

    /**
     * Checks every setting.
     *
     * @throws ConfigurationException naming the setting that is wrong
     */
    public ZeroDowntimeOptions {
        Objects.requireNonNull(stateSchema, "stateSchema");
        Objects.requireNonNull(pause, "pause");
        if (!NAME.matcher(stateSchema).matches()) {
            throw new ConfigurationException("stateSchema '" + stateSchema + "' must be a lower-case PostgreSQL name"
                    + " (letters, digits, _; at most 63)");
        }
        if (batchSize < 1 || batchSize > 1_000_000) {
            throw new ConfigurationException("batchSize must be between 1 and 1,000,000; got " + batchSize);
        }
        if (pause.isNegative()) {
            throw new ConfigurationException("pause must not be negative; got " + pause);
        }
        if (maxRowsPerSecond < 0) {
            throw new ConfigurationException("maxRowsPerSecond must be 0 (no cap) or more; got " + maxRowsPerSecond);
        }
    }

    /** The same options with another batch size. */
    public ZeroDowntimeOptions withBatchSize(int rows) {
        return new ZeroDowntimeOptions(stateSchema, rows, pause, maxRowsPerSecond);
    }

    /** The same options with another pause between batches. */
    public ZeroDowntimeOptions withPause(Duration between) {
        return new ZeroDowntimeOptions(stateSchema, batchSize, between, maxRowsPerSecond);
    }

    /** The same options with another rate cap (0 for none). */
    public ZeroDowntimeOptions withMaxRowsPerSecond(long rows) {
        return new ZeroDowntimeOptions(stateSchema, batchSize, pause, rows);
    }
}
