package dev.migrate.analysis.internal;

import dev.migrate.analysis.AlterAction;
import dev.migrate.analysis.LockLevel;
import dev.migrate.analysis.StatementFacts.Option;
import dev.migrate.analysis.StatementKind;
import dev.migrate.analysis.internal.Tokens.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * The ALTER statements for {@link Classifier}: ALTER TABLE split into its actions (the strongest
 * action's lock is the statement's), ALTER INDEX, TYPE, DOMAIN, SEQUENCE, VIEW, POLICY and the rest.
 */
final class AlterStatements {
    private final int serverMajor;

    AlterStatements(int serverMajor) {
        this.serverMajor = serverMajor;
    }

    /** Reads an ALTER statement into {@code b}. */
    void read(Tokens t, FactsBuilder b) {
        String what = t.get(1) == null ? "" : t.get(1).text();
        switch (what) {
            case "TABLE" -> alterTable(t, b, 2);
            case "INDEX" -> {
                int n = b.skipIfExists(t, 2);
                b.kind(StatementKind.ALTER_INDEX).relation(Names.nameAt(t, n));
                int after = Names.nextAfterName(t, n);
                if (t.is(after, "RENAME")) {
                    b.lock(serverMajor >= 12 ? LockLevel.SHARE_UPDATE_EXCLUSIVE : LockLevel.ACCESS_EXCLUSIVE);
                } else if (t.at(after, "SET", "TABLESPACE")) {
                    b.lock(LockLevel.ACCESS_EXCLUSIVE).rewrites();
                } else if (t.is(after, "SET") || t.is(after, "RESET") || t.is(after, "ALTER")) {
                    b.lock(LockLevel.SHARE_UPDATE_EXCLUSIVE);
                } else {
                    b.lock(LockLevel.ACCESS_EXCLUSIVE);
                }
            }
            case "TYPE" -> {
                b.kind(StatementKind.ALTER_TYPE).relation(Names.nameAt(t, 2));
                if (t.find(2, "ADD") >= 0 && t.find(2, "VALUE") >= 0) {
                    // Before PostgreSQL 12, ALTER TYPE ... ADD VALUE cannot run in a transaction block.
                    b.transactional(serverMajor >= 12);
                }
            }
            case "SCHEMA" -> b.kind(StatementKind.ALTER_SCHEMA).relation(Names.nameAt(t, 2));
            case "SEQUENCE" -> b.kind(StatementKind.ALTER_SEQUENCE).relation(Names.nameAt(t, b.skipIfExists(t, 2)))
                    .lock(LockLevel.SHARE_ROW_EXCLUSIVE);
            case "VIEW" -> b.kind(StatementKind.ALTER_VIEW).relation(Names.nameAt(t, b.skipIfExists(t, 2))).lock(LockLevel.ACCESS_EXCLUSIVE);
            case "MATERIALIZED" -> b.kind(StatementKind.ALTER_VIEW).relation(Names.nameAt(t, b.skipIfExists(t, 3)))
                    .lock(LockLevel.ACCESS_EXCLUSIVE);
            case "DATABASE", "SYSTEM" -> b.kind(StatementKind.OTHER).transactional(!t.is(1, "SYSTEM"));
            case "POLICY" -> b.kind(StatementKind.OTHER).relation(Names.nameAfter(t, t.find(2, "ON"))).lock(LockLevel.ACCESS_EXCLUSIVE);
            case "DOMAIN" -> alterDomain(t, b);
            default -> b.kind(StatementKind.OTHER);
        }
    }

    /**
     * ALTER DOMAIN ... ADD CONSTRAINT checks every column of the domain, table by table under SHARE
     * (writes wait), unless NOT VALID; VALIDATE CONSTRAINT does the same check. Read as an action on
     * the domain, so the constraint rules see it like one on a table.
     */
    private void alterDomain(Tokens t, FactsBuilder b) {
        b.kind(StatementKind.ALTER_TYPE).relation(Names.nameAt(t, 2));
        int start = Names.nextAfterName(t, 2);
        if (t.is(start, "ADD") || t.is(start, "VALIDATE")) {
            List<Token> part = new ArrayList<>();
            for (int k = start; k < t.size(); k++) {
                part.add(t.get(k));
            }
            add(b, AlterActions.read(part, serverMajor));
        } else if (t.at(start, "SET", "NOT")) {
            b.scans();
        }
    }

    private void alterTable(Tokens t, FactsBuilder b, int i) {
        b.kind(StatementKind.ALTER_TABLE);
        i = b.skipIfExists(t, i);
        if (t.is(i, "ONLY")) {
            b.option(Option.ONLY);
            i++;
        }
        b.relation(Names.nameAt(t, i));
        int start = Names.nextAfterName(t, i);
        if (t.is(start, "*")) {
            start++;
        }
        List<List<Token>> parts = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        for (int k = start; k < t.size(); k++) {
            Token tok = t.get(k);
            if (tok.depth() == 0 && tok.isPunct(",")) {
                parts.add(current);
                current = new ArrayList<>();
            } else {
                current.add(tok);
            }
        }
        if (!current.isEmpty()) {
            parts.add(current);
        }
        LockLevel lock = LockLevel.NONE;
        for (List<Token> part : parts) {
            AlterAction action = AlterActions.read(part, serverMajor);
            add(b, action);
            lock = lock.max(action.lock());
            if (action.type() == AlterAction.Type.DETACH_PARTITION_CONCURRENTLY) {
                b.option(Option.CONCURRENTLY).transactional(false);
            }
        }
        b.lock(lock);
    }

    /** Records an action and what it does to the table's storage. */
    private static void add(FactsBuilder b, AlterAction action) {
        b.action(action);
        if (action.rewrites()) {
            b.rewrites();
        }
        if (action.scans()) {
            b.scans();
        }
    }
}
