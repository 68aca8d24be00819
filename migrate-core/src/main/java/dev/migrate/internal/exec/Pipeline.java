package dev.migrate.internal.exec;

import dev.migrate.internal.sql.SqlStatement;
import dev.migrate.internal.sql.StatementKinds;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;

/**
 * Sends SQL texts to the server in one round trip (a JDBC batch, which pgjdbc pipelines) and, when
 * one fails, says which. A transactional migration goes this way with its history row and
 * {@code COMMIT} behind its statements: one round trip per migration instead of one per statement,
 * which on a server across a network is most of the time a migration run takes. Queries that may
 * return rows are the exception: they run on their own (see {@code StatementKinds.mayReturnRows}).
 *
 * <p>pgjdbc reports a failed batch entry only in its message, {@code "Batch entry <n> <sql> was
 * aborted: ..."}, translated into the JVM's language where it has a translation. The index is read
 * from the English form; otherwise the failed text is recognised in the message. When neither
 * works (two identical texts, a driver that leaves the SQL out), or when the error is the
 * driver's own rather than the server's (a broken connection: then even COMMIT may or may not have
 * happened), the failure says {@link #UNKNOWN} and the caller finds out.
 */
final class Pipeline {
    /** The failed text could not be told from the driver's message. */
    static final int UNKNOWN = -1;

    private static final Pattern ENGLISH = Pattern.compile("Batch entry ([0-9][0-9,]*) ");

    private Pipeline() {
    }

    /**
     * Runs a transactional migration's statements, then {@code restore} (what puts the session's
     * state back), {@code historyRow} (the INSERT of its history row) and {@code COMMIT}, on
     * {@code c} with auto-commit off. The failure's index counts the statements, then the restore
     * statements, the row and COMMIT.
     */
    static void run(Connection c, PreparedMigration m, List<String> restore, String historyRow) throws SQLException, Failure {
        List<String> texts = new ArrayList<>(m.statements().size() + restore.size() + 2);
        BitSet alone = new BitSet();
        for (SqlStatement s : m.statements()) {
            if (StatementKinds.mayReturnRows(s)) {
                alone.set(texts.size());
            }
            texts.add(s.sql());
        }
        texts.addAll(restore);
        texts.add(historyRow);
        texts.add("COMMIT");
        run(c, texts, alone);
    }

    /**
     * Runs {@code texts} in order in the connection's current transaction state: in one round trip,
     * except that each text marked {@code alone} is sent on its own (a query that may return rows,
     * which a batch would cut short after one row), the batched texts before it first.
     */
    private static void run(Connection c, List<String> texts, BitSet alone) throws SQLException, Failure {
        try (Statement st = c.createStatement()) {
            st.setEscapeProcessing(false);
            int batchStart = 0;
            for (int i = 0; i < texts.size(); i++) {
                if (!alone.get(i)) {
                    st.addBatch(texts.get(i));
                    continue;
                }
                flush(st, texts, batchStart, i);
                try {
                    st.execute(texts.get(i));
                } catch (SQLException e) {
                    throw new Failure(fromServer(e) ? i : UNKNOWN, e);
                }
                batchStart = i + 1;
            }
            flush(st, texts, batchStart, texts.size());
        }
    }

    /** Executes the batched texts {@code from} (inclusive) to {@code to} (exclusive), if any. */
    private static void flush(Statement st, List<String> texts, int from, int to) throws SQLException, Failure {
        if (from == to) {
            return;
        }
        try {
            st.executeBatch();
        } catch (BatchUpdateException e) {
            SQLException error = e.getCause() instanceof SQLException cause ? cause
                    : e.getNextException() != null ? e.getNextException() : e;
            // Only an error the server sent belongs to one text; one the driver raised itself (say, a
            // text it split in two) is no statement's fault.
            int index = fromServer(error) ? failedIndex(e.getMessage(), texts.subList(from, to)) : UNKNOWN;
            throw new Failure(index == UNKNOWN ? UNKNOWN : from + index, error);
        }
    }

    private static boolean fromServer(SQLException e) {
        return e instanceof PSQLException p && p.getServerErrorMessage() != null;
    }

    /** Which of {@code texts} pgjdbc's batch failure {@code message} is about, or {@link #UNKNOWN}. */
    static int failedIndex(String message, List<String> texts) {
        if (message == null) {
            return UNKNOWN;
        }
        Matcher english = ENGLISH.matcher(message);
        if (english.lookingAt()) {
            int index = Integer.parseInt(english.group(1).replace(",", ""));
            if (index < texts.size() && (message.contains(texts.get(index)) || message.contains("<unknown>"))) {
                return index;
            }
        }
        // Another language: the driver quotes the failed text. A shorter text may be part of it, so
        // the longest quoted text wins; if that text occurs twice, its position cannot be told.
        int best = UNKNOWN;
        boolean ambiguous = false;
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (!text.isEmpty() && message.contains(text)) {
                if (best == UNKNOWN || text.length() > texts.get(best).length()) {
                    best = i;
                    ambiguous = false;
                } else if (text.equals(texts.get(best))) {
                    ambiguous = true;
                }
            }
        }
        return ambiguous ? UNKNOWN : best;
    }

    /** A failed batch: the server's error and the index of the text that caused it. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        private final int index;
        private final transient SQLException error;

        Failure(int index, SQLException error) {
            super(error.getMessage(), error, false, false);
            this.index = index;
            this.error = error;
        }

        /** The failed text's index in the batch, or {@link Pipeline#UNKNOWN}. */
        int index() {
            return index;
        }

        /** The server's error for that text. */
        SQLException error() {
            return error;
        }
    }
}
