package dev.migrate.internal.exec;

import dev.migrate.MigrationEvent;
import dev.migrate.spi.EventListener;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes events to the configured listeners and to the log. */
public final class Events {
    private static final Logger LOG = LoggerFactory.getLogger("dev.migrate.Migrator");

    private final List<EventListener> listeners;

    public Events(List<EventListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    public void publish(MigrationEvent event) {
        log(event);
        for (EventListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("Event listener {} failed on {}; continuing", listener, event, e);
            }
        }
    }

    private static void log(MigrationEvent event) {
        if (event instanceof MigrationEvent.MigrationApplied e) {
            LOG.info("Applied {} ({} statements, {} ms)", e.script(), e.statements(), e.duration().toMillis());
        } else if (event instanceof MigrationEvent.MigrationReverted e) {
            LOG.info("Rolled back version {} with {} ({} statements, {} ms)", e.version(), e.script(), e.statements(),
                    e.duration().toMillis());
        } else if (event instanceof MigrationEvent.MigrationStarted e) {
            LOG.debug("Applying {} ({})", e.script(), e.mode());
        } else if (event instanceof MigrationEvent.StatementRetried e) {
            LOG.warn("{}:{} could not get its lock within lock_timeout ({}); retry {} in {} ms", e.script(), e.line(),
                    e.serverMessage(), e.attempt(), e.backoff().toMillis());
        } else if (event instanceof MigrationEvent.MigrationFailed e) {
            if (e.line() > 0) {
                LOG.error("Migration {} failed at line {}: {}", e.script(), e.line(), e.message());
            } else {
                LOG.error("Migration {} failed: {}", e.script(), e.message());
            }
        } else if (event instanceof MigrationEvent.LockWaiting e) {
            LOG.info("Waiting for the migration lock, held by {}", e.holder());
        } else if (event instanceof MigrationEvent.InvalidIndexDropped e) {
            LOG.warn("{}:{}: dropped the INVALID index {} an earlier attempt left, to build it again", e.script(), e.line(), e.index());
        } else if (event instanceof MigrationEvent.WaitingForInterruptedRun e) {
            LOG.warn("{} was interrupted, but its server session (backend pid {}) still runs: {}; waiting up to {} s for it",
                    e.script(), e.pid(), e.query(), e.atMost().toSeconds());
        } else if (event instanceof MigrationEvent.LockAcquired e) {
            LOG.debug("Migration lock acquired after {} ms", e.waited().toMillis());
        } else if (event instanceof MigrationEvent.ModuleEvent e) {
            LOG.debug("{}", e);
        }
    }
}
