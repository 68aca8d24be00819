/**
 * Zero-downtime changes for migrate-core, built on its public API and SPI only.
 *
 * <h2>Expand-contract</h2>
 *
 * An {@link dev.migrate.zerodowntime.ExpandContract} migration is a versioned migration of the
 * history, declared in Java ({@link dev.migrate.zerodowntime.ZeroDowntime#source}), written as a
 * YAML or JSON file beside the SQL ones ({@code V5__rename_users.yaml}), or an ordinary SQL file
 * marked {@code -- migrate:strategy expand-contract}. Its phases, each resumable after a crash at any
 * point (state in {@code migrate_zero_downtime.migrations}, each step through the lock-safe session):
 *
 * <ol>
 *   <li><b>start</b>, by {@code migrate()}: every operation checked against the live schema (a
 *       refusal changes nothing); each table's new and shadow columns, its trigger carrying
 *       {@code up}/{@code down} and its {@code NOT VALID} constraints in one short transaction;
 *       indexes built {@code CONCURRENTLY}; one keyset backfill per table for all its operations,
 *       bounded by the keys that existed, visiting only rows that need a value; constraints
 *       validated; a schema of views ({@code public_v5}) for the new version. {@code migrate()}
 *       stops there: the migration is {@code EXPANDED}, the old and new versions of the application
 *       run side by side.</li>
 *   <li><b>complete</b> ({@link dev.migrate.zerodowntime.ZeroDowntime#complete}): refused while a
 *       session of the old version is connected; then the old version's schema of views, the old
 *       columns, triggers and stand-in checks are dropped, renames made, {@code NOT NULL} set on the
 *       validated checks (no scan).</li>
 *   <li><b>rollback</b> ({@link dev.migrate.zerodowntime.ZeroDowntime#rollback}): everything start
 *       made is dropped, its state too; the migration is pending again.</li>
 * </ol>
 *
 * Several migrations may be in flight when they change different tables; a second one on a table
 * in flight is refused naming the first. They complete in the order they started, and roll back
 * last first.
 *
 * <h2>Which version an application runs</h2>
 *
 * The new version reads its schema of views; the old one the previous migration's, or the tables
 * before the first. Choose it without session state, so that it survives a transaction-pooling
 * connection pooler: qualify names with the schema (the ORM's default schema), or put it in the
 * JDBC URL ({@code currentSchema=public_v5,public}), which the driver sends when it connects. A
 * {@code SET search_path} is session state that a pooler hands to the next client: do not use it.
 * Which version wrote a row is told by the row (which columns the write set), not by the session.
 *
 * <p>Complete knows the old version is gone from {@code pg_stat_activity}: every session whose
 * {@code application_name} is the old version's schema or ends with {@code @} and it
 * ({@link dev.migrate.zerodowntime.ZeroDowntime#applicationName}: {@code orders@public_v4}). Name
 * every deployment that way; a session that names no version is not seen.
 *
 * <h2>Plain SQL</h2>
 *
 * Under {@code -- migrate:strategy expand-contract}: {@code ALTER TABLE} with {@code ALTER COLUMN ...
 * TYPE} (a cast up, or {@code USING}; a cast back down), {@code SET} / {@code DROP NOT NULL},
 * {@code RENAME [COLUMN]}, {@code RENAME TO}, {@code ADD COLUMN} (with {@code NOT NULL},
 * {@code DEFAULT}, {@code CHECK}, {@code REFERENCES}, {@code UNIQUE}), {@code DROP COLUMN},
 * {@code ADD [CONSTRAINT] CHECK / UNIQUE / FOREIGN KEY}; {@code CREATE [UNIQUE] INDEX name ON t
 * (columns)}; {@code DROP INDEX}; {@code DROP TABLE}. Statements that take no lock an application
 * waits on ({@code CREATE TABLE}, {@code CREATE TYPE}, {@code CREATE FUNCTION}, {@code COMMENT},
 * {@code GRANT}...) run as written at start; a rollback drops what a {@code CREATE TABLE / TYPE /
 * DOMAIN / SEQUENCE / VIEW / SCHEMA} made, and names the statements it cannot undo (data, grants,
 * functions, {@code IF NOT EXISTS}). Refused, with the line and the reason: names in another
 * schema, other {@code ALTER TABLE} actions (a primary key, an exclusion constraint...), a
 * {@code DROP} of several objects or with {@code CASCADE}, an unnamed index or one on expressions,
 * {@code TRUNCATE}, {@code LOCK},
 * {@code VACUUM FULL}, {@code CLUSTER}, {@code REINDEX}, whole-table {@code UPDATE} /
 * {@code DELETE} (a {@link dev.migrate.zerodowntime.Backfill}), transaction control.
 *
 * <p>Or by a policy, without marking files: with {@link
 * dev.migrate.zerodowntime.ZeroDowntimeOptions#withExpandContractFrom
 * ZeroDowntimeOptions.DEFAULTS.withExpandContractFrom(Severity.HIGH)} and migrate-analysis on the class
 * path, a pending SQL migration on which the analysis finds something that severe (a rewrite, a scan
 * under a lock that blocks writes, a rename or drop that breaks the running version) runs the
 * expand-contract way; one that also holds a statement with no expand-contract form is refused, naming
 * both, before anything runs; the others run as written. A finding allowed with {@code -- migrate:allow
 * <rule> reason="..."} does not count, so that is how one migration is kept as written; so does a down
 * script ({@code U} file), which the rollback of a migration run as written needs. The checksum is the
 * one core records, so the policy can be turned on for a history already applied.
 *
 * <h2>Backfills</h2>
 *
 * {@link dev.migrate.zerodowntime.Backfill} updates a table in keyset batches from any step of code,
 * each batch and its persisted cursor one statement, throttled by {@link
 * dev.migrate.zerodowntime.ZeroDowntimeOptions}: batch size and pause, a rows-per-second cap,
 * streaming replicas' replay lag, batches kept shorter than {@code maxBatchTime} (what a write that
 * meets one waits at most), sessions queued for a lock on the table served first. Progress is
 * published as {@link dev.migrate.zerodowntime.BackfillProgress} and {@link
 * dev.migrate.zerodowntime.BackfillPaused} events, phases as {@link
 * dev.migrate.zerodowntime.ExpandContractPhase}.
 *
 * <p>Limits: PostgreSQL 12 or later (15 for tables with row-level security); tables in the first
 * managed schema; a primary key on tables that are backfilled (of any number of columns: a composite
 * key is walked as a row, {@code (tenant, id) > (...)}); a type change of a
 * column with indexes, constraints, an identity or a sequence is refused (change those in
 * operations of their own).
 *
 * <h2>Plain migrations beside one in flight</h2>
 *
 * A plain migration whose statements change the structure of a table an expand-contract migration
 * has in flight ({@code ALTER TABLE}, {@code DROP TABLE}, {@code TRUNCATE}, {@code CREATE INDEX ...
 * ON}, {@code CREATE TRIGGER ... ON}, {@code DROP INDEX} of one of its indexes, a table made under
 * the name a rename will take...) would break the views or triggers made for the table as it was:
 * {@code migrate()} refuses the run before any migration runs (a {@link
 * dev.migrate.spi.PlanChecker#guards() guard}, rule {@code expand-contract-in-flight}), whether the
 * other migration started earlier or earlier in the same run, and {@code plan()} lists it. So is a
 * migration started the expand-contract way that would now run as written (the policy changed).
 * Changes of data are let through: the triggers keep both versions right. DDL inside functions or
 * {@code DO} blocks is not seen.
 *
 * <p>After complete the tables have the new version's shape, and the next deployment can read them
 * directly ({@code currentSchema=public}); the version's schema of views stays for the instances
 * still on it until the next expand-contract migration completes. Its views list their columns: a
 * column a plain migration adds is not seen through them, and PostgreSQL refuses to drop a column
 * they read while they are there.
 */
package dev.migrate.zerodowntime;
