package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.testing.Child;
import dev.migrate.testing.MigrationsDir;
import dev.migrate.testing.Sql;
import dev.migrate.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash loop: a child process migrates a fresh database and is killed with {@code kill -9} at
 * a random moment (with {@code client_connection_check_interval} off or on, at random); then the
 * next run, in this process, either completes or refuses, and a refusal's count must match what
 * the catalog shows; after {@code resolve().resume()} everything must be applied and valid. Every
 * outcome is classified: completed, refused with an accurate message, or inconsistent. The goal is
 * no inconsistent outcome.
 *
 * <p>Not part of the default build: {@code ./mvnw -B -pl migrate-core -am verify -Pcrash-loop}
 * ({@code -Dcrash.kills=30 -Dcrash.seed=1}). Writes {@code target/crash-loop.md}.
 */
@Tag("crash-loop")
class CrashLoopTest {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Pattern COUNT = Pattern.compile("(\\d+)(?: or (\\d+))? of 6 statements completed");
    /** What each statement of V2 leaves in the catalog when it took effect: the loop's own truth. */
    private static final String[] EFFECTS = {
        "SELECT coalesce((SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass('t_id')), false)",
        "SELECT coalesce((SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass('t_email')), false)",
        "SELECT to_regclass('side') IS NOT NULL",
        "SELECT EXISTS (SELECT 1 FROM pg_enum WHERE enumtypid = 'mood'::regtype AND enumlabel = 'meh')",
        "SELECT coalesce((SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass('t_v')), false)",
        "SELECT to_regclass('side2') IS NOT NULL",
    };

    enum Outcome { COMPLETED, REFUSED_ACCURATE, INCONSISTENT }

    @TempDir
    Path tmp;

    @Test
    void random_kills_leave_nothing_inconsistent() throws Exception {
        int kills = Integer.getInteger("crash.kills", 30);
        Random random = new Random(Long.getLong("crash.seed", 1L));
        new MigrationsDir(tmp)
                .write("V1__base.sql", "CREATE TABLE t (id int, email text, v int);\n"
                        + "INSERT INTO t SELECT g, 'user' || g || '@example.com', g % 97 FROM generate_series(1, 200000) g;\n"
                        + "CREATE TYPE mood AS ENUM ('ok');")
                .write("V2__online.sql", "CREATE INDEX CONCURRENTLY t_id ON t (id);\n"
                        + "CREATE UNIQUE INDEX CONCURRENTLY t_email ON t (email);\n"
                        + "CREATE TABLE side (id int);\n"
                        + "ALTER TYPE mood ADD VALUE 'meh';\n"
                        + "CREATE INDEX CONCURRENTLY t_v ON t (v);\n"
                        + "CREATE TABLE side2 (id int);")
                .write("V3__after.sql", "CREATE TABLE done (id int);\nINSERT INTO done VALUES (1);");
        Duration runTime = calibrate();

        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        List<String> rows = new ArrayList<>();
        List<String> inconsistent = new ArrayList<>();
        for (int i = 1; i <= kills; i++) {
            boolean interval = random.nextBoolean();
            long delay = (long) (random.nextDouble() * runTime.toMillis() * 1.2);
            DataSource db = TestDatabases.newDatabase();
            String note;
            Outcome outcome;
            try (Child child = Child.start(TestDatabases.url(db), tmp, interval ? new String[] {"--check-interval", "100"} : new String[0])) {
                child.awaitLine("STARTED", PATIENCE);
                Thread.sleep(delay);
                child.kill();
            }
            int truthBefore = truth(db);
            try {
                Result r = nextRunAndResume(db);
                outcome = r.outcome;
                note = r.note;
            } catch (Throwable t) {
                outcome = Outcome.INCONSISTENT;
                note = "unexpected " + t;
            }
            counts.merge(outcome, 1, Integer::sum);
            String row = String.format("| %d | %s | %d ms | %d | %s | %s |", i, interval ? "on" : "off", delay, truthBefore, outcome,
                    note.replace("|", "/"));
            rows.add(row);
            if (outcome == Outcome.INCONSISTENT) {
                inconsistent.add(row);
            }
        }
        String report = "# Crash loop\n\n" + kills + " kills, seed " + Long.getLong("crash.seed", 1L) + ", a clean run takes "
                + runTime.toMillis() + " ms (kills fall in 0 to 1.2 times that after the child's main starts)\n\n"
                + "completed: " + counts.getOrDefault(Outcome.COMPLETED, 0)
                + ", refused with an accurate message: " + counts.getOrDefault(Outcome.REFUSED_ACCURATE, 0)
                + ", inconsistent: " + counts.getOrDefault(Outcome.INCONSISTENT, 0) + "\n\n"
                + "| kill | check interval | after | V2 statements done (catalog) | outcome | note |\n|---|---|---|---|---|---|\n"
                + String.join("\n", rows) + "\n";
        writeReport(report);
        System.out.println(report);
        assertThat(inconsistent).as(report).isEmpty();
    }

    private record Result(Outcome outcome, String note) {
    }

    /** The next run after the kill; for a refusal, the check of its count and the resume. */
    private Result nextRunAndResume(DataSource db) {
        Outcome outcome;
        String note;
        try (Migrator m = migrator(db)) {
            try {
                m.migrate();
                outcome = Outcome.COMPLETED;
                note = "next run completed";
            } catch (ValidationException e) {
                if (e.problems().size() != 1 || e.problems().get(0).code() != ErrorCode.FAILED_MIGRATION) {
                    return new Result(Outcome.INCONSISTENT, "refused for another reason: " + e.getMessage());
                }
                ValidationProblem p = e.problems().get(0);
                int truth = truth(db);
                String recorded = Sql.one(db, "SELECT statements_done FROM public.migrate_history WHERE version = '2'"
                        + " ORDER BY installed_rank DESC LIMIT 1");
                Matcher claim = COUNT.matcher(p.message());
                if (!claim.find()) {
                    return new Result(Outcome.INCONSISTENT, "no count in: " + p.message());
                }
                int low = Integer.parseInt(claim.group(1));
                int high = claim.group(2) == null ? low : Integer.parseInt(claim.group(2));
                if (truth < low || truth > high) {
                    return new Result(Outcome.INCONSISTENT, "claimed " + claim.group() + ", the catalog shows " + truth + ": " + p.message());
                }
                if (low != high) {
                    // The catalog could not tell; a person checks, as the message says, and names the statement.
                    m.resolve().resume("2", truth + 1);
                } else {
                    m.resolve().resume("2");
                }
                m.migrate();
                outcome = Outcome.REFUSED_ACCURATE;
                note = "claimed " + claim.group() + " (the history had recorded " + recorded + "); resumed";
            }
            Status status = m.status();
            if (!status.isValid() || !status.pending().isEmpty() || truth(db) != 6 || !Sql.tableExists(db, "public.done")
                    || !Sql.one(db, "SELECT count(*) FROM pg_index WHERE NOT indisvalid").equals("0")) {
                return new Result(Outcome.INCONSISTENT, note + ", but afterwards: " + status.toText().replace('\n', ' '));
            }
        }
        return new Result(outcome, note);
    }

    private Migrator migrator(DataSource db) {
        return Migrator.configure().dataSource(db).locations(Location.directory(tmp)).lockWait(PATIENCE).build();
    }

    /** How many of V2's statements took effect, by the catalog: the leading run of effects present. */
    private static int truth(DataSource db) {
        if (!Sql.tableExists(db, "public.t")) {
            return 0;
        }
        int done = 0;
        while (done < EFFECTS.length && Sql.one(db, EFFECTS[done]).equals("t")) {
            done++;
        }
        return done;
    }

    /** One child run without a kill: how long a whole migration takes after the child's main starts. */
    private Duration calibrate() throws Exception {
        DataSource db = TestDatabases.newDatabase();
        try (Child child = Child.start(TestDatabases.url(db), tmp)) {
            child.awaitLine("STARTED", PATIENCE);
            long started = System.nanoTime();
            child.awaitLine("DONE", PATIENCE);
            return Duration.ofNanos(System.nanoTime() - started);
        }
    }

    private static void writeReport(String report) throws IOException {
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            Files.writeString(target.resolve("crash-loop.md"), report);
        }
    }
}
