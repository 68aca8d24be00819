package dev.migrate.internal.source;

import dev.migrate.ErrorCode;
import dev.migrate.JavaMigration;
import dev.migrate.Location;
import dev.migrate.MigrationException;
import dev.migrate.MigrationKind;
import dev.migrate.MigratorConfig;
import dev.migrate.ValidationProblem;
import dev.migrate.Version;
import dev.migrate.spi.MigrationSource;
import dev.migrate.spi.Script;
import dev.migrate.spi.Settings;
import dev.migrate.spi.StepRunner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads every source of a run into one {@link SourceSet}: the locations' files are scanned once,
 * their SQL callback files set aside, and the rest offered to the sources in order (added ones,
 * those found through {@link ServiceLoader}, core's {@link FileLayouts}, then the Java
 * migrations); versions and repeatable descriptions must then be unique across all of them.
 * The sources found through {@code ServiceLoader} are looked up once, when this is made.
 */
public final class SourceLoader {
    /** SQL callbacks: an event name, optionally {@code __description}. */
    private static final Pattern CALLBACK = Pattern.compile(
            "(beforeMigrate|afterMigrate|afterMigrateError|beforeEachMigrate|afterEachMigrate|afterEachMigrateError)(__.*)?\\.sql");
    private static final Location DEFAULT_LOCATION = Location.classpath("db/migration");

    private final MigratorConfig config;
    private final LocationScanner scanner;
    private final List<StepRunner> runners;
    private final List<MigrationSource> extensions;

    /** @param runners every runner of the run: they say which other files than {@code .sql} are scripts */
    public SourceLoader(MigratorConfig config, List<StepRunner> runners) {
        this.config = config;
        this.scanner = new LocationScanner(config.classLoader());
        this.runners = List.copyOf(runners);
        List<MigrationSource> sources = new ArrayList<>(config.hooks().sources());
        ServiceLoader.load(MigrationSource.class, config.classLoader()).forEach(sources::add);
        this.extensions = List.copyOf(sources);
    }

    /** Reads every source. */
    public SourceSet load() {
        List<JavaMigration> java = new ArrayList<>(config.hooks().javaMigrations());
        ServiceLoader.load(JavaMigration.class, config.classLoader()).forEach(java::add);
        Reading reading = new Reading(config);
        for (Location location : config.locations()) {
            if ((!java.isEmpty() || !extensions.isEmpty()) && config.locations().equals(List.of(DEFAULT_LOCATION))
                    && !scanner.exists(location)) {
                // Migrations from elsewhere only, and the default location left as it is: nothing to read there.
                continue;
            }
            for (ResourceFile file : scanner.scan(location)) {
                if (file.tooLarge()) {
                    reading.problem(new ValidationProblem(ErrorCode.SCRIPT_TOO_LARGE, file.path(), 0, String.format(
                            "The file is %.1f MiB; scripts up to %d MiB are read, since a script is held in memory while it runs.",
                            file.size() / 1048576.0, ResourceFile.MAX_SIZE >> 20),
                            "Split it into several migrations, or load bulk data with COPY ... FROM a file the server can read,"
                                    + " or with a Java migration that streams it (the driver's CopyManager)."));
                } else if (CALLBACK.matcher(file.fileName()).matches()) {
                    reading.callbacks.add(file.script());
                } else {
                    reading.files.add(file.script());
                }
            }
        }
        for (MigrationSource source : extensions) {
            read(source, reading);
        }
        read(new JavaMigrations(java), reading);
        reading.last = true; // no source reads the files after core's layouts: what they take need not be claimed
        read(new FileLayouts(runners, reading::attachDown), reading);
        return reading.assemble();
    }

    private static void read(MigrationSource source, Reading reading) {
        try {
            source.read(reading);
        } catch (MigrationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MigrationException(ErrorCode.SOURCE_UNREADABLE, "Migration source " + source.getClass().getName()
                    + " failed while reading: " + e, e);
        }
    }

    static ValidationProblem duplicate(Script file, Script other, String what) {
        return new ValidationProblem(ErrorCode.DUPLICATE_VERSION, file.path(), 0,
                "Same " + what + " as " + other.path() + (file.location().equals(other.location()) ? "" : " in " + other.location()) + ".",
                "Give one of them the next free version (this often follows a merge of two branches that each added a migration).");
    }

    /** One read of the sources: what {@link MigrationSource.Found} is for each of them. */
    private static final class Reading implements MigrationSource.Found {
        private final MigratorConfig config;
        private final List<Script> files = new ArrayList<>();
        private final List<Script> callbacks = new ArrayList<>();
        private final Set<Script> claimed = Collections.newSetFromMap(new IdentityHashMap<>());
        /** Set while the last source reads. */
        private boolean last;
        private final List<MigrationSource.Migration> migrations = new ArrayList<>();
        private final List<ValidationProblem> problems = new ArrayList<>();

        Reading(MigratorConfig config) {
            this.config = config;
        }

        @Override
        public Settings settings() {
            return config;
        }

        @Override
        public List<Script> files() {
            if (claimed.isEmpty()) {
                return Collections.unmodifiableList(files);
            }
            List<Script> unclaimed = new ArrayList<>(files.size());
            for (Script f : files) {
                if (!claimed.contains(f)) {
                    unclaimed.add(f);
                }
            }
            return Collections.unmodifiableList(unclaimed);
        }

        @Override
        public void claim(Script file) {
            claimed.add(file);
        }

        @Override
        public void add(MigrationSource.Migration migration) {
            migrations.add(migration);
            if (last) {
                return;
            }
            claimed.add(migration.up());
            if (migration.down() != null) {
                claimed.add(migration.down());
            }
        }

        @Override
        public void problem(ValidationProblem problem) {
            problems.add(problem);
        }

        /** Makes {@code down} the down script of the versioned migration added earlier without one; false when there is none. */
        boolean attachDown(Version version, Script down) {
            for (int i = 0; i < migrations.size(); i++) {
                MigrationSource.Migration m = migrations.get(i);
                if (m.kind() == MigrationKind.VERSIONED && version.equals(m.version()) && m.down() == null) {
                    migrations.set(i, new MigrationSource.Migration(m.kind(), m.version(), m.description(), m.up(), down, m.checksum(),
                            m.noTransaction()));
                    claimed.add(down);
                    return true;
                }
            }
            return false;
        }

        SourceSet assemble() {
            // In the order read (files by path, mostly in version order already), so that sorting is cheap.
            Map<Version, ResolvedMigration> versioned = new LinkedHashMap<>();
            Map<String, ResolvedMigration> repeatable = new LinkedHashMap<>();
            // Java migrations are read first (so that a U file can be their down script), but a version both
            // a file and a Java migration claim is reported on the Java class, as it always was.
            // (Loops rather than streams here and below: each lambda costs a cold start time.)
            List<MigrationSource.Migration> inOrder = new ArrayList<>(migrations.size());
            List<MigrationSource.Migration> java = new ArrayList<>();
            for (MigrationSource.Migration m : migrations) {
                (m.up().payload() instanceof JavaMigration ? java : inOrder).add(m);
            }
            inOrder.addAll(java);
            for (MigrationSource.Migration m : inOrder) {
                String checksum = m.checksum() != null ? m.checksum() : Scripts.checksum(m.up().content());
                ResolvedMigration resolved = new ResolvedMigration(m.kind(), m.version(), m.description(), m.up(), checksum, m.down(),
                        m.noTransaction());
                ResolvedMigration previous = m.kind() == MigrationKind.VERSIONED ? versioned.putIfAbsent(m.version(), resolved)
                        : repeatable.putIfAbsent(m.description(), resolved);
                if (previous != null) {
                    problems.add(duplicate(m.up(), previous.up(), m.kind() == MigrationKind.VERSIONED ? "version " + m.version()
                            : "description '" + m.description() + "'"));
                }
            }
            List<ResolvedMigration> ordered = new ArrayList<>(versioned.values());
            ordered.sort(Comparator.comparing(ResolvedMigration::version));
            List<ResolvedMigration> repeatables = new ArrayList<>(repeatable.values());
            repeatables.sort(Comparator.comparing(ResolvedMigration::description));
            callbacks.sort(Comparator.comparing(Script::fileName));
            return new SourceSet(ordered, repeatables, callbacks, problems);
        }
    }
}
