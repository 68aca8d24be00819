package dev.migrate.benchmarks;

import java.nio.file.Path;

/**
 * The child JVM of the cold no-op measurement: runs one migrate with nothing pending and prints
 * {@code COLD_NANOS=<n>}, the time from the start of {@code main} to the end of the call.
 *
 * <p>Arguments: {@code <contender id | none> <jdbc url> <user> <password> <directory>}. With
 * {@code none} it does nothing, which measures the JVM's own start-up.
 */
public final class ColdStart {
    /** Prefix of the line the parent reads. */
    public static final String PREFIX = "COLD_NANOS=";
    /** The pseudo-contender that only starts the JVM. */
    public static final String NONE = "none";

    private ColdStart() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        if (args.length != 5) {
            System.err.println("usage: ColdStart <contender|none> <jdbc url> <user> <password> <directory>");
            System.exit(2);
        }
        if (!args[0].equals(NONE)) {
            Quiet.apply();
            int applied = Contender.byId(args[0])
                    .migrate(EmbeddedServer.dataSource(args[1], args[2], args[3]), Path.of(args[4]));
            if (applied > 0) {
                System.err.println(args[0] + " applied " + applied + " migrations: the database was not up to date");
                System.exit(3);
            }
        }
        long elapsed = System.nanoTime() - start;
        System.out.println(PREFIX + elapsed);
    }
}
