package dev.migrate.analysis.internal;

import dev.migrate.Finding;
import dev.migrate.Severity;
import dev.migrate.analysis.AlterAction;
import dev.migrate.analysis.Impact;
import dev.migrate.analysis.LockLevel;
import dev.migrate.analysis.RiskScore;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.StatementKind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a migration's statement facts and findings into {@link RiskScore}s. Sizes come from the
 * catalog when there is a connection: a table with fewer than {@value #SMALL_ROWS} rows and under
 * 10 MB makes rewrites and scans cheap, so their lock-only findings weigh LOW.
 */
public final class Scoring {
    private static final long SMALL_ROWS = 10_000;
    private static final long SMALL_BYTES = 10L * 1024 * 1024;
    /** Rough throughputs on ordinary hardware, for the duration estimate only. */
    private static final double REWRITE_BYTES_PER_SECOND = 60e6;
    private static final double SCAN_BYTES_PER_SECOND = 250e6;
    private static final double INDEX_BYTES_PER_SECOND = 40e6;

    /** Rules whose findings are about running code or data, not locks: table size does not lower them. */
    private static final Set<String> NOT_SIZE_BOUND = Set.of("rename-column", "rename-table", "rename-schema", "drop-column",
            "drop-table", "drop-schema", "drop-not-null", "drop-enum-value", "not-null-without-default", "truncate-cascade",
            "concurrently-in-transaction", "enum-add-value-in-transaction", "prefer-jsonb");
    /** Rules that report a change running application code can fail on. */
    private static final Set<String> BREAKING = Set.of("rename-column", "rename-table", "rename-schema", "drop-column", "drop-table",
            "drop-schema", "drop-not-null", "drop-enum-value", "not-null-without-default", "column-type-change");

    private final CatalogFacts catalog;

    public Scoring(CatalogFacts catalog) {
        this.catalog = catalog;
    }

    /**
     * Scores one migration.
     *
     * @param created       tables created earlier in the plan; updated with those this migration creates
     * @param shortMessages each finding's message without its rule's rationale
     */
    public RiskScore migration(String script, List<StatementFacts> statements, List<Finding> findings, boolean hasDown,
                               boolean transactional, Set<String> created, java.util.Map<Finding, String> shortMessages) {
        Impact performance = Impact.NONE;
        Impact integrity = Impact.NONE;
        boolean lossy = false;
        List<String> reasons = new ArrayList<>();
        Set<String> tables = new LinkedHashSet<>();
        double seconds = 0;
        boolean durationKnown = true;
        int rewrites = 0;
        for (StatementFacts s : statements) {
            String table = s.relation() == null ? null : State.normalize(s.relation());
            if (s.kind() == StatementKind.CREATE_TABLE || s.kind() == StatementKind.CREATE_TABLE_AS
                    || s.kind() == StatementKind.CREATE_MATERIALIZED_VIEW) {
                created.add(table);
                continue;
            }
            boolean existing = table != null && !created.contains(table);
            if (!existing) {
                continue;
            }
            if (s.lock() != LockLevel.NONE) {
                for (String relation : s.relations()) {
                    String name = State.normalize(relation);
                    if (!created.contains(name)) {
                        tables.add(name); // DROP TABLE a, b affects both
                    }
                }
            }
            CatalogFacts.TableSize size = catalog.size(table);
            boolean small = isSmall(size);
            String where = s.script() + ":" + s.line();
            String sized = size == null ? "" : String.format(Locale.ROOT, " (%s, ~%,d rows)", bytes(size.bytes()), Math.max(0, size.rows()));
            if (s.rewrites()) {
                rewrites++;
                Impact p = small ? Impact.LOW : Impact.HIGH;
                performance = performance.max(p);
                reasons.add("performance " + p + ": " + where + " rewrites " + table + sized + " under " + s.lock().mode());
                if (size == null) {
                    durationKnown = false;
                } else {
                    seconds += size.bytes() / REWRITE_BYTES_PER_SECOND;
                }
            } else if (s.scans()) {
                boolean blocking = s.lock().blocksWrites();
                Impact p = small || !blocking ? Impact.LOW : Impact.MEDIUM;
                if (s.kind() == StatementKind.CREATE_INDEX && blocking && !small) {
                    p = Impact.HIGH;
                }
                performance = performance.max(p);
                reasons.add("performance " + p + ": " + where + " reads all of " + table + sized + " under " + s.lock().mode());
                if (size == null) {
                    durationKnown = false;
                } else {
                    seconds += size.bytes() / (s.kind() == StatementKind.CREATE_INDEX || s.kind() == StatementKind.REINDEX
                            ? INDEX_BYTES_PER_SECOND : SCAN_BYTES_PER_SECOND);
                }
            } else if (s.lock() == LockLevel.ACCESS_EXCLUSIVE) {
                performance = performance.max(Impact.LOW);
                reasons.add("performance LOW: " + where + " takes ACCESS EXCLUSIVE on " + table + " briefly (a catalog change)");
            }
            Impact i = integrity(s);
            if (i != Impact.NONE) {
                integrity = integrity.max(i);
                lossy |= i == Impact.HIGH;
                reasons.add("data integrity " + i + ": " + where + " " + s.excerpt());
            }
        }
        Impact rollback;
        if (lossy) {
            rollback = Impact.HIGH;
            reasons.add("rollback HIGH: data it drops or overwrites comes back only from a backup");
        } else if (statements.stream().allMatch(s -> s.lock() == LockLevel.NONE && !s.rewrites())) {
            rollback = hasDown ? Impact.NONE : Impact.LOW;
        } else {
            rollback = hasDown ? Impact.LOW : Impact.MEDIUM;
            reasons.add("rollback " + rollback + ": " + (hasDown ? "its down script reverts it" : "no down script; undoing it means writing one"));
        }
        Severity risk = Severity.INFO;
        List<String> breaking = new ArrayList<>();
        Set<String> recommendations = new LinkedHashSet<>();
        for (Finding f : findings) {
            Severity weighed = f.severity();
            StatementFacts s = statementAt(statements, f.line());
            CatalogFacts.TableSize size = s == null || s.relation() == null ? null : catalog.size(State.normalize(s.relation()));
            boolean small = isSmall(size);
            if (small && !NOT_SIZE_BOUND.contains(f.rule()) && weighed.isAbove(Severity.LOW)) {
                weighed = Severity.LOW;
                reasons.add("risk: " + f.rule() + " at " + f.script() + ":" + f.line() + " counts as LOW, " + s.relation() + " is small");
            }
            if (weighed.isAbove(risk)) {
                risk = weighed;
            }
            if (BREAKING.contains(f.rule())) {
                breaking.add(f.script() + ":" + f.line() + " " + shortMessages.getOrDefault(f, f.message()));
            }
            if (!f.fix().isEmpty()) {
                recommendations.add(f.fix());
            }
        }
        if (!findings.isEmpty()) {
            reasons.add("risk " + risk + ": from " + findings.size() + " finding(s), the most severe " + findings.stream()
                    .map(Finding::severity).max(Enum::compareTo).orElse(Severity.INFO));
        }
        int complexity = (int) Math.min(10, Math.ceil(Math.log(1 + statements.size()) / Math.log(2)) + tables.size() / 2
                + 2L * rewrites + (transactional ? 0 : 1) + (risk.isAbove(Severity.MEDIUM) ? 1 : 0));
        String duration = !durationKnown ? "unknown (table sizes need a connection)"
                : seconds < 1 ? "under a second" : String.format(Locale.ROOT, "about %.0f s", seconds);
        return new RiskScore(script, complexity, performance, integrity, rollback, risk, breaking, List.copyOf(tables), duration,
                List.copyOf(recommendations), reasons);
    }

    /** A plan's score: the worst of each migration's, lists joined, durations added. */
    public static RiskScore plan(List<RiskScore> migrations) {
        int complexity = 0;
        Impact performance = Impact.NONE;
        Impact integrity = Impact.NONE;
        Impact rollback = Impact.NONE;
        Severity risk = Severity.INFO;
        List<String> breaking = new ArrayList<>();
        Set<String> tables = new LinkedHashSet<>();
        Set<String> recommendations = new LinkedHashSet<>();
        List<String> reasons = new ArrayList<>();
        boolean unknown = false;
        double seconds = 0;
        for (RiskScore m : migrations) {
            complexity = Math.max(complexity, m.complexity());
            performance = performance.max(m.performanceImpact());
            integrity = integrity.max(m.dataIntegrityRisk());
            rollback = rollback.max(m.rollbackComplexity());
            if (m.riskLevel().isAbove(risk)) {
                risk = m.riskLevel();
            }
            breaking.addAll(m.breakingChanges());
            tables.addAll(m.affectedTables());
            recommendations.addAll(m.recommendations());
            if (m.riskLevel().isAbove(Severity.INFO)) {
                reasons.add(m.scope() + ": risk " + m.riskLevel() + ", performance " + m.performanceImpact() + ", data "
                        + m.dataIntegrityRisk() + ", rollback " + m.rollbackComplexity());
            }
            unknown |= m.estimatedDuration().startsWith("unknown");
            seconds += m.estimatedDuration().startsWith("about ") ? Double.parseDouble(m.estimatedDuration().replaceAll("[^0-9]", "")) : 0;
        }
        int plannedComplexity = Math.min(10, complexity + (migrations.size() > 1 ? (int) Math.floor(Math.log10(migrations.size())) : 0));
        String duration = unknown ? "unknown (table sizes need a connection)"
                : seconds < 1 ? "under a second" : String.format(Locale.ROOT, "about %.0f s", seconds);
        return new RiskScore("plan", plannedComplexity, performance, integrity, rollback, risk, breaking, List.copyOf(tables), duration,
                List.copyOf(recommendations), reasons);
    }

    /** Known to hold fewer than {@value #SMALL_ROWS} rows and under 10 MB; null (unknown) is not small. */
    private static boolean isSmall(CatalogFacts.TableSize size) {
        return size != null && size.rows() >= 0 && size.rows() < SMALL_ROWS && size.bytes() < SMALL_BYTES;
    }

    private static Impact integrity(StatementFacts s) {
        switch (s.kind()) {
            case DROP_TABLE, DROP_SCHEMA, TRUNCATE, DROP_MATERIALIZED_VIEW -> {
                return s.kind() == StatementKind.DROP_MATERIALIZED_VIEW ? Impact.LOW : Impact.HIGH;
            }
            case DELETE -> {
                return s.has(StatementFacts.Option.NO_WHERE) ? Impact.HIGH : Impact.MEDIUM;
            }
            case UPDATE -> {
                return s.has(StatementFacts.Option.NO_WHERE) ? Impact.MEDIUM : Impact.LOW;
            }
            case ALTER_TABLE -> {
                Impact worst = Impact.NONE;
                for (AlterAction a : s.actions()) {
                    if (a.type() == AlterAction.Type.DROP_COLUMN) {
                        worst = worst.max(Impact.HIGH);
                    } else if (a.type() == AlterAction.Type.ALTER_COLUMN_TYPE && !a.detail().isEmpty()) {
                        worst = worst.max(Impact.MEDIUM);
                    } else if (a.type() == AlterAction.Type.DROP_NOT_NULL || a.type() == AlterAction.Type.DROP_CONSTRAINT) {
                        worst = worst.max(Impact.LOW);
                    }
                }
                return worst;
            }
            default -> {
                return Impact.NONE;
            }
        }
    }

    private static StatementFacts statementAt(List<StatementFacts> statements, int line) {
        for (StatementFacts s : statements) {
            if (s.line() == line) {
                return s;
            }
        }
        return null;
    }

    private static String bytes(long n) {
        if (n < 1024 * 1024) {
            return (n / 1024) + " kB";
        }
        if (n < 1024L * 1024 * 1024) {
            return (n / (1024 * 1024)) + " MB";
        }
        return String.format(Locale.ROOT, "%.1f GB", n / (1024.0 * 1024 * 1024));
    }
}
