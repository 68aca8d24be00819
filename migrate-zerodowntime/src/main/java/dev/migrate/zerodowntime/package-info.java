/**
 * Zero-downtime changes for migrate-core, on its public SPI only. First piece: {@link
 * dev.migrate.zerodowntime.Backfill}, a resumable, throttled keyset backfill that a step of code
 * ({@link dev.migrate.spi.StepRunner}) runs through the engine's lock-safe session, with its
 * settings in {@link dev.migrate.zerodowntime.ZeroDowntimeOptions} and its progress published as
 * {@link dev.migrate.zerodowntime.BackfillProgress} events.
 */
package dev.migrate.zerodowntime;
