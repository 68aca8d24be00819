package dev.migrate.zerodowntime;

import dev.migrate.ConfigurationException;
import dev.migrate.Severity;
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
 * @param maxReplicationLagBytes before each batch, how far (in WAL bytes) the slowest streaming
 *                         replica may be behind in replaying ({@code pg_stat_replication.replay_lsn});
 *                         past it the backfill waits; 0 for no check. Seeing the replicas' positions needs
 *                         a superuser or {@code pg_read_all_stats}; without it the check sees no replica
 * @param maxPause         the longest a backfill waits for its replicas, or for other sessions queued for a
 *                         lock on its table, before it fails (it then resumes from its last batch when the
 *                         step is resumed)
 * @param maxBatchTime     the longest a batch should hold its rows' locks: an application write that meets a
 *                         row of the batch waits for it at most about this long. A slower batch halves the
 *                         batch size; a fast one lets it grow back towards {@code batchSize}
 * @param expandContractFrom the policy for SQL migrations not marked {@code -- migrate:strategy expand-contract}:
 *                         one on which migrate-analysis finds something this severe or more (a type change,
 *                         {@code SET NOT NULL}, a rename, an index built without {@code CONCURRENTLY}, a
 *                         constraint validated under its lock...) runs the expand-contract way, and one
 *                         that has such a finding but a statement with no expand-contract form is refused;
 *                         the others run as written. Null (the default) for marked scripts only. Needs
 *                         migrate-analysis on the class path; a finding allowed by {@code -- migrate:allow}
 *                         does not count, and a migration with a down script ({@code U} file) runs as written
 */
public record ZeroDowntimeOptions(String stateSchema, int batchSize, Duration pause, long maxRowsPerSecond,
                                  long maxReplicationLagBytes, Duration maxPause, Duration maxBatchTime,
                                  Severity expandContractFrom) {
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /**
     * The defaults: state in {@code migrate_zero_downtime}, batches of 1,000 rows held at most 200 ms, no
     * pause, no rate cap, waiting while a replica is more than 128 MiB behind, for 10 minutes at most; only
     * marked SQL scripts run the expand-contract way.
     */
    public static final ZeroDowntimeOptions DEFAULTS = new ZeroDowntimeOptions("migrate_zero_downtime", 1000, Duration.ZERO, 0,
            128L << 20, Duration.ofMinutes(10), Duration.ofMillis(200), null);

    /**
     * Checks every setting.
     *
     * @throws ConfigurationException naming the setting that is wrong
     */
    public ZeroDowntimeOptions {
        Objects.requireNonNull(stateSchema, "stateSchema");
        Objects.requireNonNull(pause, "pause");
        Objects.requireNonNull(maxPause, "maxPause");
        Objects.requireNonNull(maxBatchTime, "maxBatchTime");
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
        if (maxReplicationLagBytes < 0) {
            throw new ConfigurationException("maxReplicationLagBytes must be 0 (no check) or more; got " + maxReplicationLagBytes);
        }
        if (maxPause.isNegative()) {
            throw new ConfigurationException("maxPause must not be negative; got " + maxPause);
        }
        if (maxBatchTime.compareTo(Duration.ofMillis(1)) < 0) {
            throw new ConfigurationException("maxBatchTime must be 1 ms or more; got " + maxBatchTime);
        }
        if (expandContractFrom == Severity.INFO) {
            throw new ConfigurationException("expandContractFrom INFO would run every SQL migration with a note the expand-contract"
                    + " way; choose LOW or more (HIGH: what blocks the application or breaks its running version)");
        }
    }

    /** The same options with another batch size. */
    public ZeroDowntimeOptions withBatchSize(int rows) {
        return new ZeroDowntimeOptions(stateSchema, rows, pause, maxRowsPerSecond, maxReplicationLagBytes, maxPause, maxBatchTime,
                expandContractFrom);
    }

    /** The same options with another pause between batches. */
    public ZeroDowntimeOptions withPause(Duration between) {
        return new ZeroDowntimeOptions(stateSchema, batchSize, between, maxRowsPerSecond, maxReplicationLagBytes, maxPause, maxBatchTime,
                expandContractFrom);
    }

    /** The same options with another rate cap (0 for none). */
    public ZeroDowntimeOptions withMaxRowsPerSecond(long rows) {
        return new ZeroDowntimeOptions(stateSchema, batchSize, pause, rows, maxReplicationLagBytes, maxPause, maxBatchTime,
                expandContractFrom);
    }

    /** The same options with another replication-lag threshold (0 for no check) and longest wait for it. */
    public ZeroDowntimeOptions withReplicationLag(long maxBytes, Duration longestWait) {
        return new ZeroDowntimeOptions(stateSchema, batchSize, pause, maxRowsPerSecond, maxBytes, longestWait, maxBatchTime,
                expandContractFrom);
    }

    /** The same options with another longest time a batch holds its rows' locks. */
    public ZeroDowntimeOptions withMaxBatchTime(Duration time) {
        return new ZeroDowntimeOptions(stateSchema, batchSize, pause, maxRowsPerSecond, maxReplicationLagBytes, maxPause, time,
                expandContractFrom);
    }

    /**
     * The same options with the policy for unmarked SQL migrations: those on which migrate-analysis
     * finds something at least {@code severity} run the expand-contract way ({@link Severity#HIGH}: a
     * rewrite, a scan under a lock that blocks writes, a rename or drop that breaks the running
     * version); null for marked scripts only.
     */
    public ZeroDowntimeOptions withExpandContractFrom(Severity severity) {
        return new ZeroDowntimeOptions(stateSchema, batchSize, pause, maxRowsPerSecond, maxReplicationLagBytes, maxPause, maxBatchTime,
                severity);
    }
}
