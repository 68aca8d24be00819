package dev.migrate.internal.source;

import dev.migrate.ErrorCode;
import dev.migrate.JavaMigration;
import dev.migrate.Location;
import dev.migrate.MigrationKind;
import dev.migrate.ValidationProblem;
import dev.migrate.Version;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the files of the locations into migrations. Two layouts, which may be mixed:
 * <ul>
 *   <li>Flyway's file names: {@code V<version>__<description>.sql} (up),
 *       {@code U<version>__<description>.sql} (down), {@code R__<description>.sql} (repeatable);</li>
 *   <li>a folder per migration, as Diesel and Prisma write them: {@code <version>_<name>/up.sql} or
 *       {@code <version>_<name>/migration.sql}, with an optional {@code down.sql} and Diesel's
 *       {@code metadata.toml} ({@code run_in_transaction = false}).</li>
 * </ul>
 * A SQL file that fits neither, or a name that looks like a migration but breaks a rule (a
 * lower-case prefix, {@code .SQL}, one underscore), is reported as a problem: a file that is not
 * understood is never skipped in silence. Other files (a README, {@code .gitkeep}) are left alone.
 */
public final class SourceLoader {
    private static final Pattern FOLDER = Pattern.compile("(\\d[\\d-]*)_(.+)");
    /** SQL callbacks: an event name, optionally {@code __description}. */
    private static final Pattern CALLBACK = Pattern.compile(
            "(beforeMigrate|afterMigrate|afterMigrateError|beforeEachMigrate|afterEachMigrate|afterEachMigrateError)(__.*)?\\.sql");
    private static final Pattern ALMOST_FLYWAY = Pattern.compile("[VUR]\\d.*\\.sql");
    /** A Flyway-like name in any case and with any extension: {@code v2__x.sql}, {@code V2__x.SQL}, {@code V2__x.txt}. */
    private static final Pattern LOOKS_LIKE_MIGRATION = Pattern.compile("(?i)([vu]\\d[^_]*|r)__.+");
    private static final Location DEFAULT_LOCATION = Location.classpath("db/migration");
    private static final Pattern NO_TRANSACTION = Pattern.compile("(?m)^\\s*run_in_transaction\\s*=\\s*false\\s*(#.*)?$");

    private final LocationScanner scanner;

    public SourceLoader(ClassLoader classLoader) {
        this.scanner = new LocationScanner(classLoader);
    }

    public SourceSet load(List<Location> locations) {
        return load(locations, List.of());
    }

    /** Reads the locations and adds the Java migrations, which take part in ordering and duplicate checks. */
    public SourceSet load(List<Location> locations, List<JavaMigration> javaMigrations) {
        List<ValidationProblem> problems = new ArrayList<>();
        Map<Version, ResolvedMigration> versioned = new HashMap<>();
        Map<Version, ResourceFile> downs = new HashMap<>();
        Map<String, ResolvedMigration> repeatable = new HashMap<>();
        List<ResourceFile> callbacks = new ArrayList<>();
        for (Location location : locations) {
            if (!javaMigrations.isEmpty() && locations.equals(List.of(DEFAULT_LOCATION)) && !scanner.exists(location)) {
                // Only Java migrations, and the default location left as it is: nothing to read there.
                continue;
            }
            Map<String, Folder> folders = new LinkedHashMap<>();
            for (ResourceFile file : scanner.scan(location)) {
                String name = file.fileName();
                if (file.tooLarge()) {
                    problems.add(new ValidationProblem(ErrorCode.SCRIPT_TOO_LARGE, file.path(), 0, String.format(
                            "The file is %.1f MiB; scripts up to %d MiB are read, since a script is held in memory while it runs.",
                            file.size() / 1048576.0, ResourceFile.MAX_SIZE >> 20),
                            "Split it into several migrations, or load bulk data with COPY ... FROM a file the server can read,"
                                    + " or with a Java migration that streams it (the driver's CopyManager)."));
                    continue;
                }
                switch (name) {
                    case "up.sql", "migration.sql", "down.sql", "metadata.toml" -> {
                        Folder folder = folders.computeIfAbsent(file.folder(), Folder::new);
                        folder.add(name, file, problems);
                    }
                    default -> {
                        if (CALLBACK.matcher(name).matches()) {
                            callbacks.add(file);
                        } else {
                            flywayFile(file, versioned, downs, repeatable, problems);
                        }
                    }
                }
            }
            for (Folder folder : folders.values()) {
                ResolvedMigration migration = folder.migration(problems);
                if (migration != null) {
                    addVersioned(migration, versioned, problems);
                }
            }
        }
        for (JavaMigration java : javaMigrations) {
            String name = java.getClass().getName();
            String checksum = java.checksum() != null ? java.checksum() : "java:" + name;
            addVersioned(new ResolvedMigration(MigrationKind.VERSIONED, java.version(), java.description(),
                    new ResourceFile("java", name, new byte[0]), checksum, null, false, java), versioned, problems);
        }
        List<ResolvedMigration> ordered = new ArrayList<>();
        for (ResolvedMigration m : versioned.values()) {
            ResourceFile down = downs.remove(m.version());
            ordered.add(down == null ? m : new ResolvedMigration(m.kind(), m.version(), m.description(), m.up(),
                    m.checksum(), down, m.noTransaction(), m.java()));
        }
        for (ResourceFile orphan : downs.values()) {
            problems.add(new ValidationProblem(ErrorCode.INVALID_NAME, orphan.path(), 0,
                    "Down script has no up migration with the same version.",
                    "Rename it to match its V<version>__ file, or delete it."));
        }
        ordered.sort(Comparator.comparing(ResolvedMigration::version));
        List<ResolvedMigration> repeatables = new ArrayList<>(repeatable.values());
        repeatables.sort(Comparator.comparing(ResolvedMigration::description));
        callbacks.sort(Comparator.comparing(ResourceFile::fileName));
        return new SourceSet(ordered, repeatables, callbacks, problems);
    }

    /** Whether a file name looks like a Flyway migration, in any case and with any extension. */
    static boolean looksLikeMigration(String fileName) {
        return LOOKS_LIKE_MIGRATION.matcher(fileName).matches();
    }

    private static void flywayFile(ResourceFile file, Map<Version, ResolvedMigration> versioned,
                                   Map<Version, ResourceFile> downs, Map<String, ResolvedMigration> repeatable,
                                   List<ValidationProblem> problems) {
        String name = file.fileName();
        if (!name.endsWith(".sql")) {
            if (name.toLowerCase(Locale.ROOT).endsWith(".sql")) {
                problems.add(misnamed(file, "Its extension is " + name.substring(name.length() - 4) + "; only .sql (lower case)"
                        + " is read as SQL.", "Rename it to " + name.substring(0, name.length() - 4) + ".sql."));
            } else {
                problems.add(misnamed(file, "The name looks like a migration, but the file does not end in .sql.",
                        "Rename it to end in .sql, or move it out of the migration location."));
            }
            return;
        }
        char prefix = name.charAt(0);
        int separator = name.indexOf("__");
        if ((prefix == 'v' || prefix == 'u' || prefix == 'r') && separator >= 1) {
            problems.add(misnamed(file, "The prefix '" + prefix + "' is lower case; only V, U and R mark migrations.",
                    "Rename it to " + Character.toUpperCase(prefix) + name.substring(1) + "."));
            return;
        }
        if ((prefix != 'V' && prefix != 'U' && prefix != 'R') || separator < 1) {
            if (ALMOST_FLYWAY.matcher(name).matches()) {
                problems.add(misnamed(file, "File name looks like a migration but has no '__' between version and description.",
                        "Rename it to " + prefix + "<version>__<description>.sql, e.g. V2__add_orders.sql."));
            } else if (List.of("up.sql", "down.sql", "migration.sql").contains(name.toLowerCase(Locale.ROOT))) {
                problems.add(misnamed(file, "A migration folder's scripts are named in lower case.",
                        "Rename it to " + name.toLowerCase(Locale.ROOT) + "."));
            } else {
                problems.add(misnamed(file, "This SQL file is not a migration: its name fits no layout.",
                        "Name it V<version>__<description>.sql (or U... for a down script, R__<description>.sql for a"
                                + " repeatable one, a callback such as afterMigrate.sql), put it in a <version>_<name>/ folder"
                                + " as up.sql, or move it out of the migration location."));
            }
            return;
        }
        String versionText = name.substring(1, separator);
        String description = name.substring(separator + 2, name.length() - ".sql".length()).replace('_', ' ');
        if (prefix == 'R') {
            if (!versionText.isEmpty()) {
                problems.add(new ValidationProblem(ErrorCode.INVALID_NAME, file.path(), 0,
                        "A repeatable migration has no version.", "Rename it to R__" + name.substring(separator + 2) + "."));
                return;
            }
            ResolvedMigration m = new ResolvedMigration(MigrationKind.REPEATABLE, null, description, file,
                    Scripts.checksum(file.content()), null, false);
            ResolvedMigration previous = repeatable.putIfAbsent(description, m);
            if (previous != null) {
                problems.add(duplicate(file, previous.up(), "description '" + description + "'"));
            }
            return;
        }
        if (!Version.isVersion(versionText)) {
            problems.add(new ValidationProblem(ErrorCode.INVALID_NAME, file.path(), 0,
                    "'" + versionText + "' is not a version.",
                    "Use digits separated by dots or underscores: " + prefix + "1__x.sql, " + prefix + "1.2__x.sql, "
                            + prefix + "20240102120000__x.sql."));
            return;
        }
        Version version = Version.parse(versionText);
        if (prefix == 'U') {
            ResourceFile previous = downs.putIfAbsent(version, file);
            if (previous != null) {
                problems.add(duplicate(file, previous, "down version " + version));
            }
            return;
        }
        addVersioned(new ResolvedMigration(MigrationKind.VERSIONED, version, description, file,
                Scripts.checksum(file.content()), null, false), versioned, problems);
    }

    private static ValidationProblem misnamed(ResourceFile file, String message, String fix) {
        return new ValidationProblem(ErrorCode.INVALID_NAME, file.path(), 0, message, fix);
    }

    private static void addVersioned(ResolvedMigration m, Map<Version, ResolvedMigration> versioned,
                                     List<ValidationProblem> problems) {
        ResolvedMigration previous = versioned.putIfAbsent(m.version(), m);
        if (previous != null) {
            problems.add(duplicate(m.up(), previous.up(), "version " + m.version()));
        }
    }

    private static ValidationProblem duplicate(ResourceFile file, ResourceFile other, String what) {
        return new ValidationProblem(ErrorCode.DUPLICATE_VERSION, file.path(), 0,
                "Same " + what + " as " + other.path() + (file.location().equals(other.location()) ? "" : " in " + other.location()) + ".",
                "Give one of them the next free version (this often follows a merge of two branches that each added a migration).");
    }

    /** The files of one migration folder. */
    private static final class Folder {
        private final String path;
        private ResourceFile up;
        private ResourceFile down;
        private boolean noTransaction;

        Folder(String path) {
            this.path = path;
        }

        void add(String name, ResourceFile file, List<ValidationProblem> problems) {
            switch (name) {
                case "up.sql", "migration.sql" -> {
                    if (up != null) {
                        problems.add(new ValidationProblem(ErrorCode.INVALID_NAME, file.path(), 0,
                                "Folder has both up.sql and migration.sql.", "Keep one of them."));
                    }
                    up = file;
                }
                case "down.sql" -> down = file;
                default -> noTransaction = NO_TRANSACTION.matcher(new String(file.content(), StandardCharsets.UTF_8)).find();
            }
        }

        ResolvedMigration migration(List<ValidationProblem> problems) {
            String folderName = path.substring(path.lastIndexOf('/') + 1);
            Matcher m = FOLDER.matcher(folderName);
            if (!m.matches()) {
                if (up != null || down != null) {
                    problems.add(new ValidationProblem(ErrorCode.INVALID_NAME, path, 0,
                            "Folder holds a migration script but its name does not start with a version.",
                            "Rename it to <version>_<name>, e.g. 20240102120000_add_orders or 2024-01-02-120000_add_orders."));
                }
                return null;
            }
            if (up == null) {
                if (down != null) {
                    problems.add(new ValidationProblem(ErrorCode.INVALID_NAME, path, 0, "Folder has down.sql but no up.sql.",
                            "Add the up.sql (or migration.sql) it reverts, or delete the folder."));
                }
                return null;
            }
            String versionText = m.group(1);
            if (!Version.isVersion(versionText)) {
                problems.add(new ValidationProblem(ErrorCode.INVALID_NAME, path, 0,
                        "'" + versionText + "' is not a version.",
                        "Start the folder name with a timestamp: 20240102120000_name or 2024-01-02-120000_name."));
                return null;
            }
            return new ResolvedMigration(MigrationKind.VERSIONED, Version.parse(versionText), m.group(2), up,
                    Scripts.checksum(up.content()), down, noTransaction);
        }
    }
}
