package dev.migrate;

import java.util.List;
import java.util.Optional;

/**
 * The state of every migration, known locally or recorded in the history, in version order with
 * repeatable migrations last, plus every problem that would stop {@code migrate()}.
 *
 * @param migrations one entry per migration
 * @param problems   what {@link Migrator#validate()} would report; empty when valid
 * @param warnings   what deserves a look but does not stop {@code migrate()}: migrations applied by a
 *                   newer release of the application (normal during a rolling deploy), migrations
 *                   applied out of order
 */
public record Status(List<MigrationInfo> migrations, List<ValidationProblem> problems, List<ValidationProblem> warnings) {
    public Status {
        migrations = List.copyOf(migrations);
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    /** The highest applied version, if any migration is applied. */
    public Optional<Version> currentVersion() {
        return migrations.stream()
                .filter(m -> m.version() != null && m.applied() != null && m.state() != MigrationState.FAILED)
                .map(MigrationInfo::version)
                .max(Version::compareTo);
    }

    /** The migrations {@code migrate()} would apply, in order. */
    public List<MigrationInfo> pending() {
        return migrations.stream().filter(m -> m.state().isPending()).toList();
    }

    /** The migrations in one state. */
    public List<MigrationInfo> inState(MigrationState state) {
        return migrations.stream().filter(m -> m.state() == state).toList();
    }

    public boolean isValid() {
        return problems.isEmpty();
    }

    /** A readable table of every migration and its state, then problems and warnings. */
    public String toText() {
        return Reports.text(this);
    }

    /** The same as JSON. Needs Jackson ({@code tools.jackson.core:jackson-databind}) on the class path. */
    public String toJson() {
        return Reports.json(this);
    }
}
