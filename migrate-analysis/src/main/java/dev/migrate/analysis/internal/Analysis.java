package dev.migrate.analysis.internal;

import dev.migrate.Finding;
import dev.migrate.Plan;
import dev.migrate.TransactionMode;
import dev.migrate.analysis.RiskScore;
import dev.migrate.analysis.StatementFacts;
import dev.migrate.analysis.StatementFacts.Option;
import dev.migrate.analysis.StatementFacts.ParsedBy;
import dev.migrate.analysis.StatementKind;
import dev.migrate.analysis.internal.rules.Rule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.delete.ParenthesedDelete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.update.ParenthesedUpdate;
import net.sf.jsqlparser.statement.update.Update;

/**
 * Runs the rules over a plan's steps in order, one statement at a time, with the state they share,
 * and applies {@code -- migrate:allow <rule> reason="..."} suppressions.
 */
public final class Analysis {
    /**
     * The statements JSqlParser reads: data changes and queries, whose structure (a WITH in front of
     * an UPDATE, a WHERE in a subquery) the first words do not settle. DDL's lock facts come from
     * the token classifier, which reads every form PostgreSQL accepts; parsing DDL with JSqlParser
     * as well would add nothing to them and cost nine tenths of the analysis time.
     */
    private static final java.util.Set<StatementKind> NEEDS_TREE = java.util.EnumSet.of(StatementKind.SELECT, StatementKind.INSERT,
            StatementKind.UPDATE, StatementKind.DELETE, StatementKind.MERGE);

    private static final Pattern ALLOW = Pattern.compile("(\\S+)\\s+reason\\s*=\\s*\"([^\"]+)\"\\s*");

    private final List<Rule> rules;
    private final int serverMajor;
    private final boolean lockSafeExecutor;
    private final CatalogFacts catalog;
    private final boolean parse;

    /**
     * @param rules            the rules to run (those not applying to {@code serverMajor} are skipped)
     * @param serverMajor      PostgreSQL major version
     * @param lockSafeExecutor the plan runs under migrate's executor (lock_timeout and retries are set for it)
     * @param catalog          facts about the live database, or {@link CatalogFacts#NONE}
     * @param parse            also parse with JSqlParser (off for callers that only need lock facts)
     */
    public Analysis(List<Rule> rules, int serverMajor, boolean lockSafeExecutor, CatalogFacts catalog, boolean parse) {
        this.rules = rules.stream().filter(r -> r.appliesTo(serverMajor)).toList();
        this.serverMajor = serverMajor;
        this.lockSafeExecutor = lockSafeExecutor;
        this.catalog = catalog;
        this.parse = parse;
    }

    /** What came out: every statement's facts, the findings, and suppressions that named no rule or gave no reason. */
    public record Result(List<StatementFacts> facts, List<Finding> findings, List<Finding> suppressed, List<Finding> problems,
                         List<RiskScore> scores) {
    }

    public Result run(List<Plan.Step> steps) {
        Classifier classifier = new Classifier(serverMajor);
        State state = new State(serverMajor, lockSafeExecutor);
        state.catalog(catalog);
        List<StatementFacts> facts = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        List<Finding> suppressed = new ArrayList<>();
        List<Finding> problems = new ArrayList<>();
        List<RiskScore> scores = new ArrayList<>();
        Map<Finding, String> shortMessages = new HashMap<>();
        Scoring scoring = new Scoring(catalog);
        Set<String> created = new HashSet<>();
        Set<String> known = new HashSet<>();
        rules.forEach(r -> known.add(r.id()));
        for (Plan.Step step : steps) {
            Map<String, Integer> allowed = allowances(step, known, problems);
            state.beginMigration(step.script(), step.mode() == TransactionMode.TRANSACTIONAL);
            Rule.Report report = new Rule.Report() {
                @Override
                public void finding(Rule rule, StatementFacts s, String message) {
                    finding(rule, s, message, rule.fix());
                }

                @Override
                public void finding(Rule rule, StatementFacts s, String message, String fix) {
                    Finding f = new Finding(rule.id(), rule.severity(), s.script(), s.line(), message + " " + rule.rationale(), fix);
                    shortMessages.put(f, message);
                    (allowed.containsKey(rule.id()) ? suppressed : findings).add(f);
                }
            };
            int firstFact = facts.size();
            int firstFinding = findings.size();
            for (Plan.Statement statement : step.statements()) {
                StatementFacts s = facts(classifier, step.script(), statement);
                facts.add(s);
                for (Rule rule : rules) {
                    rule.check(s, state, report);
                }
                state.record(s);
            }
            for (Rule rule : rules) {
                rule.endOfMigration(state, report);
            }
            scores.add(scoring.migration(step.script(), facts.subList(firstFact, facts.size()),
                    findings.subList(firstFinding, findings.size()), step.downScript() != null,
                    step.mode() == TransactionMode.TRANSACTIONAL, created, shortMessages));
        }
        return new Result(List.copyOf(facts), List.copyOf(findings), List.copyOf(suppressed), List.copyOf(problems), List.copyOf(scores));
    }

    private StatementFacts facts(Classifier classifier, String script, Plan.Statement statement) {
        StatementFacts s = classifier.classify(script, statement.line(), statement.sql(), ParsedBy.TOKENS);
        if (!parse || !NEEDS_TREE.contains(s.kind())) {
            return s;
        }
        Statement tree = SqlParse.parse(statement.sql());
        if (tree == null) {
            return s;
        }
        s = new StatementFacts(s.script(), s.line(), s.sql(), s.kind(), s.relation(), s.lock(), s.rewrites(), s.scans(),
                s.transactional(), s.actions(), s.options(), ParsedBy.JSQLPARSER);
        if (tree instanceof Update || tree instanceof Delete) {
            // WITH ... UPDATE/DELETE starts like a query, and WHERE true bounds nothing: the tree knows
            // better than the words.
            if (s.kind() == StatementKind.SELECT || (!s.has(Option.NO_WHERE) && where(tree) == null)) {
                s = change(s, tree);
            }
        }
        if (!s.has(Option.NO_WHERE)) {
            // A data-modifying WITH (WITH gone AS (DELETE FROM t RETURNING id) SELECT ...) changes rows
            // too; an unbounded one is what the statement is about.
            for (net.sf.jsqlparser.statement.select.WithItem<?> item : withItems(tree)) {
                Statement inner = item.getStatement() instanceof ParenthesedUpdate u ? u.getUpdate()
                        : item.getStatement() instanceof ParenthesedDelete d ? d.getDelete() : null;
                if (inner != null && where(inner) == null) {
                    return change(s, inner);
                }
            }
        }
        return s;
    }

    /** {@code s} as the UPDATE or DELETE {@code change} (its table, ROW EXCLUSIVE, NO_WHERE when unbounded). */
    private static StatementFacts change(StatementFacts s, Statement change) {
        net.sf.jsqlparser.schema.Table target = change instanceof Update u ? u.getTable() : ((Delete) change).getTable();
        if (target == null) {
            return s;
        }
        Set<Option> options = new HashSet<>(s.options());
        if (where(change) == null) {
            options.add(Option.NO_WHERE);
        }
        return new StatementFacts(s.script(), s.line(), s.sql(), change instanceof Update ? StatementKind.UPDATE : StatementKind.DELETE,
                target.getFullyQualifiedName().toLowerCase(java.util.Locale.ROOT), dev.migrate.analysis.LockLevel.ROW_EXCLUSIVE,
                false, false, true, List.of(), options, ParsedBy.JSQLPARSER);
    }

    /** The change's WHERE, or null when it has none or one that holds for every row ({@code WHERE true}, {@code WHERE 1 = 1}). */
    private static net.sf.jsqlparser.expression.Expression where(Statement change) {
        net.sf.jsqlparser.expression.Expression where = change instanceof Update u ? u.getWhere() : ((Delete) change).getWhere();
        return where == null || alwaysTrue(where) ? null : where;
    }

    private static boolean alwaysTrue(net.sf.jsqlparser.expression.Expression e) {
        // JSqlParser 5 reads a parenthesised expression as a one-element list.
        while (e instanceof net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList<?> p && p.size() == 1) {
            e = p.get(0);
        }
        if (e.toString().strip().equalsIgnoreCase("true")) {
            return true;
        }
        return e instanceof net.sf.jsqlparser.expression.operators.relational.EqualsTo eq && literal(eq.getLeftExpression())
                && literal(eq.getRightExpression()) && eq.getLeftExpression().toString().equals(eq.getRightExpression().toString());
    }

    private static boolean literal(net.sf.jsqlparser.expression.Expression e) {
        return e instanceof net.sf.jsqlparser.expression.LongValue || e instanceof net.sf.jsqlparser.expression.StringValue
                || e instanceof net.sf.jsqlparser.expression.DoubleValue;
    }

    private static List<net.sf.jsqlparser.statement.select.WithItem<?>> withItems(Statement tree) {
        List<net.sf.jsqlparser.statement.select.WithItem<?>> items = tree instanceof Select q ? q.getWithItemsList()
                : tree instanceof Insert i ? i.getWithItemsList()
                : tree instanceof Update u ? u.getWithItemsList()
                : tree instanceof Delete d ? d.getWithItemsList() : null;
        return items == null ? List.of() : items;
    }

    private static Finding invalidAllow(Plan.Step step, Plan.Directive d, String message) {
        return new Finding("invalid-allow", dev.migrate.Severity.MEDIUM, step.script(), d.line(), message,
                "Write it as -- migrate:allow <rule-id> reason=\"why it is safe here\", with the id of a rule that reports here.");
    }

    /** The rules a step allows, with their reasons; malformed allowances become problems. */
    private static Map<String, Integer> allowances(Plan.Step step, Set<String> known, List<Finding> problems) {
        Map<String, Integer> allowed = new HashMap<>();
        for (Plan.Directive d : step.directives()) {
            if (!d.name().equals("allow")) {
                continue;
            }
            Matcher m = ALLOW.matcher(d.arguments());
            if (!m.matches()) {
                problems.add(invalidAllow(step, d, "-- migrate:allow needs a rule and a reason; nothing is allowed by it."));
            } else if (!known.contains(m.group(1))) {
                problems.add(invalidAllow(step, d, "-- migrate:allow names no known rule: " + m.group(1) + "."));
            } else {
                allowed.put(m.group(1), d.line());
            }
        }
        return allowed;
    }
}
