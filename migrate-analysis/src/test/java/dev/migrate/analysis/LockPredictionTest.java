package dev.migrate.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.testkit.MigrateExtension;
import dev.migrate.testkit.TestDatabase;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lock table the rules stand on, checked against PostgreSQL itself: each statement is
 * predicted by the analysis and rehearsed on a real server (locks from pg_locks, rewrites from
 * relfilenode), and the two must agree on the target relation's lock and on the rewrite.
 *
 * <p>timestamp to timestamptz is left out: since PostgreSQL 12 it rewrites unless the session time
 * zone is UTC, which the analysis cannot know without a connection; it predicts the rewrite.
 */
class LockPredictionTest {
    @RegisterExtension
    static MigrateExtension db = MigrateExtension.empty();

    private static final String SETUP = """
            CREATE TABLE parent (id bigint PRIMARY KEY, name varchar(10), price numeric(8, 2), note text);
            CREATE TABLE child (id bigint PRIMARY KEY, parent_id bigint, amount int, code varchar(20), at timestamp);
            CREATE INDEX child_amount_idx ON child (amount);
            CREATE UNIQUE INDEX child_code_idx ON child (code);
            CREATE TABLE measurements (at date NOT NULL) PARTITION BY RANGE (at);
            CREATE TABLE measurements_2025 PARTITION OF measurements FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
            CREATE TABLE measurements_2026 (at date NOT NULL);
            CREATE MATERIALIZED VIEW child_totals AS SELECT parent_id, count(*) AS n FROM child GROUP BY parent_id;
            CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
            CREATE TRIGGER child_touch BEFORE UPDATE ON child FOR EACH ROW EXECUTE FUNCTION touch();
            ALTER TABLE child ADD CONSTRAINT child_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id) NOT VALID;
            ALTER TABLE child ADD CONSTRAINT child_amount_check CHECK (amount > 0) NOT VALID;
            CREATE POLICY child_positive ON child USING (id > 0);
            CREATE TABLE scratch (id int);
            CREATE RULE parent_keep AS ON DELETE TO parent DO INSTEAD NOTHING;
            INSERT INTO parent VALUES (1, 'a', 1.5, 'x');
            INSERT INTO child VALUES (1, 1, 5, 'c1', now());
            """;

    /** Statements whose target lock and rewrite the analysis predicts; each runs alone on the set-up schema. */
    private static final List<String> STATEMENTS = List.of(
            "CREATE INDEX child_at_idx ON child (at)",
            "CREATE UNIQUE INDEX child_parent_uq ON child (parent_id, id)",
            "DROP INDEX child_amount_idx",
            "REINDEX TABLE child",
            "REINDEX INDEX child_amount_idx",
            "ALTER INDEX child_amount_idx RENAME TO child_amount_index",
            "ALTER TABLE child ADD COLUMN flag boolean",
            "ALTER TABLE child ADD COLUMN flag boolean NOT NULL DEFAULT false",
            "ALTER TABLE child ADD COLUMN token uuid DEFAULT gen_random_uuid()",
            "ALTER TABLE child ADD COLUMN seq bigserial",
            "ALTER TABLE child ADD COLUMN total bigint GENERATED ALWAYS AS (amount * 2) STORED",
            "ALTER TABLE child DROP COLUMN at",
            "ALTER TABLE child ALTER COLUMN amount TYPE bigint",
            "ALTER TABLE child ALTER COLUMN code TYPE varchar(40)",
            "ALTER TABLE child ALTER COLUMN code TYPE text",
            "ALTER TABLE parent ALTER COLUMN price TYPE numeric(12, 2)",
            "ALTER TABLE child ALTER COLUMN at TYPE date",
            "ALTER TABLE child ALTER COLUMN amount SET NOT NULL",
            "ALTER TABLE child ALTER COLUMN amount DROP NOT NULL",
            "ALTER TABLE child ALTER COLUMN amount SET DEFAULT 1",
            "ALTER TABLE child ALTER COLUMN amount DROP DEFAULT",
            "ALTER TABLE child ALTER COLUMN amount SET STATISTICS 500",
            "ALTER TABLE child ADD CONSTRAINT child_parent_fk2 FOREIGN KEY (parent_id) REFERENCES parent (id)",
            "ALTER TABLE child ADD CONSTRAINT child_parent_fk3 FOREIGN KEY (parent_id) REFERENCES parent (id) NOT VALID",
            "ALTER TABLE child VALIDATE CONSTRAINT child_parent_fk",
            "ALTER TABLE child VALIDATE CONSTRAINT child_amount_check",
            "ALTER TABLE child ADD CONSTRAINT child_amount_positive CHECK (amount >= 0)",
            "ALTER TABLE child ADD CONSTRAINT child_amount_positive CHECK (amount >= 0) NOT VALID",
            "ALTER TABLE child ADD CONSTRAINT child_code_key UNIQUE (code)",
            "ALTER TABLE child ADD CONSTRAINT child_code_key UNIQUE USING INDEX child_code_idx",
            "ALTER TABLE child DROP CONSTRAINT child_amount_check",
            "ALTER TABLE child RENAME COLUMN amount TO quantity",
            "ALTER TABLE child RENAME TO kid",
            "ALTER TABLE child RENAME CONSTRAINT child_amount_check TO child_amount_ck",
            "ALTER TABLE child SET (fillfactor = 70)",
            "ALTER TABLE child SET (autovacuum_vacuum_scale_factor = 0.01)",
            "ALTER TABLE child ENABLE TRIGGER child_touch",
            "ALTER TABLE child DISABLE TRIGGER child_touch",
            "ALTER TABLE child SET UNLOGGED",
            "ALTER TABLE child OWNER TO CURRENT_USER",
            "ALTER TABLE child REPLICA IDENTITY FULL",
            "ALTER TABLE child ENABLE ROW LEVEL SECURITY",
            "ALTER TABLE child CLUSTER ON child_amount_idx",
            "ALTER TABLE measurements ATTACH PARTITION measurements_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
            "ALTER TABLE measurements DETACH PARTITION measurements_2025",
            "CLUSTER child USING child_amount_idx",
            "TRUNCATE child",
            "TRUNCATE child, parent",
            "DROP TABLE measurements_2026",
            "DROP TABLE scratch, measurements_2026",
            "CREATE POLICY child_small ON child USING (id < 100)",
            "ALTER POLICY child_positive ON child USING (id >= 0)",
            "DROP POLICY child_positive ON child",
            "CREATE RULE child_keep AS ON DELETE TO child DO INSTEAD NOTHING",
            "DROP RULE parent_keep ON parent",
            "CREATE TRIGGER child_touch2 BEFORE UPDATE ON child FOR EACH ROW EXECUTE FUNCTION touch()",
            "DROP TRIGGER child_touch ON child",
            "REFRESH MATERIALIZED VIEW child_totals",
            "UPDATE child SET amount = amount + 1",
            "DELETE FROM child WHERE id = 1",
            "INSERT INTO child (id, amount) VALUES (2, 3)",
            "LOCK TABLE child IN SHARE MODE",
            "LOCK TABLE child IN ACCESS EXCLUSIVE MODE",
            "LOCK TABLE child, parent IN SHARE MODE",
            "COMMENT ON TABLE child IS 'rows'",
            "ANALYZE child");

    @Test
    void predicted_locks_and_rewrites_match_what_postgresql_does(TestDatabase database) throws Exception {
        database.execute(SETUP);
        List<String> wrong = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection()) {
            int major = c.getMetaData().getDatabaseMajorVersion();
            for (String sql : STATEMENTS) {
                Rehearsal.Comparison cmp = Rehearsal.on(c).compare(dev.migrate.Migrator.readScript("check.sql", sql, major)).get(0);
                if (cmp.predicted().relation() == null) {
                    wrong.add(sql + "\n    no target relation predicted, so nothing to compare");
                } else if (cmp.observed().error() != null || !cmp.observed().rehearsed()) {
                    wrong.add(sql + "\n    not rehearsed on PostgreSQL " + major + ": " + cmp.observed().error());
                } else if (!cmp.lockAgrees() || !cmp.rewriteAgrees()) {
                    wrong.add(sql + "\n    " + cmp);
                }
            }
        }
        assertThat(wrong).as("statements whose predicted lock or rewrite differs from PostgreSQL's").isEmpty();
    }
}
