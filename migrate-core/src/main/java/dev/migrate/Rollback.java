package dev.migrate;

import java.util.Objects;

/**
 * Reverts applied versioned migrations with their down scripts ({@code U<version>__<desc>.sql},
 * or {@code down.sql} in a migration's folder), newest first, each in its own transaction unless
 * it needs none, under the same lock as {@code migrate()}. Get one from {@link Migrator#rollback()}.
 *
 * <pre>{@code
 * migrator.rollback().last();       // the latest applied migration
 * migrator.rollback().steps(3);     // the three latest
 * migrator.rollback().to("2.1");    // everything newer than 2.1; 2.1 stays applied
 * }</pre>
 *
 * <p>Every down script the request needs is found and checked before anything runs: when one is
 * missing or invalid, nothing changes and a {@link ValidationException} names it. A reverted
 * migration gets a history row in state {@code ROLLED_BACK} and counts as pending again. When a
 * down script fails, the ones before it stay reverted and the failed one stays applied (or, if it
 * ran without a transaction, is recorded as failed with how far it got), as for {@code migrate()}.
 * Repeatable migrations have no down scripts and are left alone.
 */
public final class Rollback {
    private final Reverting engine;

    Rollback(Reverting engine) {
        this.engine = engine;
    }

    /** What carries a rollback out: the engine, under the migration lock. */
    @FunctionalInterface
    interface Reverting {
        /**
         * Reverts every applied migration newer than {@code target} when it is given, otherwise the
         * {@code steps} most recently applied ({@link Integer#MAX_VALUE} for all).
         */
        RollbackResult rollback(Version target, int steps);
    }

    /** Reverts the most recently applied migration; does nothing when none is applied. */
    public RollbackResult last() {
        return steps(1);
    }

    /**
     * Reverts the {@code count} most recently applied migrations, newest first (fewer when fewer are applied).
     *
     * @throws ConfigurationException when {@code count} is not positive
     */
    public RollbackResult steps(int count) {
        if (count < 1) {
            throw new ConfigurationException("steps must be 1 or more, was " + count + ": rollback().all() reverts everything");
        }
        return engine.rollback(null, count);
    }

    /**
     * Reverts every applied migration newer than {@code target}, newest first; {@code target}
     * itself stays applied.
     *
     * @throws ConfigurationException when {@code target} is neither applied nor a local migration
     *                                (a typo must not revert everything): use {@link #all()} for that
     */
    public RollbackResult to(Version target) {
        return engine.rollback(Objects.requireNonNull(target, "target"), 0);
    }

    /**
     * Like {@link #to(Version)}, with the version as written in file names ({@code "2.1"}, {@code "20240102120000"}).
     *
     * @throws ConfigurationException as {@link #to(Version)}, and when {@code target} is not a version
     */
    public RollbackResult to(String target) {
        return to(Version.parseArgument("rollback target", target));
    }

    /** Reverts every applied versioned migration, newest first, down to an empty history. */
    public RollbackResult all() {
        return engine.rollback(null, Integer.MAX_VALUE);
    }
}
