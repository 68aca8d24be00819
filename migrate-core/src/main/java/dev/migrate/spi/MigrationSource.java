package dev.migrate.spi;

import dev.migrate.ConfigurationException;
import dev.migrate.MigrationKind;
import dev.migrate.ValidationProblem;
import dev.migrate.Version;
import java.util.List;
import java.util.Objects;

/**
 * Contributes migrations: a layout of files in the locations (another tool's folders), or
 * migrations made in code. migrate-core's own are the Flyway file names with the
 * folder-per-migration layout (Diesel, Prisma), and {@link dev.migrate.JavaMigration}s. Register
 * with {@link dev.migrate.MigratorBuilder#source(MigrationSource)}, or list the class in
 * {@code META-INF/services/dev.migrate.spi.MigrationSource}.
 *
 * <pre>{@code
 * public final class GooseSource implements MigrationSource {
 *     public void read(Found found) {
 *         for (Script file : found.files()) {
 *             if (file.path().matches("\\d+_.+\\.sql")) {
 *                 found.add(Migration.versioned(Version.parse(file.fileName().split("_")[0]), file.fileName(), file, null));
 *             }
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>Sources are read on every run, so keep {@link #read} quick: no database, no network. Added
 * sources run first, then those found on the class path, then core's file layouts, which report
 * every file that no source took and that they do not understand ({@link Found#claim}). Versions
 * must be unique across all sources.
 */
public interface MigrationSource {

    /** Adds the migrations this source provides to {@code found}, and the problems it sees. */
    void read(Found found);

    /** What a source reads from and adds to. */
    interface Found {
        /** The run's settings, with its locations and the options of modules. */
        Settings settings();

        /**
         * The files of the locations that may hold migrations (every {@code .sql} file, whatever its
         * case, {@code metadata.toml}, and names shaped like {@code V1__x.*}), read once for all
         * sources, by location and then path. SQL callback files are left out.
         */
        List<Script> files();

        /** Takes a file as this source's, so that core's layouts neither read it nor report it. */
        void claim(Script file);

        /** Adds a migration, claiming its scripts. */
        void add(Migration migration);

        /** Reports a file this source cannot read; the run is refused with every problem listed. */
        void problem(ValidationProblem problem);
    }

    /**
     * A migration a source provides.
     *
     * @param kind          versioned or repeatable
     * @param version       its version; null for a repeatable migration
     * @param description   what it does
     * @param up            the script that applies it
     * @param down          the script that reverts it, or null
     * @param checksum      what the history records and compares on every run; null for a SHA-256 of
     *                      {@code up}'s content with line ends normalised
     * @param noTransaction true when the layout says it must run without a transaction (Diesel's
     *                      {@code run_in_transaction = false}); runners may find other reasons too
     */
    record Migration(MigrationKind kind, Version version, String description, Script up, Script down, String checksum,
                     boolean noTransaction) {
        public Migration {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(up, "up");
            if ((kind == MigrationKind.VERSIONED) != (version != null)) {
                throw new ConfigurationException("A versioned migration has a version and a repeatable one none; "
                        + kind + " migration " + up + " has " + (version == null ? "none" : "version " + version));
            }
        }

        /** A versioned migration whose checksum is taken from {@code up}. */
        public static Migration versioned(Version version, String description, Script up, Script down) {
            return new Migration(MigrationKind.VERSIONED, Objects.requireNonNull(version, "version"), description, up, down, null,
                    false);
        }

        /** A repeatable migration (run again whenever its checksum changes), checksum taken from {@code up}. */
        public static Migration repeatable(String description, Script up) {
            return new Migration(MigrationKind.REPEATABLE, null, description, up, null, null, false);
        }
    }
}
