package dev.migrate.benchmarks;

import dev.migrate.analysis.AnalysisReport;
import dev.migrate.analysis.Analyzer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * How fast migrate-analysis reads SQL: a generated file of 50,000 statements (every statement
 * form the rules look at, with DML and plpgsql bodies between them), split by migrate's lexer and
 * analysed as one script. <em>Cold</em> is the first run in this JVM (class loading, interpreter);
 * <em>warm</em> the median of the runs after 5 untimed ones. Reports statements per second and the
 * bytes allocated per statement, and writes Markdown to the first argument (default
 * {@code target/analysis-speed-results.md}). Run with
 * {@code ./mvnw -q -f examples/benchmarks/pom.xml compile exec:exec@analysis-speed}.
 */
public final class AnalysisSpeed {
    private static final int STATEMENTS = Integer.getInteger("statements", 50_000);
    private static final int WARM_RUNS = Integer.getInteger("warmRuns", 10);

    private AnalysisSpeed() {
    }

    public static void main(String[] args) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        Path output = Path.of(args.length > 0 ? args[0] : "target/analysis-speed-results.md");
        String sql = generate(STATEMENTS, new Random(20_261_124L));
        Analyzer analyzer = Analyzer.forServer(17);

        long sinceJvmStart = System.currentTimeMillis() - jvmStart;
        long coldStart = System.nanoTime();
        AnalysisReport first = analyzer.analyzeScript("generated.sql", sql);
        long coldNanos = System.nanoTime() - coldStart;
        check(first);

        for (int i = 0; i < 5; i++) {
            check(analyzer.analyzeScript("generated.sql", sql));
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<Long> warm = new ArrayList<>();
        long allocated = 0;
        for (int i = 0; i < WARM_RUNS; i++) {
            long bytesBefore = threads.getCurrentThreadAllocatedBytes();
            long start = System.nanoTime();
            AnalysisReport r = analyzer.analyzeScript("generated.sql", sql);
            warm.add(System.nanoTime() - start);
            allocated = threads.getCurrentThreadAllocatedBytes() - bytesBefore;
            check(r);
        }
        Samples samples = new Samples(warm);
        System.gc();
        long heapAfter = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long parsedByJsqlparser = first.statements().stream()
                .filter(s -> s.parsedBy() == dev.migrate.analysis.StatementFacts.ParsedBy.JSQLPARSER).count();

        String md = String.format(Locale.ROOT, """
                ## Analysis speed

                %,d statements (%,d bytes of SQL) in one script, split by migrate's lexer and analysed with every rule,
                PostgreSQL 17 rules, Java %s, %d CPUs. JSqlParser parsed %,d of them (%.0f %%); the token classifier read
                every one. %,d findings.

                | | time (ms) | statements / s |
                | --- | ---: | ---: |
                | cold (first run in the JVM, %d ms after its start) | %.0f | %,.0f |
                | warm, median of %d (min) | %.0f (%.0f) | %,.0f |

                Allocated per warm run: %,.0f MB (%,.0f bytes per statement); heap in use after the runs and a GC: %,.0f MB.
                """,
                first.statements().size(), sql.getBytes(StandardCharsets.UTF_8).length, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), parsedByJsqlparser, 100.0 * parsedByJsqlparser / first.statements().size(),
                first.findings().size(), sinceJvmStart,
                coldNanos / 1e6, first.statements().size() / (coldNanos / 1e9), WARM_RUNS, samples.medianMillis(),
                samples.minMillis(), first.statements().size() / (samples.medianMillis() / 1e3), allocated / 1e6,
                (double) allocated / first.statements().size(), heapAfter / 1e6);
        System.out.println(md);
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.writeString(output, md, StandardCharsets.UTF_8);
    }

    private static void check(AnalysisReport r) {
        if (r.statements().size() != STATEMENTS) {
            throw new IllegalStateException("Expected " + STATEMENTS + " statements, the analysis saw " + r.statements().size());
        }
    }

    /** {@code count} statements cycling through the forms the rules look at, with names that vary. */
    static String generate(int count, Random random) {
        String[] forms = {
            "CREATE TABLE t%1$d (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL, amount numeric(12, 2)"
                    + " DEFAULT 0, status varchar(20) NOT NULL DEFAULT 'new', created_at timestamptz NOT NULL DEFAULT now(),"
                    + " parent_id bigint REFERENCES t%2$d (id) ON DELETE CASCADE)",
            "CREATE INDEX t%1$d_name_idx ON t%2$d (name)",
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS t%1$d_created_idx ON t%2$d (created_at DESC) WHERE status <> 'closed'",
            "ALTER TABLE t%2$d ADD COLUMN note_%1$d text",
            "ALTER TABLE t%2$d ADD COLUMN flag_%1$d boolean NOT NULL DEFAULT false",
            "ALTER TABLE t%2$d ADD COLUMN token_%1$d uuid DEFAULT gen_random_uuid()",
            "ALTER TABLE t%2$d ALTER COLUMN status TYPE varchar(40)",
            "ALTER TABLE t%2$d ALTER COLUMN amount SET NOT NULL",
            "ALTER TABLE t%2$d ADD CONSTRAINT t%1$d_fk FOREIGN KEY (parent_id) REFERENCES t%3$d (id) NOT VALID",
            "ALTER TABLE t%2$d VALIDATE CONSTRAINT t%1$d_fk",
            "ALTER TABLE t%2$d ADD CONSTRAINT t%1$d_amount_check CHECK (amount >= 0)",
            "ALTER TABLE t%2$d RENAME COLUMN note_%3$d TO remark_%3$d",
            "ALTER TABLE IF EXISTS ONLY t%2$d ALTER COLUMN name SET DATA TYPE text",
            "UPDATE t%2$d SET status = 'active' WHERE id BETWEEN %1$d AND %1$d + 1000",
            "INSERT INTO t%2$d (name, status) VALUES ('row %1$d', 'new'), ('row %1$d b', 'paid') ON CONFLICT DO NOTHING",
            "DELETE FROM t%2$d WHERE created_at < now() - interval '90 days' AND status = 'closed'",
            "CREATE OR REPLACE FUNCTION touch_%1$d() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n    NEW.created_at := now();"
                    + "\n    IF NEW.status = 'x' THEN\n        RAISE EXCEPTION 'bad; status';\n    END IF;\n    RETURN NEW;\nEND;\n$$",
            "CREATE TRIGGER t%1$d_touch BEFORE UPDATE ON t%2$d FOR EACH ROW EXECUTE FUNCTION touch_%1$d()",
            "CREATE VIEW v%1$d AS SELECT c.id, c.name, p.name AS parent FROM t%2$d c LEFT JOIN t%3$d p ON p.id = c.parent_id"
                    + " WHERE c.status IN ('new', 'paid')",
            "DROP INDEX CONCURRENTLY IF EXISTS t%3$d_name_idx",
            "REINDEX INDEX CONCURRENTLY t%3$d_created_idx",
            "ALTER TYPE status_%3$d ADD VALUE IF NOT EXISTS 'archived'",
            "COMMENT ON TABLE t%2$d IS 'table number %1$d'",
            "SET lock_timeout = '5s'",
        };
        StringBuilder sql = new StringBuilder(count * 120);
        for (int i = 1; i <= count; i++) {
            String form = forms[random.nextInt(forms.length)];
            int table = 1 + random.nextInt(Math.max(1, i / 4 + 1));
            int other = 1 + random.nextInt(Math.max(1, i / 4 + 1));
            sql.append(String.format(Locale.ROOT, form, i, table, other)).append(";\n\n");
        }
        return sql.toString();
    }
}
