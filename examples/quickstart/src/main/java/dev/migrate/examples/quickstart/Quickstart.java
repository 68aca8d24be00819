package dev.migrate.examples.quickstart;

import dev.migrate.MigrateResult;
import dev.migrate.MigrationInfo;
import dev.migrate.Migrator;
import dev.migrate.Status;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;

/**
 * Starts an embedded PostgreSQL, applies the migrations in {@code src/main/resources/db/migration},
 * runs again to show the no-op restart, and prints the status. Run it with
 * {@code ./mvnw -q -Dquickstart -pl examples/quickstart -am verify}.
 */
public final class Quickstart {
    private Quickstart() {
    }

    public static void main(String[] args) throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            Migrator migrator = Migrator.configure()
                    .dataSource(postgres.getPostgresDatabase())
                    .locations("classpath:db/migration")
                    .schema("shop")
                    .placeholder("owner", "shop_team")
                    .lockTimeout(Duration.ofSeconds(3))
                    .build();

            MigrateResult first = migrator.migrate();
            System.out.printf("%nFirst run applied %d migrations in %d ms; schema now at version %s%n",
                    first.count(), first.duration().toMillis(), first.finalVersion().orElseThrow());

            MigrateResult second = migrator.migrate();
            System.out.printf("Second run (a service restart) applied %d migrations in %d ms%n%n",
                    second.count(), second.duration().toMillis());

            print(migrator.status());
        }
    }

    private static void print(Status status) {
        System.out.printf("%-8s %-28s %-10s %-36s %s%n", "VERSION", "DESCRIPTION", "STATE", "SCRIPT", "TOOK");
        for (MigrationInfo m : status.migrations()) {
            String took = m.applied() == null || m.applied().duration() == null ? "" : m.applied().duration().toMillis() + " ms";
            System.out.printf("%-8s %-28s %-10s %-36s %s%n", m.label(), m.description(), m.state(), m.script(), took);
        }
        System.out.printf("%nCurrent version: %s, pending: %d, problems: %d%n",
                status.currentVersion().map(Object::toString).orElse("none"), status.pending().size(), status.problems().size());
    }
}
