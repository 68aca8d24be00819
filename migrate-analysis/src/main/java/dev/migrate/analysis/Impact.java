package dev.migrate.analysis;

/** How much a migration affects one aspect (performance, data, rollback), from nothing to a lot. */
public enum Impact {
    NONE, LOW, MEDIUM, HIGH;

    public Impact max(Impact other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
