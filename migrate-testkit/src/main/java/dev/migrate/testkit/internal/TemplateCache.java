package dev.migrate.testkit.internal;

import dev.migrate.MigrationException;
import dev.migrate.testkit.DatabaseProvider;
import dev.migrate.testkit.TestDatabaseUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migrated template databases, one per provider and configuration in the JVM, built on first
 * use. Extensions with equal settings share one. On servers that outlive the JVM the templates are
 * dropped when it exits.
 */
final class TemplateCache {
    private static final Logger LOG = LoggerFactory.getLogger(TemplateCache.class);
    private static final Map<Key, Entry> TEMPLATES = new ConcurrentHashMap<>();
    private static final List<Entry> TO_DROP = new CopyOnWriteArrayList<>();
    private static final AtomicBoolean HOOK_ADDED = new AtomicBoolean();

    /**
     * A migrated template.
     *
     * @param name      its database name
     * @param buildTime how long creating and migrating it took, once for the JVM
     */
    record Template(String name, Duration buildTime) {
    }

    private record Key(DatabaseProvider provider, Object settings) {
    }

    private TemplateCache() {
    }

    /**
     * The template for {@code settings} on {@code provider}, built by {@code migrate} on first use.
     * When building failed, every later call fails at once with the same cause.
     */
    static Template get(DatabaseProvider provider, Object settings, Consumer<DataSource> migrate) {
        return TEMPLATES.computeIfAbsent(new Key(provider, settings), k -> new Entry(provider)).get(migrate);
    }

    private static final class Entry {
        private final DatabaseProvider provider;
        private Template template;
        private RuntimeException failure;

        Entry(DatabaseProvider provider) {
            this.provider = provider;
        }

        synchronized Template get(Consumer<DataSource> migrate) {
            if (template != null) {
                return template;
            }
            if (failure != null) {
                throw again(failure);
            }
            try {
                template = build(migrate);
                return template;
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }

        private Template build(Consumer<DataSource> migrate) {
            String name = DatabaseNames.template();
            long start = System.nanoTime();
            Databases.create(provider, name, null);
            try {
                migrate.accept(provider.dataSource(name));
            } catch (RuntimeException e) {
                dropQuietly(provider, name);
                throw e;
            }
            Databases.seal(provider, name);
            Template built = new Template(name, Duration.ofNanos(System.nanoTime() - start));
            if (!(provider instanceof EphemeralServer)) {
                TO_DROP.add(this);
                addShutdownHook();
            }
            LOG.info("Template database {} migrated in {} ms on {}; test databases are cloned from it", name,
                    built.buildTime().toMillis(), provider.describe());
            return built;
        }

        private synchronized void dropAtExit() {
            if (template != null) {
                dropQuietly(provider, template.name());
            }
        }
    }

    private static RuntimeException again(RuntimeException failure) {
        String message = "The template database could not be prepared earlier in this JVM, so no test database"
                + " can be cloned from it: " + failure.getMessage();
        if (failure instanceof TestDatabaseUnavailableException) {
            return new TestDatabaseUnavailableException(message, failure);
        }
        if (failure instanceof MigrationException m) {
            return new MigrationException(m.code(), message, failure);
        }
        return new IllegalStateException(message, failure);
    }

    private static void addShutdownHook() {
        if (HOOK_ADDED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> TO_DROP.forEach(Entry::dropAtExit),
                    "migrate-testkit-drop-templates"));
        }
    }

    static void dropQuietly(DatabaseProvider provider, String name) {
        try {
            Databases.drop(provider, name);
        } catch (RuntimeException e) {
            LOG.warn("Could not drop database {}: {}", name, e.getMessage());
        }
    }
}
