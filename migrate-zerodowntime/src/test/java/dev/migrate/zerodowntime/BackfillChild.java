package dev.migrate.zerodowntime;

import dev.migrate.Location;
import dev.migrate.Migrator;
import java.nio.file.Path;
import java.time.Duration;

/** A separate JVM that runs a slow backfill, for the parent to kill with SIGKILL midway. Arguments: jdbc url, user, directory. */
public final class BackfillChild {
    private BackfillChild() {
    }

    public static void main(String[] args) {
        try (Migrator m = Migrator.configure().url(args[0], args[1], null).locations(Location.directory(Path.of(args[2])))
                .stepRunner(new BackfillRunner())
                .options(ZeroDowntimeOptions.DEFAULTS.withBatchSize(500).withPause(Duration.ofMillis(40))).build()) {
            m.migrate();
        }
        System.out.println("DONE");
    }
}
