package dev.migrate.testkit.internal;

import dev.migrate.testkit.DatabaseProvider;
import java.time.Duration;
import java.util.function.Consumer;
import javax.sql.DataSource;

/** Makes and removes test databases: a clone of a migrated template, or an empty database migrated in place. */
public final class DatabasePreparer {
    private DatabasePreparer() {
    }

    /**
     * A new database on {@code provider}.
     *
     * @param settings    equal for extensions that may share a template (the provider is added to it)
     * @param migrate     applies the migrations to a database; null when there are none to apply
     * @param useTemplate clone a template migrated once, instead of migrating every new database
     */
    public static PreparedDatabase prepare(DatabaseProvider provider, Object settings, Consumer<DataSource> migrate,
                                           boolean useTemplate) {
        if (migrate != null && useTemplate) {
            TemplateCache.Template template = TemplateCache.get(provider, settings, migrate);
            String name = DatabaseNames.test();
            long start = System.nanoTime();
            Databases.create(provider, name, template.name());
            return new PreparedDatabase(name, template.name(), since(start), template.buildTime());
        }
        String name = DatabaseNames.test();
        long start = System.nanoTime();
        Databases.create(provider, name, null);
        if (migrate != null) {
            try {
                migrate.accept(provider.dataSource(name));
            } catch (RuntimeException e) {
                TemplateCache.dropQuietly(provider, name);
                throw e;
            }
        }
        return new PreparedDatabase(name, null, since(start), Duration.ZERO);
    }

    /** Drops a test database; a failure is logged, not thrown, as it must not fail the test that used it. */
    public static void drop(DatabaseProvider provider, String name) {
        TemplateCache.dropQuietly(provider, name);
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
