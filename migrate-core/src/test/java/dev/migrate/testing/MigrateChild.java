package dev.migrate.testing;

import dev.migrate.MigratorBuilder;
import dev.migrate.Callback;
import dev.migrate.Location;
import dev.migrate.Migrator;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.HashMap;
import java.util.Map;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A process that migrates and can be killed with {@code kill -9} at a chosen point, as a crashing
 * application would be. Arguments: the JDBC URL, the migrations directory, optionally
 * {@code --pause-after <script>:<n>} (stop after the n-th statement of that script, before its
 * progress is recorded, and wait to be killed) and {@code --check-interval <ms>} (the server's
 * {@code client_connection_check_interval} for its sessions). Prints {@code STARTED} first,
 * {@code PAUSED} at the pause and {@code DONE} when the migration completed.
 */
public final class MigrateChild {
    private MigrateChild() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("STARTED");
        System.out.flush();
        String url = args[0];
        Path dir = Path.of(args[1]);
        String pauseScript = null;
        int pauseAfter = -1;
        String checkInterval = null;
        for (int i = 2; i < args.length; i += 2) {
            if (args[i].equals("--pause-after")) {
                pauseScript = args[i + 1].substring(0, args[i + 1].lastIndexOf(':'));
                pauseAfter = Integer.parseInt(args[i + 1].substring(args[i + 1].lastIndexOf(':') + 1));
            } else if (args[i].equals("--check-interval")) {
                checkInterval = args[i + 1];
            }
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        ds.setUser("postgres");
        ds.setApplicationName("migrate-child");
        if (checkInterval != null) {
            ds.setOptions("-c client_connection_check_interval=" + checkInterval);
        }
        MigratorBuilder builder = Migrator.configure().dataSource(ds).locations(Location.directory(dir));
        if (pauseScript != null) {
            builder.callback(new Pause(pauseScript, pauseAfter));
        }
        try (Migrator migrator = builder.build()) {
            migrator.migrate();
        }
        System.out.println("DONE");
        System.out.flush();
    }

    /** Stops after the n-th statement of one script and waits to be killed. */
    private static final class Pause implements Callback {
        private final String script;
        private final int after;
        private final Map<String, Integer> seen = new HashMap<>();

        Pause(String script, int after) {
            this.script = script;
            this.after = after;
        }

        @Override
        public void afterEachStatement(Connection c, Migration migration, int line, String sql) {
            int n = seen.merge(migration.script(), 1, Integer::sum);
            if (migration.script().equals(script) && n == after) {
                System.out.println("PAUSED");
                System.out.flush();
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
