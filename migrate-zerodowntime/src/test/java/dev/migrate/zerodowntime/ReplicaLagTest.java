package dev.migrate.zerodowntime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.Location;
import dev.migrate.MigrationEvent;
import dev.migrate.Migrator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real streaming replica on loopback: the embedded binaries have no pg_basebackup, so the replica
 * is a copy of the stopped primary's data directory, started with {@code standby.signal}.
 */
class ReplicaLagTest {
    @TempDir
    Path tmp;

    @Test
    void a_backfill_waits_while_a_paused_replica_falls_behind_and_goes_on_once_it_replays() throws Exception {
        Path primaryDir = tmp.resolve("primary");
        Path replicaDir = tmp.resolve("replica");
        try (EmbeddedPostgres first = server(primaryDir)) {
            assertThat(first.getPort()).isPositive();
        }
        copy(primaryDir, replicaDir);
        // PostgreSQL refuses a data directory others may read.
        Files.setPosixFilePermissions(replicaDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        try (EmbeddedPostgres primary = server(primaryDir)) {
            Files.createFile(replicaDir.resolve("standby.signal"));
            Files.writeString(replicaDir.resolve("postgresql.auto.conf"), "primary_conninfo = 'host=localhost port="
                    + primary.getPort() + " user=postgres'\n", java.nio.file.StandardOpenOption.APPEND,
                    java.nio.file.StandardOpenOption.CREATE);
            try (EmbeddedPostgres replica = server(replicaDir)) {
                DataSource onPrimary = primary.getPostgresDatabase();
                DataSource onReplica = replica.getPostgresDatabase();
                awaitLong(onPrimary, "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'", 1);

                Path dir = tmp.resolve("migrations");
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("V1__docs.sql"), "CREATE TABLE docs (id bigint PRIMARY KEY, body text NOT NULL,"
                        + " size int);\nINSERT INTO docs (id, body) SELECT g, repeat('x', 300) FROM generate_series(1, 20000) g;");
                Files.writeString(dir.resolve("V2__sizes.backfill"), "table=docs\nset=size = length(body)\n");
                List<MigrationEvent> events = new CopyOnWriteArrayList<>();
                try (Migrator m = Migrator.configure().dataSource(onPrimary).locations(Location.directory(dir)).target("1")
                        .stepRunner(new BackfillRunner()).build()) {
                    m.migrate();
                }
                awaitLong(onPrimary, "SELECT COALESCE(max(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)), 0)::bigint"
                        + " FROM pg_stat_replication", 0);
                execute(onReplica, "SELECT pg_wal_replay_pause()");

                try (Migrator m = Migrator.configure().dataSource(onPrimary).locations(Location.directory(dir))
                        .stepRunner(new BackfillRunner())
                        .options(ZeroDowntimeOptions.DEFAULTS.withBatchSize(2000).withReplicationLag(256 * 1024, Duration.ofMinutes(1)))
                        .listener(e -> {
                            if (e instanceof BackfillPaused || e instanceof BackfillProgress) {
                                events.add(e);
                            }
                            if (e instanceof BackfillPaused) {
                                execute(onReplica, "SELECT pg_wal_replay_resume()"); // the replica catches up
                            }
                        }).build()) {
                    m.migrate();
                }

                List<BackfillPaused> paused = events.stream().filter(BackfillPaused.class::isInstance).map(BackfillPaused.class::cast)
                        .toList();
                assertThat(paused).isNotEmpty().allSatisfy(p -> assertThat(p.replicationLagBytes()).isGreaterThan(p.thresholdBytes()));
                int firstPause = events.indexOf(paused.get(0));
                assertThat(events.subList(firstPause, events.size())).anySatisfy(e -> assertThat(e).isInstanceOf(BackfillProgress.class));
                assertThat(((BackfillProgress) events.get(events.size() - 1)).finished()).isTrue();
                assertThat(queryLong(onPrimary, "SELECT count(*) FROM docs WHERE size = 300")).isEqualTo(20000L);
                awaitLong(onReplica, "SELECT count(*) FROM docs WHERE size = 300", 20000);
            }
        }
    }

    private static EmbeddedPostgres server(Path dataDirectory) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false)
                .setServerConfig("wal_level", "replica").setServerConfig("max_wal_senders", "4").start();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().startsWith("postmaster.")) {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void execute(DataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static long queryLong(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void awaitLong(DataSource ds, String sql, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            try {
                last = queryLong(ds, sql);
                if (last == expected) {
                    return;
                }
            } catch (SQLException notYet) {
                // The table may not have been replayed yet.
            }
            Thread.sleep(50);
        }
        throw new AssertionError(sql + " gave " + last + ", expected " + expected + " within 30 s");
    }
}
