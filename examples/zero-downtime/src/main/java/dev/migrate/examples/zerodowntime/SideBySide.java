package dev.migrate.examples.zerodowntime;

import dev.migrate.Migrator;
import dev.migrate.spi.StepRunner;
import dev.migrate.zerodowntime.InFlight;
import dev.migrate.zerodowntime.ZeroDowntime;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Two versions of a small application side by side through a column rename. Version 1 knows
 * {@code customers.name}; version 2 (migration {@code V2__rename_name_to_full_name.yaml}) knows
 * {@code full_name}. Version 1 keeps running while version 2 starts; each writes customers the
 * other reads; complete is refused until version 1 has stopped, then renames the column for good.
 *
 * <p>Each version picks its schema in its JDBC URL ({@code currentSchema}), which holds behind a
 * transaction-pooling connection pooler, and names itself in {@code application_name}, which is how
 * complete sees that the old version is still connected. Run it with
 * {@code ./mvnw -q -Dzero-downtime -pl examples/zero-downtime -am verify}.
 */
public final class SideBySide {
    private SideBySide() {
    }

    public static void main(String[] args) throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            String url = postgres.getJdbcUrl("postgres", "postgres");
            // Version 1 of the application deployed: its migrations applied.
            Migrator.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").target("1").build()
                    .migrate();
            System.out.println("\nVersion 1 of the application runs on the table as it is (customers.name).");
            App v1 = new App("v1", url, "public", "name");
            App v2 = null;
            try {
                v1.runFor(500);

                // Version 2 starts: its migrate() at start-up expands and stops there.
                Migrator next = Migrator.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration")
                        .build();
                ZeroDowntime zd = ZeroDowntime.on(next);
                zd.start();
                InFlight rename = zd.status().get(0);
                System.out.printf("Migration %s is %s: version 2 reads schema %s, version 1 still reads %s.%n", rename.version(),
                        rename.phase(), rename.versionSchema(), rename.previousSchema());

                v2 = new App("v2", url, rename.versionSchema(), "full_name");
                v2.runFor(1000);
                System.out.printf("Side by side: version 1 sees %d customers written by version 2; version 2 sees %d written by"
                        + " version 1.%n", v1.countWrittenBy("v2"), v2.countWrittenBy("v1"));
                try {
                    zd.complete("2");
                    throw new IllegalStateException("complete should have waited for version 1");
                } catch (StepRunner.Refused refused) {
                    System.out.println("Complete, while version 1 runs: " + refused.getMessage().split(": ", 2)[1]);
                }
                v1.stop();
                InFlight done = zd.complete("2");
                System.out.printf("Version 1 stopped; migration %s is %s.%n", done.version(), done.phase());
                v2.runFor(500);
                v2.stop();
                System.out.printf("Version 2 went on throughout: %d writes, %d failed; version 1 made %d writes, %d failed.%n",
                        v2.writes.get(), v2.failures.get(), v1.writes.get(), v1.failures.get());
                if (v1.failures.get() + v2.failures.get() > 0) {
                    throw new IllegalStateException("an application write failed");
                }
            } finally {
                v1.stop();
                if (v2 != null) {
                    v2.stop();
                }
            }
            try (Connection c = postgres.getPostgresDatabase().getConnection();
                 ResultSet rs = c.createStatement().executeQuery("SELECT string_agg(column_name, ', ' ORDER BY ordinal_position)"
                         + " FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'customers'")) {
                rs.next();
                System.out.println("The table now: customers(" + rs.getString(1) + ").");
            }
        }
    }

    /** One version of the application: writes a customer every 20 ms, on its own connection. */
    private static final class App {
        private final String version;
        private final String column;
        private final Connection connection;
        private final String url;
        private final Properties properties = new Properties();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong writes = new AtomicLong();
        private final AtomicLong failures = new AtomicLong();
        private final Thread loop;

        App(String version, String url, String schema, String column) throws Exception {
            this.version = version;
            this.column = column;
            this.url = url;
            properties.setProperty("ApplicationName", ZeroDowntime.applicationName("shop-" + version, schema));
            properties.setProperty("currentSchema", schema.equals("public") ? "public" : schema + ",public");
            this.connection = DriverManager.getConnection(url, properties);
            this.loop = new Thread(this::write, "app-" + version);
            loop.start();
        }

        private void write() {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO customers (" + column + ") VALUES (?)")) {
                while (running.get()) {
                    try {
                        insert.setString(1, "written by " + version);
                        insert.executeUpdate();
                        writes.incrementAndGet();
                    } catch (Exception e) {
                        failures.incrementAndGet();
                        System.out.println(version + " write failed: " + e.getMessage());
                    }
                    Thread.sleep(20);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        void runFor(long millis) throws InterruptedException {
            Thread.sleep(millis);
        }

        long countWrittenBy(String other) throws Exception {
            try (Connection c = DriverManager.getConnection(url, properties);
                 PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM customers WHERE " + column + " = ?")) {
                ps.setString(1, "written by " + other);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }

        /** Stops writing and closes the connection. */
        void stop() throws Exception {
            if (running.getAndSet(false)) {
                loop.join();
                connection.close();
            }
        }
    }
}
