package dev.migrate.analysis.internal;

import dev.migrate.analysis.LockLevel;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.StatementFacts.Option;
import dev.migrate.analysis.StatementFacts.ParsedBy;
import dev.migrate.analysis.StatementKind;

/**
 * Reads a statement's kind, target relation, lock level and lock-deciding options from its tokens,
 * by PostgreSQL's documented rules (the "Explicit Locking" chapter and each command's reference
 * page). Works on any statement, including those no SQL grammar library parses; what it cannot
 * place is {@link StatementKind#OTHER} with no lock, never an exception.
 */
public final class Classifier {
    private final AlterStatements alters;

    /** @param serverMajor the PostgreSQL major version the statements will run on */
    public Classifier(int serverMajor) {
        this.alters = new AlterStatements(serverMajor);
    }

    /** The facts of one statement. */
    public StatementFacts classify(String script, int line, String sql, ParsedBy parsedBy) {
        Tokens t = Tokens.of(sql);
        FactsBuilder b = new FactsBuilder(script, line, sql, parsedBy);
        if (t.size() == 0) {
            return b.kind(StatementKind.OTHER).build();
        }
        switch (t.get(0).text()) {
            case "CREATE" -> create(t, b);
            case "ALTER" -> alters.read(t, b);
            case "DROP" -> drop(t, b);
            case "TRUNCATE" -> truncate(t, b);
            case "REINDEX" -> reindex(t, b);
            case "REFRESH" -> refresh(t, b);
            case "INSERT" -> b.kind(StatementKind.INSERT).relation(Names.nameAfter(t, t.find(0, "INTO"))).lock(LockLevel.ROW_EXCLUSIVE);
            case "UPDATE" -> dml(t, b, StatementKind.UPDATE, 1);
            case "DELETE" -> dml(t, b, StatementKind.DELETE, t.find(0, "FROM") + 1);
            case "MERGE" -> b.kind(StatementKind.MERGE).relation(Names.nameAfter(t, t.find(0, "INTO"))).lock(LockLevel.ROW_EXCLUSIVE);
            case "SELECT", "WITH", "VALUES", "TABLE", "EXPLAIN", "SHOW" -> b.kind(StatementKind.SELECT).lock(LockLevel.ACCESS_SHARE);
            case "COPY" -> b.kind(StatementKind.COPY).relation(Names.nameAt(t, 1)).lock(t.hasTopLevel("FROM") ? LockLevel.ROW_EXCLUSIVE
                    : LockLevel.ACCESS_SHARE);
            case "SET" -> b.kind(StatementKind.SET);
            case "RESET" -> b.kind(StatementKind.RESET);
            case "BEGIN", "START" -> b.kind(StatementKind.BEGIN);
            case "COMMIT", "END" -> b.kind(StatementKind.COMMIT);
            case "ROLLBACK", "ABORT" -> b.kind(t.is(1, "TO") || t.is(2, "TO") ? StatementKind.OTHER : StatementKind.ROLLBACK);
            case "VACUUM" -> vacuum(t, b);
            case "ANALYZE", "ANALYSE" -> b.kind(StatementKind.ANALYZE).relation(Names.lastName(t)).lock(LockLevel.SHARE_UPDATE_EXCLUSIVE);
            case "CLUSTER" -> b.kind(StatementKind.CLUSTER).relation(Names.nameAt(t, Names.skipParens(t, 1))).lock(LockLevel.ACCESS_EXCLUSIVE)
                    .rewrites().transactional(t.size() > 1);
            case "LOCK" -> lock(t, b);
            case "COMMENT" -> comment(t, b);
            case "GRANT" -> b.kind(StatementKind.GRANT);
            case "REVOKE" -> b.kind(StatementKind.REVOKE);
            case "DO" -> b.kind(StatementKind.DO);
            case "CALL" -> b.kind(StatementKind.CALL);
            default -> b.kind(StatementKind.OTHER);
        }
        return b.build();
    }

    // ---- CREATE ---------------------------------------------------------------------------------

    private void create(Tokens t, FactsBuilder b) {
        int i = 1;
        if (t.at(i, "OR", "REPLACE")) {
            b.option(Option.OR_REPLACE);
            i += 2;
        }
        while (t.is(i, "TEMP") || t.is(i, "TEMPORARY") || t.is(i, "UNLOGGED") || t.is(i, "GLOBAL") || t.is(i, "LOCAL")) {
            if (!t.is(i, "UNLOGGED")) {
                b.option(Option.TEMPORARY);
            }
            i++;
        }
        String what = t.get(i) == null ? "" : t.get(i).text();
        switch (what) {
            case "TABLE" -> {
                int n = b.skipIfNotExists(t, i + 1);
                b.relation(Names.nameAt(t, n));
                boolean as = t.find(n + 1, "AS") >= 0;
                b.kind(as ? StatementKind.CREATE_TABLE_AS : StatementKind.CREATE_TABLE);
                if (t.find(n, "PARTITION") >= 0 && t.find(n, "OF") >= 0 && !as) {
                    // CREATE TABLE ... PARTITION OF parent takes ACCESS EXCLUSIVE on the parent, in every version
                    // (ATTACH PARTITION is the way around it); the new partition itself is the relation here.
                    b.lock(LockLevel.ACCESS_EXCLUSIVE);
                }
            }
            case "UNIQUE", "INDEX" -> createIndex(t, b, i);
            case "MATERIALIZED" -> b.kind(StatementKind.CREATE_MATERIALIZED_VIEW).relation(Names.nameAt(t, b.skipIfNotExists(t, i + 2)));
            case "VIEW", "RECURSIVE" -> b.kind(StatementKind.CREATE_VIEW).relation(Names.nameAt(t, t.is(i, "RECURSIVE") ? i + 2 : i + 1))
                    .lock(b.has(Option.OR_REPLACE) ? LockLevel.ACCESS_EXCLUSIVE : LockLevel.NONE);
            case "TYPE", "DOMAIN" -> b.kind(StatementKind.CREATE_TYPE).relation(Names.nameAt(t, i + 1));
            case "SCHEMA" -> b.kind(StatementKind.CREATE_SCHEMA).relation(Names.nameAt(t, b.skipIfNotExists(t, i + 1)));
            case "FUNCTION", "PROCEDURE", "AGGREGATE" -> b.kind(StatementKind.CREATE_FUNCTION).relation(Names.nameAt(t, i + 1));
            case "TRIGGER", "CONSTRAINT" -> b.kind(StatementKind.CREATE_TRIGGER).relation(Names.nameAfter(t, t.find(i, "ON")))
                    .lock(LockLevel.SHARE_ROW_EXCLUSIVE);
            case "SEQUENCE" -> b.kind(StatementKind.CREATE_SEQUENCE).relation(Names.nameAt(t, b.skipIfNotExists(t, i + 1)));
            case "EXTENSION" -> b.kind(StatementKind.CREATE_EXTENSION).relation(Names.nameAt(t, b.skipIfNotExists(t, i + 1)));
            case "DATABASE" -> b.kind(StatementKind.OTHER).transactional(false);
            // A policy or rule changes how the table is read: creating one takes ACCESS EXCLUSIVE on it.
            case "POLICY" -> b.kind(StatementKind.OTHER).relation(Names.nameAfter(t, t.find(i, "ON"))).lock(LockLevel.ACCESS_EXCLUSIVE);
            case "RULE" -> b.kind(StatementKind.OTHER).relation(Names.nameAfter(t, t.find(i, "TO"))).lock(LockLevel.ACCESS_EXCLUSIVE);
            default -> b.kind(StatementKind.OTHER);
        }
    }

    private void createIndex(Tokens t, FactsBuilder b, int i) {
        if (t.is(i, "UNIQUE")) {
            b.option(Option.UNIQUE);
            i++;
        }
        i++; // INDEX
        if (t.is(i, "CONCURRENTLY")) {
            b.option(Option.CONCURRENTLY);
            i++;
        }
        int on = t.find(i, "ON");
        if (t.is(on + 1, "ONLY")) {
            b.option(Option.ONLY);
            on++;
        }
        b.skipIfNotExists(t, i);
        boolean concurrently = b.has(Option.CONCURRENTLY);
        b.kind(StatementKind.CREATE_INDEX).relation(Names.nameAt(t, on + 1))
                .lock(concurrently ? LockLevel.SHARE_UPDATE_EXCLUSIVE : LockLevel.SHARE)
                .transactional(!concurrently);
        if (!b.has(Option.ONLY)) {
            b.scans(); // ON ONLY a partitioned table creates an invalid parent index and reads nothing
        }
    }

    // ---- DROP, TRUNCATE, REINDEX, REFRESH, VACUUM, LOCK, COMMENT ---------------------------------------

    private void drop(Tokens t, FactsBuilder b) {
        String what = t.get(1) == null ? "" : t.get(1).text();
        int i = 2;
        if (what.equals("MATERIALIZED")) {
            i = 3;
        }
        if (t.is(i, "CONCURRENTLY")) {
            b.option(Option.CONCURRENTLY);
            i++;
        }
        i = b.skipIfExists(t, i);
        if (t.hasTopLevel("CASCADE")) {
            b.option(Option.CASCADE);
        }
        String name = Names.nameAt(t, i);
        switch (what) {
            case "TABLE" -> b.kind(StatementKind.DROP_TABLE).relations(Names.namesFrom(t, i)).lock(LockLevel.ACCESS_EXCLUSIVE);
            case "INDEX" -> {
                boolean concurrently = b.has(Option.CONCURRENTLY);
                b.kind(StatementKind.DROP_INDEX).relation(name)
                        .lock(concurrently ? LockLevel.SHARE_UPDATE_EXCLUSIVE : LockLevel.ACCESS_EXCLUSIVE).transactional(!concurrently);
            }
            case "VIEW" -> b.kind(StatementKind.DROP_VIEW).relation(name).lock(LockLevel.ACCESS_EXCLUSIVE);
            case "MATERIALIZED" -> b.kind(StatementKind.DROP_MATERIALIZED_VIEW).relation(name).lock(LockLevel.ACCESS_EXCLUSIVE);
            case "TYPE", "DOMAIN" -> b.kind(StatementKind.DROP_TYPE).relation(name);
            case "SCHEMA" -> b.kind(StatementKind.DROP_SCHEMA).relation(name);
            case "FUNCTION", "PROCEDURE", "AGGREGATE" -> b.kind(StatementKind.DROP_FUNCTION).relation(name);
            case "TRIGGER" -> b.kind(StatementKind.DROP_TRIGGER).relation(Names.nameAfter(t, t.find(i, "ON"))).lock(LockLevel.ACCESS_EXCLUSIVE);
            // Policies and rules change how the table is read: both take ACCESS EXCLUSIVE on it.
            case "POLICY", "RULE" -> b.kind(StatementKind.OTHER).relation(Names.nameAfter(t, t.find(i, "ON")))
                    .lock(LockLevel.ACCESS_EXCLUSIVE);
            case "SEQUENCE" -> b.kind(StatementKind.DROP_SEQUENCE).relation(name).lock(LockLevel.ACCESS_EXCLUSIVE);
            case "EXTENSION" -> b.kind(StatementKind.DROP_EXTENSION).relation(name);
            case "DATABASE" -> b.kind(StatementKind.OTHER).transactional(false);
            default -> b.kind(StatementKind.OTHER);
        }
    }

    private void truncate(Tokens t, FactsBuilder b) {
        int i = t.is(1, "TABLE") ? 2 : 1;
        if (t.is(i, "ONLY")) {
            b.option(Option.ONLY);
            i++;
        }
        if (t.hasTopLevel("CASCADE")) {
            b.option(Option.CASCADE);
        }
        b.kind(StatementKind.TRUNCATE).relations(Names.namesFrom(t, i)).lock(LockLevel.ACCESS_EXCLUSIVE);
    }

    private void reindex(Tokens t, FactsBuilder b) {
        int i = Names.skipParens(t, 1);
        String target = t.get(i) == null ? "" : t.get(i).text();
        i++;
        boolean concurrently = t.is(i, "CONCURRENTLY");
        if (concurrently) {
            b.option(Option.CONCURRENTLY);
            i++;
        }
        boolean wide = target.equals("SCHEMA") || target.equals("DATABASE") || target.equals("SYSTEM");
        // REINDEX INDEX takes ACCESS EXCLUSIVE on the index and SHARE on its table; REINDEX TABLE takes
        // SHARE on the table: both block writes for the whole rebuild. CONCURRENTLY (PG 12+) does not.
        b.kind(StatementKind.REINDEX).relation(Names.nameAt(t, i))
                .lock(concurrently ? LockLevel.SHARE_UPDATE_EXCLUSIVE : target.equals("INDEX") ? LockLevel.ACCESS_EXCLUSIVE : LockLevel.SHARE)
                .scans().transactional(!concurrently && !wide);
        if (target.equals("INDEX") && !concurrently) {
            b.rewrites(); // the index gets new storage; REINDEX TABLE rebuilds the indexes, not the table
        }
    }

    private void refresh(Tokens t, FactsBuilder b) {
        int i = 3;
        boolean concurrently = t.is(i, "CONCURRENTLY");
        if (concurrently) {
            b.option(Option.CONCURRENTLY);
            i++;
        }
        b.kind(StatementKind.REFRESH_MATERIALIZED_VIEW).relation(Names.nameAt(t, i))
                .lock(concurrently ? LockLevel.EXCLUSIVE : LockLevel.ACCESS_EXCLUSIVE);
        if (!concurrently) {
            b.rewrites(); // CONCURRENTLY updates the rows in place instead of swapping in new storage
        } else {
            b.scans();
        }
    }

    private void vacuum(Tokens t, FactsBuilder b) {
        boolean full = t.is(1, "FULL");
        if (t.get(1) != null && t.get(1).isPunct("(")) {
            for (int i = 2; i < t.size() && t.get(i).depth() > 0; i++) {
                if (t.is(i, "FULL") && !(t.is(i + 1, "FALSE") || t.is(i + 1, "OFF"))) {
                    full = true;
                }
            }
        }
        if (full) {
            b.option(Option.FULL).lock(LockLevel.ACCESS_EXCLUSIVE).rewrites();
        } else {
            b.lock(LockLevel.SHARE_UPDATE_EXCLUSIVE);
        }
        b.kind(StatementKind.VACUUM).relation(Names.lastName(t)).transactional(false);
    }

    private void lock(Tokens t, FactsBuilder b) {
        int i = t.is(1, "TABLE") ? 2 : 1;
        LockLevel level = LockLevel.ACCESS_EXCLUSIVE;
        int in = t.find(i, "IN");
        if (in >= 0) {
            StringBuilder mode = new StringBuilder();
            for (int k = in + 1; k < t.size() && !t.is(k, "MODE"); k++) {
                mode.append(mode.length() == 0 ? "" : "_").append(t.get(k).text());
            }
            try {
                level = LockLevel.valueOf(mode.toString());
            } catch (IllegalArgumentException e) {
                level = LockLevel.ACCESS_EXCLUSIVE;
            }
        }
        b.kind(StatementKind.LOCK).relations(Names.namesFrom(t, i)).lock(level);
    }

    private void comment(Tokens t, FactsBuilder b) {
        b.kind(StatementKind.COMMENT);
        if (t.at(1, "ON", "TABLE") || t.at(1, "ON", "COLUMN")) {
            String name = Names.nameAt(t, 3);
            if (t.is(2, "COLUMN") && name != null && name.lastIndexOf('.') > 0) {
                name = name.substring(0, name.lastIndexOf('.'));
            }
            b.relation(name).lock(LockLevel.SHARE_UPDATE_EXCLUSIVE);
        }
    }

    private void dml(Tokens t, FactsBuilder b, StatementKind kind, int nameIndex) {
        int i = nameIndex;
        if (t.is(i, "ONLY")) {
            i++;
        }
        b.kind(kind).relation(Names.nameAt(t, i)).lock(LockLevel.ROW_EXCLUSIVE);
        if (!t.hasTopLevel("WHERE")) {
            b.option(Option.NO_WHERE);
        }
    }
}
