package dev.migrate.analysis.internal;

import net.sf.jsqlparser.parser.AbstractJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.StringProvider;
import net.sf.jsqlparser.parser.TokenMgrException;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.UnsupportedStatement;

/**
 * JSqlParser, called directly on the caller's thread: {@code CCJSqlParserUtil.parse} starts a
 * thread per call to enforce a timeout, which costs more than most parses. The PostgreSQL dialect
 * first (it knows {@code NOT VALID}, {@code EXCLUDE}, {@code DO}), the default grammar second.
 */
final class SqlParse {
    /** Deeper nesting than this is not given to the recursive-descent parser (it would overflow the stack). */
    private static final int MAX_NESTING = 200;

    private SqlParse() {
    }

    /** The statement's tree, or null when JSqlParser cannot read it. */
    static Statement parse(String sql) {
        if (sql.isBlank() || nesting(sql) > MAX_NESTING) {
            return null;
        }
        Statement st = attempt(sql, true);
        return st != null ? st : attempt(sql, false);
    }

    private static Statement attempt(String sql, boolean postgres) {
        try {
            CCJSqlParser parser = new CCJSqlParser(new StringProvider(sql)).withAllowComplexParsing(true);
            if (postgres) {
                parser = parser.withDialect(AbstractJSqlParser.Dialect.POSTGRESQL);
            }
            Statement st = parser.Statement();
            if (st == null || st instanceof UnsupportedStatement || parser.getToken(1).kind != CCJSqlParserConstants.EOF) {
                return null;
            }
            return st;
        } catch (ParseException | TokenMgrException | StackOverflowError e) {
            return null;
        } catch (RuntimeException e) {
            // The grammar's actions throw plain runtime exceptions on some inputs; treat them as "cannot parse".
            return null;
        }
    }

    private static int nesting(String sql) {
        int depth = 0;
        int max = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '(') {
                max = Math.max(max, ++depth);
            } else if (c == ')') {
                depth--;
            }
        }
        return max;
    }
}
