package dev.migrate;

import java.util.List;

/**
 * What a {@link Resolve} call recorded.
 *
 * @param resolved one entry per migration whose history changed; empty when there was nothing to do
 */
public record ResolveResult(List<Resolved> resolved) {
    public ResolveResult {
        resolved = List.copyOf(resolved);
    }

    /**
     * One migration's new history entry.
     *
     * @param kind        versioned or repeatable
     * @param version     null for a repeatable migration
     * @param description its description
     * @param script      its script
     * @param before      its state before
     * @param after       its state now
     * @param checksum    the checksum now recorded for it
     */
    public record Resolved(MigrationKind kind, Version version, String description, String script,
                           MigrationState before, MigrationState after, String checksum) {
    }

    /** How many migrations were resolved. */
    public int count() {
        return resolved.size();
    }
}
