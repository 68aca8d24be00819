package dev.migrate.spi;

import dev.migrate.MigrationEvent;

/**
 * Receives progress events, on the thread that runs the migration. Register with
 * {@link dev.migrate.MigratorBuilder#listener(EventListener)}. An exception thrown here is logged
 * and does not stop the migration.
 *
 * <pre>{@code
 * .listener(event -> {
 *     if (event instanceof MigrationEvent.MigrationApplied a) metrics.record(a.script(), a.duration());
 * })
 * }</pre>
 */
@FunctionalInterface
public interface EventListener {
    void onEvent(MigrationEvent event);
}
