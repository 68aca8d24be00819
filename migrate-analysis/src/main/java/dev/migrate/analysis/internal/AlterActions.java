package dev.migrate.analysis.internal;

import dev.migrate.analysis.AlterAction;
import dev.migrate.analysis.AlterAction.ConstraintKind;
import dev.migrate.analysis.AlterAction.Type;
import dev.migrate.analysis.LockLevel;
import dev.migrate.analysis.internal.Tokens.Token;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads one action of an {@code ALTER TABLE} from its tokens and applies the lock table of the
 * ALTER TABLE reference page: most actions take ACCESS EXCLUSIVE; adding a foreign key takes SHARE
 * ROW EXCLUSIVE; VALIDATE CONSTRAINT, SET STATISTICS, CLUSTER ON and most storage parameters take
 * SHARE UPDATE EXCLUSIVE; trigger enabling takes SHARE ROW EXCLUSIVE.
 */
final class AlterActions {
    /**
     * Functions known to be STABLE or IMMUTABLE, which PostgreSQL 11+ evaluates once for a new
     * column's default. Any other function call may be VOLATILE (what CREATE FUNCTION makes by
     * default; gen_random_uuid(), random(), clock_timestamp() and nextval() are), and then every
     * existing row gets its own value: a rewrite.
     */
    private static final Set<String> NOT_VOLATILE = Set.of("NOW", "TRANSACTION_TIMESTAMP", "STATEMENT_TIMESTAMP", "TIMEZONE",
            "LOWER", "UPPER", "COALESCE", "NULLIF", "GREATEST", "LEAST", "CONCAT", "CONCAT_WS", "LENGTH", "TRIM", "MAKE_INTERVAL",
            "MAKE_DATE", "MAKE_TIMESTAMP", "MAKE_TIMESTAMPTZ", "DATE_TRUNC", "CURRENT_SETTING", "TO_JSONB", "TO_JSON",
            "JSONB_BUILD_OBJECT", "JSONB_BUILD_ARRAY", "JSON_BUILD_OBJECT", "JSON_BUILD_ARRAY", "ARRAY", "CAST", "INTERVAL",
            "TO_TIMESTAMP", "TO_DATE", "TO_CHAR", "ROW", "ABS", "ROUND", "FLOOR", "CEIL", "CURRENT_SCHEMA", "PG_CURRENT_XACT_ID",
            "TXID_CURRENT", "INET_CLIENT_ADDR", "VERSION");
    private static final Set<String> SERIALS = Set.of("serial", "serial4", "bigserial", "serial8", "smallserial", "serial2");

    private AlterActions() {
    }

    static AlterAction read(List<Token> p, int serverMajor) {
        ActionTokens r = new ActionTokens(p);
        if (r.is(0, "ADD")) {
            int i = 1;
            if (r.is(i, "CONSTRAINT")) {
                return constraint(r, i + 2, r.name(i + 1), serverMajor);
            }
            if (r.is(i, "PRIMARY") || r.is(i, "UNIQUE") || r.is(i, "CHECK") || r.is(i, "FOREIGN") || r.is(i, "EXCLUDE")) {
                return constraint(r, i, null, serverMajor);
            }
            if (r.is(i, "COLUMN")) {
                i++;
            }
            if (r.at(i, "IF", "NOT", "EXISTS")) {
                i += 3;
            }
            return addColumn(r, i, serverMajor);
        }
        if (r.is(0, "DROP")) {
            if (r.is(1, "CONSTRAINT")) {
                int i = r.at(2, "IF", "EXISTS") ? 4 : 2;
                return action(Type.DROP_CONSTRAINT, null, null, r.name(i), LockLevel.ACCESS_EXCLUSIVE);
            }
            int i = r.is(1, "COLUMN") ? 2 : 1;
            if (r.at(i, "IF", "EXISTS")) {
                i += 2;
            }
            return action(Type.DROP_COLUMN, r.name(i), null, null, LockLevel.ACCESS_EXCLUSIVE);
        }
        if (r.is(0, "ALTER")) {
            int i = r.is(1, "COLUMN") ? 2 : 1;
            if (r.is(i, "CONSTRAINT")) {
                return action(Type.OTHER, null, null, r.name(i + 1), LockLevel.ACCESS_EXCLUSIVE);
            }
            return alterColumn(r, r.name(i), i + 1, serverMajor);
        }
        if (r.at(0, "VALIDATE", "CONSTRAINT")) {
            return new AlterAction(Type.VALIDATE_CONSTRAINT, null, null, r.name(2), null, "", false, false, false, false,
                    LockLevel.SHARE_UPDATE_EXCLUSIVE, false, true);
        }
        if (r.is(0, "RENAME")) {
            if (r.is(1, "TO")) {
                return action(Type.RENAME_TABLE, null, null, r.name(2), LockLevel.ACCESS_EXCLUSIVE);
            }
            if (r.is(1, "CONSTRAINT")) {
                return action(Type.RENAME_CONSTRAINT, null, null, r.name(2), LockLevel.ACCESS_EXCLUSIVE);
            }
            int i = r.is(1, "COLUMN") ? 2 : 1;
            return new AlterAction(Type.RENAME_COLUMN, r.name(i), null, r.name(i + 2), null, "", false, false, false, false,
                    LockLevel.ACCESS_EXCLUSIVE, false, false);
        }
        if (r.at(0, "SET", "SCHEMA")) {
            return action(Type.SET_SCHEMA, null, null, r.name(2), LockLevel.ACCESS_EXCLUSIVE);
        }
        if (r.at(0, "SET", "TABLESPACE")) {
            return rewrite(Type.SET_TABLESPACE);
        }
        if (r.at(0, "SET", "LOGGED")) {
            return rewrite(Type.SET_LOGGED);
        }
        if (r.at(0, "SET", "UNLOGGED")) {
            return rewrite(Type.SET_UNLOGGED);
        }
        if (r.at(0, "SET", "WITHOUT", "CLUSTER") || r.at(0, "CLUSTER", "ON")) {
            return action(Type.CLUSTER_ON, null, null, null, LockLevel.SHARE_UPDATE_EXCLUSIVE);
        }
        if (r.at(0, "SET", "ACCESS", "METHOD")) {
            return rewrite(Type.SET_ACCESS_METHOD);
        }
        if ((r.is(0, "SET") || r.is(0, "RESET")) && r.size() > 1 && r.tok(1).isPunct("(")) {
            // fillfactor, toast and autovacuum parameters take SHARE UPDATE EXCLUSIVE; others ACCESS EXCLUSIVE.
            boolean light = true;
            for (Token tok : p) {
                if (tok.type() == Tokens.Type.WORD && tok.depth() > 0 && !tok.text().startsWith("AUTOVACUUM")
                        && !tok.text().startsWith("TOAST") && !tok.text().equals("FILLFACTOR") && !tok.text().equals("PARALLEL_WORKERS")
                        && !tok.text().equals("TRUE") && !tok.text().equals("FALSE") && !tok.text().equals("ON") && !tok.text().equals("OFF")) {
                    light = false;
                }
            }
            return action(Type.SET_OPTIONS, null, null, null, light ? LockLevel.SHARE_UPDATE_EXCLUSIVE : LockLevel.ACCESS_EXCLUSIVE);
        }
        if (r.is(0, "ATTACH")) {
            // The parent gets SHARE UPDATE EXCLUSIVE (PG 12+); the partition is scanned unless a constraint proves the bounds.
            return new AlterAction(Type.ATTACH_PARTITION, null, null, r.name(2), null, "", false, false, false, false,
                    serverMajor >= 12 ? LockLevel.SHARE_UPDATE_EXCLUSIVE : LockLevel.ACCESS_EXCLUSIVE, false, true);
        }
        if (r.is(0, "DETACH") && r.has("FINALIZE")) {
            // Completes an interrupted DETACH ... CONCURRENTLY; runs in a transaction.
            return action(Type.DETACH_PARTITION_FINALIZE, null, null, r.name(2), LockLevel.SHARE_UPDATE_EXCLUSIVE);
        }
        if (r.is(0, "DETACH")) {
            boolean concurrently = r.has("CONCURRENTLY");
            return action(concurrently ? Type.DETACH_PARTITION_CONCURRENTLY : Type.DETACH_PARTITION, null, null, r.name(2),
                    concurrently ? LockLevel.SHARE_UPDATE_EXCLUSIVE : LockLevel.ACCESS_EXCLUSIVE);
        }
        if ((r.is(0, "ENABLE") || r.is(0, "DISABLE")) && r.has("TRIGGER")) {
            return action(Type.TRIGGER, null, null, null, LockLevel.SHARE_ROW_EXCLUSIVE);
        }
        if ((r.is(0, "ENABLE") || r.is(0, "DISABLE") || r.is(0, "FORCE") || r.is(0, "NO")) && r.has("SECURITY")) {
            return action(Type.ROW_LEVEL_SECURITY, null, null, null, LockLevel.ACCESS_EXCLUSIVE);
        }
        if (r.at(0, "OWNER", "TO")) {
            return action(Type.OWNER, null, null, null, LockLevel.ACCESS_EXCLUSIVE);
        }
        if (r.at(0, "REPLICA", "IDENTITY")) {
            return action(Type.REPLICA_IDENTITY, null, null, null, LockLevel.ACCESS_EXCLUSIVE);
        }
        if (r.is(0, "INHERIT") || r.at(0, "NO", "INHERIT")) {
            return action(Type.INHERIT, null, null, null, LockLevel.ACCESS_EXCLUSIVE);
        }
        return action(Type.OTHER, null, null, null, LockLevel.ACCESS_EXCLUSIVE);
    }

    private static AlterAction addColumn(ActionTokens r, int i, int serverMajor) {
        String column = r.name(i);
        int typeStart = i + 1;
        int typeEnd = typeStart;
        while (typeEnd < r.size() && !(r.depth(typeEnd) == 0 && r.word(typeEnd) != null && ActionTokens.COLUMN_CONSTRAINT_START.contains(r.word(typeEnd)))) {
            typeEnd++;
        }
        String type = r.text(typeStart, typeEnd);
        boolean notNull = false;
        boolean primary = false;
        boolean unique = false;
        boolean references = false;
        boolean stored = false;
        boolean identity = false;
        boolean check = false;
        String defaultExpr = null;
        for (int k = typeEnd; k < r.size(); k++) {
            if (r.depth(k) != 0) {
                continue;
            }
            if (r.at(k, "NOT", "NULL")) {
                notNull = true;
            } else if (r.at(k, "PRIMARY", "KEY")) {
                primary = true;
                notNull = true;
            } else if (r.is(k, "UNIQUE")) {
                unique = true;
            } else if (r.is(k, "REFERENCES")) {
                references = true;
            } else if (r.is(k, "GENERATED")) {
                if (r.has("IDENTITY")) {
                    identity = true;
                } else if (r.has("STORED")) {
                    stored = true;
                }
            } else if (r.is(k, "CHECK")) {
                check = true;
            } else if (r.is(k, "DEFAULT") && !r.is(k - 1, "SET")) {
                int end = k + 1;
                while (end < r.size() && !(r.depth(end) == 0 && r.word(end) != null && ActionTokens.COLUMN_CONSTRAINT_START.contains(r.word(end))
                        && !r.is(end, "NULL"))) {
                    end++;
                }
                defaultExpr = r.text(k + 1, end);
            }
        }
        boolean serial = SERIALS.contains(type);
        boolean hasDefault = defaultExpr != null && !defaultExpr.equalsIgnoreCase("null");
        boolean volatileDefault = hasDefault && isVolatile(defaultExpr);
        // PG 11+ stores a constant (or stable-expression) default once instead of writing it into every row.
        boolean rewrites = stored || identity || serial || volatileDefault || (hasDefault && serverMajor < 11);
        ConstraintKind constraint = primary ? ConstraintKind.PRIMARY_KEY : unique ? ConstraintKind.UNIQUE
                : references ? ConstraintKind.FOREIGN_KEY : check ? ConstraintKind.CHECK : null;
        String detail = stored ? "generated stored" : identity ? "identity" : serial ? "serial" : defaultExpr == null ? "" : defaultExpr;
        return new AlterAction(Type.ADD_COLUMN, column, constraint, null, type, detail, false, false, notNull,
                hasDefault || stored || identity || serial, LockLevel.ACCESS_EXCLUSIVE, rewrites,
                (primary || unique || references || check) && !rewrites);
    }

    private static AlterAction alterColumn(ActionTokens r, String column, int i, int serverMajor) {
        if (r.is(i, "TYPE") || r.at(i, "SET", "DATA", "TYPE")) {
            int start = r.is(i, "TYPE") ? i + 1 : i + 3;
            int end = start;
            while (end < r.size() && !(r.depth(end) == 0 && (r.is(end, "USING") || r.is(end, "COLLATE")))) {
                end++;
            }
            String type = r.text(start, end);
            String using = r.find("USING") >= 0 ? r.text(r.find("USING") + 1, r.size()) : "";
            boolean rewrites = TypeChanges.rewrites(null, type) || !using.isEmpty();
            return new AlterAction(Type.ALTER_COLUMN_TYPE, column, null, null, type, using, false, false, false, false,
                    LockLevel.ACCESS_EXCLUSIVE, rewrites, false);
        }
        if (r.at(i, "SET", "NOT", "NULL")) {
            return new AlterAction(Type.SET_NOT_NULL, column, null, null, null, "", false, false, true, false,
                    LockLevel.ACCESS_EXCLUSIVE, false, true);
        }
        if (r.at(i, "DROP", "NOT", "NULL")) {
            return action(Type.DROP_NOT_NULL, column, null, null, LockLevel.ACCESS_EXCLUSIVE);
        }
        if (r.at(i, "SET", "DEFAULT")) {
            return new AlterAction(Type.SET_DEFAULT, column, null, null, null, r.text(i + 2, r.size()), false, false, false, true,
                    LockLevel.ACCESS_EXCLUSIVE, false, false);
        }
        if (r.at(i, "DROP", "DEFAULT")) {
            return action(Type.DROP_DEFAULT, column, null, null, LockLevel.ACCESS_EXCLUSIVE);
        }
        if (r.at(i, "ADD", "GENERATED")) {
            return action(Type.ADD_IDENTITY, column, null, null, LockLevel.ACCESS_EXCLUSIVE);
        }
        if (r.at(i, "DROP", "IDENTITY")) {
            return action(Type.DROP_IDENTITY, column, null, null, LockLevel.ACCESS_EXCLUSIVE);
        }
        if (r.at(i, "SET", "EXPRESSION")) {
            return new AlterAction(Type.SET_EXPRESSION, column, null, null, null, "", false, false, false, false,
                    LockLevel.ACCESS_EXCLUSIVE, true, false);
        }
        if (r.at(i, "DROP", "EXPRESSION")) {
            return action(Type.DROP_EXPRESSION, column, null, null, LockLevel.ACCESS_EXCLUSIVE);
        }
        if (r.at(i, "SET", "STATISTICS")) {
            return action(Type.SET_STATISTICS, column, null, null, LockLevel.SHARE_UPDATE_EXCLUSIVE);
        }
        if (r.at(i, "SET", "STORAGE") || r.at(i, "SET", "COMPRESSION")) {
            return action(Type.SET_STORAGE, column, null, null, LockLevel.ACCESS_EXCLUSIVE);
        }
        if (r.is(i, "SET") || r.is(i, "RESET")) {
            return action(Type.SET_OPTIONS, column, null, null, LockLevel.SHARE_UPDATE_EXCLUSIVE);
        }
        return action(Type.OTHER, column, null, null, LockLevel.ACCESS_EXCLUSIVE);
    }

    private static AlterAction constraint(ActionTokens r, int i, String name, int serverMajor) {
        boolean notValid = false;
        boolean notEnforced = false;
        for (int k = 0; k + 1 < r.size(); k++) {
            if (r.depth(k) == 0 && r.at(k, "NOT", "VALID")) {
                notValid = true;
            }
            if (r.depth(k) == 0 && r.at(k, "NOT", "ENFORCED")) {
                notEnforced = serverMajor >= 18;
            }
        }
        int using = r.find("USING");
        boolean usingIndex = using >= 0 && r.is(using + 1, "INDEX") && !r.is(using + 2, "TABLESPACE");
        ConstraintKind kind;
        String detail = "";
        if (r.at(i, "PRIMARY", "KEY")) {
            kind = ConstraintKind.PRIMARY_KEY;
        } else if (r.is(i, "UNIQUE")) {
            kind = ConstraintKind.UNIQUE;
        } else if (r.is(i, "CHECK")) {
            kind = ConstraintKind.CHECK;
            detail = r.text(i + 1, r.find("NOT") > i ? r.find("NOT") : r.size());
        } else if (r.at(i, "FOREIGN", "KEY")) {
            kind = ConstraintKind.FOREIGN_KEY;
            int ref = r.find("REFERENCES");
            detail = ref < 0 ? "" : r.name(ref + 1);
        } else if (r.is(i, "EXCLUDE")) {
            kind = ConstraintKind.EXCLUDE;
        } else if (r.at(i, "NOT", "NULL")) {
            kind = ConstraintKind.NOT_NULL;
        } else {
            return action(Type.ADD_CONSTRAINT, null, null, name, LockLevel.ACCESS_EXCLUSIVE);
        }
        String columns = columnList(r, i);
        // A foreign key takes SHARE ROW EXCLUSIVE on both tables; every other constraint ACCESS EXCLUSIVE.
        LockLevel lock = kind == ConstraintKind.FOREIGN_KEY ? LockLevel.SHARE_ROW_EXCLUSIVE : LockLevel.ACCESS_EXCLUSIVE;
        boolean buildsIndex = (kind == ConstraintKind.PRIMARY_KEY || kind == ConstraintKind.UNIQUE || kind == ConstraintKind.EXCLUDE)
                && !usingIndex;
        boolean validates = (kind == ConstraintKind.FOREIGN_KEY || kind == ConstraintKind.CHECK || kind == ConstraintKind.NOT_NULL)
                && !notValid && !notEnforced;
        return new AlterAction(Type.ADD_CONSTRAINT, columns, kind, name, null, detail, notValid || notEnforced, usingIndex, false, false, lock,
                false, buildsIndex || validates);
    }

    /** The columns of {@code PRIMARY KEY (a, b)} / {@code FOREIGN KEY (a)} / {@code UNIQUE (a)} as "a, b"; null when none. */
    private static String columnList(ActionTokens r, int from) {
        int open = -1;
        for (int k = from; k < r.size(); k++) {
            if (r.tok(k).isPunct("(")) {
                open = k;
                break;
            }
            if (r.is(k, "REFERENCES") || r.is(k, "USING")) {
                return null;
            }
        }
        if (open < 0) {
            return null;
        }
        StringBuilder cols = new StringBuilder();
        int depth = r.depth(open);
        for (int k = open + 1; k < r.size() && !(r.tok(k).isPunct(")") && r.depth(k) == depth); k++) {
            Token tok = r.tok(k);
            if (tok.isName()) {
                cols.append(cols.length() == 0 ? "" : ", ").append(tok.name());
            }
        }
        return cols.toString();
    }

    static boolean isVolatile(String expression) {
        Tokens t = Tokens.of(expression);
        for (int i = 0; i + 1 < t.size(); i++) {
            Tokens.Token tok = t.get(i);
            boolean call = tok.isName() && t.get(i + 1).isPunct("(") && !(i > 0 && t.get(i - 1).isPunct("::"));
            String name = tok.type() == Tokens.Type.QUOTED ? tok.text().toUpperCase(Locale.ROOT) : tok.text();
            if (call && !NOT_VOLATILE.contains(name) && !isTypeName(name)) {
                return true;
            }
        }
        return false;
    }

    /** Type names with a modifier, {@code varchar(20)} in a cast: not calls. */
    private static boolean isTypeName(String word) {
        return Set.of("VARCHAR", "CHAR", "CHARACTER", "NUMERIC", "DECIMAL", "TIMESTAMP", "TIMESTAMPTZ", "TIME", "BIT", "VARBIT")
                .contains(word);
    }

    private static AlterAction action(Type type, String column, ConstraintKind constraint, String name, LockLevel lock) {
        return new AlterAction(type, column, constraint, name, null, "", false, false, false, false, lock, false, false);
    }

    private static AlterAction rewrite(Type type) {
        return new AlterAction(type, null, null, null, null, "", false, false, false, false, LockLevel.ACCESS_EXCLUSIVE, true, false);
    }
}
