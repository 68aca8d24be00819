package dev.migrate;

/**
 * Options for {@link Migrator#reset(Reset)}: drop everything in the managed schemas, apply every
 * migration again, then seed. Only for development and test databases; the migrator must be
 * built with {@code allowReset(true)}.
 *
 * @param seed whether to run the configured seed script and {@link Seeder} afterwards
 */
public record Reset(boolean seed) {

    /** Drop, migrate and seed. */
    public static Reset force() {
        return new Reset(true);
    }

    /** These options without the seed step (Prisma's {@code --skip-seed}). */
    public Reset skipSeed() {
        return new Reset(false);
    }
}
