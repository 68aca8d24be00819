package dev.migrate.schema;

import java.util.List;
import java.util.Objects;

/**
 * One change of a diff ({@link DatabaseSchema#changesTo}): what it does to which object, the SQL
 * that does it, and what to know before running it.
 *
 * @param object        the object, such as {@code table public.users} or {@code column public.users.email}
 * @param action        what happens to it, such as {@code create}, {@code drop}, {@code set not null}
 * @param sql           the statements, in order; several for the online-safe forms (a constraint added
 *                      {@code NOT VALID}, then validated)
 * @param transactional false when a statement cannot run in a transaction block ({@code CREATE INDEX
 *                      CONCURRENTLY}): a migration holding it needs {@code -- migrate:no-transaction}
 * @param hazards       what the change risks, one sentence each: data lost, a table rewritten under its
 *                      lock, a failure on existing rows, a drop and add that may be a rename; empty when none
 */
public record SchemaChange(String object, String action, List<String> sql, boolean transactional, List<String> hazards) {
    public SchemaChange {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(action, "action");
        sql = List.copyOf(sql);
        hazards = List.copyOf(hazards);
    }

    /**
     * The changes as one SQL script, in order, each headed by a comment naming it and its hazards;
     * {@code -- migrate:no-transaction} first when one of them cannot run in a transaction.
     */
    public static String script(List<SchemaChange> changes) {
        StringBuilder out = new StringBuilder();
        if (changes.stream().anyMatch(c -> !c.transactional())) {
            out.append("-- migrate:no-transaction\n");
        }
        for (SchemaChange c : changes) {
            out.append("\n-- ").append(c.action()).append(' ').append(c.object()).append('\n');
            for (String h : c.hazards()) {
                out.append("-- hazard: ").append(h).append('\n');
            }
            for (String s : c.sql()) {
                out.append(s).append(";\n");
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return action + " " + object + (hazards.isEmpty() ? "" : " (" + String.join("; ", hazards) + ")");
    }
}
