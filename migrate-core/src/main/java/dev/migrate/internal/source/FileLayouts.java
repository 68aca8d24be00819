package dev.migrate.internal.source;

import dev.migrate.ErrorCode;
import dev.migrate.MigrationKind;
import dev.migrate.ValidationProblem;
import dev.migrate.Version;
import dev.migrate.spi.MigrationSource;
import dev.migrate.spi.Script;
import dev.migrate.spi.StepRunner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Core's file layouts, which may be mixed:
 * <ul>
 *   <li>Flyway's file names: {@code V<version>__<description>.sql} (up),
 *       {@code U<version>__<description>.sql} (down), {@code R__<description>.sql} (repeatable); another
 *       extension than {@code .sql} when a step runner runs it ({@code V5__add_email.ops});</li>
 *   <li>a folder per migration, as Diesel and Prisma write them: {@code <version>_<name>/up.sql} or
 *       {@code <version>_<name>/migration.sql}, with an optional {@code down.sql} and Diesel's
 *       {@code metadata.toml} ({@code run_in_transaction = false}).</li>
 * </ul>
 * It reads the files no other source took. A SQL file that fits neither, or a name that looks
 * like a migration but breaks a rule (a lower-case prefix, {@code .SQL}, one underscore), is
 * reported as a problem: a file that is not understood is never skipped in silence. Other files
 * (a README, {@code .gitkeep}) are left alone.
 */
final class FileLayouts implements MigrationSource {
    private static final Pattern FOLDER = Pattern.compile("(\\d[\\d-]*)_(.+)");
    private static final Pattern ALMOST_FLYWAY = Pattern.compile("[VUR]\\d.*\\.sql");
    /** A Flyway-like name in any case and with any extension: {@code v2__x.sql}, {@code V2__x.SQL}, {@code V2__x.txt}. */
    private static final Pattern LOOKS_LIKE_MIGRATION = Pattern.compile("(?i)([vu]\\d[^_]*|r)__.+");
    private static final Pattern NO_TRANSACTION = Pattern.compile("(?m)^\\s*run_in_transaction\\s*=\\s*false\\s*(#.*)?$");

    private final List<StepRunner> runners;
    private final BiPredicate<Version, Script> downOfEarlier;

    /**
     * @param runners       the runners of the run, which say what other file types than {@code .sql} are scripts
     * @param downOfEarlier gives a {@code U} file whose version no file here has to a migration another
     *                      source added (a Java migration's down script); false when there is none
     */
    FileLayouts(List<StepRunner> runners, BiPredicate<Version, Script> downOfEarlier) {
        this.runners = runners;
        this.downOfEarlier = downOfEarlier;
    }

    /** Whether a file name looks like a Flyway migration, in any case and with any extension. */
    static boolean looksLikeMigration(String fileName) {
        return LOOKS_LIKE_MIGRATION.matcher(fileName).matches();
    }

    @Override
    public void read(Found found) {
        List<ValidationProblem> problems = new ArrayList<>();
        List<Migration> migrations = new ArrayList<>();
        Map<Version, Script> downs = new HashMap<>();
        Map<String, Folder> folders = new LinkedHashMap<>();
        String location = null;
        for (Script file : found.files()) {
            if (!file.location().equals(location)) {
                folders(folders, migrations, problems);
                location = file.location();
            }
            String name = file.fileName();
            switch (name) {
                case "up.sql", "migration.sql", "down.sql", "metadata.toml" ->
                        folders.computeIfAbsent(folderOf(file), Folder::new).add(name, file, problems);
                default -> flywayFile(file, name, migrations, downs, problems);
            }
        }
        folders(folders, migrations, problems);
        for (Migration m : migrations) {
            Script down = m.kind() == MigrationKind.VERSIONED && m.down() == null ? downs.remove(m.version()) : null;
            found.add(down == null ? m : new Migration(m.kind(), m.version(), m.description(), m.up(), down, m.checksum(),
                    m.noTransaction()));
        }
        for (Map.Entry<Version, Script> down : downs.entrySet()) {
            if (downOfEarlier.test(down.getKey(), down.getValue())) {
                continue;
            }
            Script orphan = down.getValue();
            problems.add(new ValidationProblem(ErrorCode.INVALID_NAME, orphan.path(), 0,
                    "Down script has no up migration with the same version.",
                    "Rename it to match its V<version>__ file, or delete it."));
        }
        for (ValidationProblem problem : problems) {
            found.problem(problem);
        }
    }

    private static void folders(Map<String, Folder> folders, List<Migration> migrations, List<ValidationProblem> problems) {
        for (Folder folder : folders.values()) {
            Migration migration = folder.migration(problems);
            if (migration != null) {
                migrations.add(migration);
            }
        }
        folders.clear();
    }

    private void flywayFile(Script file, String name, List<Migration> migrations, Map<Version, Script> downs,
                            List<ValidationProblem> problems) {
        int dot = name.lastIndexOf('.');
        if (!name.endsWith(".sql") && !runBySomeRunner(file)) {
            if (name.toLowerCase(Locale.ROOT).endsWith(".sql")) {
                problems.add(misnamed(file, "Its extension is " + name.substring(name.length() - 4) + "; only .sql (lower case)"
                        + " is read as SQL.", "Rename it to " + name.substring(0, name.length() - 4) + ".sql."));
            } else {
                problems.add(misnamed(file, "The name looks like a migration, but the file does not end in .sql, and no step"
                        + " runner runs " + (dot < 0 ? "files without an extension" : name.substring(dot) + " files") + ".",
                        "Rename it to end in .sql, add the module whose step runner runs it, or move it out of the migration"
                                + " location."));
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
        String description = name.substring(separator + 2, dot > separator ? dot : name.length()).replace('_', ' ');
        if (prefix == 'R') {
            if (!versionText.isEmpty()) {
                problems.add(new ValidationProblem(ErrorCode.INVALID_NAME, file.path(), 0,
                        "A repeatable migration has no version.", "Rename it to R__" + name.substring(separator + 2) + "."));
                return;
            }
            migrations.add(Migration.repeatable(description, file));
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
            Script previous = downs.putIfAbsent(version, file);
            if (previous != null) {
                problems.add(SourceLoader.duplicate(file, previous, "down version " + version));
            }
            return;
        }
        migrations.add(Migration.versioned(version, description, file, null));
    }

    private boolean runBySomeRunner(Script file) {
        for (StepRunner runner : runners) {
            if (runner.runs(file)) {
                return true;
            }
        }
        return false;
    }

    private static String folderOf(Script file) {
        int slash = file.path().lastIndexOf('/');
        return slash < 0 ? "" : file.path().substring(0, slash);
    }

    private static ValidationProblem misnamed(Script file, String message, String fix) {
        return new ValidationProblem(ErrorCode.INVALID_NAME, file.path(), 0, message, fix);
    }

    /** The files of one migration folder. */
    private static final class Folder {
        private final String path;
        private Script up;
        private Script down;
        private boolean noTransaction;

        Folder(String path) {
            this.path = path;
        }

        void add(String name, Script file, List<ValidationProblem> problems) {
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

        Migration migration(List<ValidationProblem> problems) {
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
            return new Migration(MigrationKind.VERSIONED, Version.parse(versionText), m.group(2), up, down, null, noTransaction);
        }
    }
}
