package dev.migrate;

import java.util.Objects;

/**
 * Tells the history what really happened, after a person has looked: the fix for a failed or
 * interrupted migration, and for applied files that were edited on purpose. Get one from
 * {@link Migrator#resolve()}. Each call takes the migration lock and adds a history row recording
 * who did it and when; earlier rows stay, so the history keeps the whole story.
 *
 * <pre>{@code
 * migrator.resolve().markApplied("20240102120000");   // finished by hand: count it as applied
 * migrator.resolve().markRolledBack("7");             // undone by hand: run it again next time
 * migrator.resolve().resume("8");                     // continue where it stopped, on the next migrate()
 * migrator.resolve().acceptChecksums();               // edited applied files were reviewed: accept them
 * }</pre>
 *
 * <p>A migration is named by its version, or a repeatable one by its description.
 */
public final class Resolve {
    private final Resolution engine;

    Resolve(Resolution engine) {
        this.engine = engine;
    }

    /** What carries a resolution out: the engine, under the migration lock. */
    @FunctionalInterface
    interface Resolution {
        /**
         * @param migration     null for {@link Action#ACCEPT_CHECKSUMS}
         * @param fromStatement where {@link Action#RESUME} continues (1-based), or 0 to find it
         */
        ResolveResult resolve(Action action, String migration, int fromStatement);
    }

    /** What a resolution does. */
    public enum Action {
        /** Count a failed, interrupted or pending migration as applied, without running it. */
        MARK_APPLIED,
        /** Count a failed or interrupted migration as not applied: the next {@code migrate()} runs it again. */
        MARK_ROLLED_BACK,
        /**
         * Continue a failed or interrupted non-transactional migration: the next {@code migrate()}
         * runs it from the first statement that did not take effect.
         */
        RESUME,
        /** Record the current checksum of every applied migration whose file changed since. */
        ACCEPT_CHECKSUMS
    }

    /**
     * Records the migration as applied without running it: its statements were completed by hand,
     * or the change already exists in the database. For a failed migration, finish or undo what it
     * left half-done first.
     *
     * @throws ValidationException when the migration is unknown, or already applied
     */
    public ResolveResult markApplied(String migration) {
        return engine.resolve(Action.MARK_APPLIED, Objects.requireNonNull(migration, "migration"), 0);
    }

    /** Like {@link #markApplied(String)}. */
    public ResolveResult markApplied(Version version) {
        return markApplied(version.toString());
    }

    /**
     * Records a failed or interrupted migration as rolled back, after its partial effects were
     * undone by hand; the next {@code migrate()} runs it again from the start.
     *
     * @throws ValidationException when the migration is unknown or did not fail (use {@link Migrator#rollback()}
     *                             to revert an applied one)
     */
    public ResolveResult markRolledBack(String migration) {
        return engine.resolve(Action.MARK_ROLLED_BACK, Objects.requireNonNull(migration, "migration"), 0);
    }

    /** Like {@link #markRolledBack(String)}. */
    public ResolveResult markRolledBack(Version version) {
        return markRolledBack(version.toString());
    }

    /**
     * Continues a failed or interrupted migration that runs without a transaction (a
     * {@code CREATE INDEX CONCURRENTLY}, say) from the first statement that did not take effect:
     * the history's count checked against the catalog for the statement that was in flight (a
     * process killed mid-statement leaves the server to finish it). The next {@code migrate()}
     * runs the rest, after dropping an INVALID index the failed statement provably left. Statements
     * that completed are not run again.
     *
     * @throws ValidationException when the migration did not fail, runs in a transaction (nothing
     *                             of it was applied: use {@link #markRolledBack(String)}), is still
     *                             running in a server session, or when the catalog cannot tell
     *                             whether the statement in flight took effect (check, then use
     *                             {@link #resume(String, int)})
     */
    public ResolveResult resume(String migration) {
        return engine.resolve(Action.RESUME, Objects.requireNonNull(migration, "migration"), 0);
    }

    /**
     * Like {@link #resume(String)}, from statement {@code fromStatement} (1 for the first, as
     * messages count them), for when a person has checked what the catalog could not tell.
     *
     * @throws ValidationException as {@link #resume(String)}, or when {@code fromStatement} is past the last statement
     */
    public ResolveResult resume(String migration, int fromStatement) {
        if (fromStatement < 1) {
            throw new ConfigurationException("fromStatement counts from 1 (the first statement, as messages count them), was "
                    + fromStatement);
        }
        return engine.resolve(Action.RESUME, Objects.requireNonNull(migration, "migration"), fromStatement);
    }

    /** Like {@link #resume(String)}. */
    public ResolveResult resume(Version version) {
        return resume(version.toString());
    }

    /**
     * Accepts every applied migration whose local file no longer matches its recorded checksum
     * (Flyway's repair): for reviewed edits that change nothing the database needs, such as a
     * comment or formatting. Does nothing when no file changed.
     */
    public ResolveResult acceptChecksums() {
        return engine.resolve(Action.ACCEPT_CHECKSUMS, null, 0);
    }
}
