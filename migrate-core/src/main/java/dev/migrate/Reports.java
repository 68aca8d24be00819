package dev.migrate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.SerializationFeature;

/**
 * Renders results as readable text (for logs and consoles) and as JSON (for tools and CI). JSON
 * needs Jackson 3 ({@code tools.jackson.core:jackson-databind}), an optional dependency: the
 * rest of the library runs without it. Field names are stable; versions are strings.
 */
public final class Reports {
    private static final int SQL_PREVIEW = 100;

    private Reports() {
    }

    /** {@link Plan#toText()}. */
    public static String text(Plan plan) {
        StringBuilder out = new StringBuilder();
        out.append("Plan: ").append(plan.migrations().size()).append(" migration(s), ").append(plan.statementCount())
                .append(" statement(s)").append(plan.isEmpty() ? "; nothing to do" : "").append('\n');
        int n = 1;
        for (Plan.Step step : plan.migrations()) {
            out.append(String.format(Locale.ROOT, "%3d. %s  [%s%s]%n", n++, step.script(), step.mode().name().toLowerCase(Locale.ROOT),
                    step.modeReason() == null ? "" : ": " + step.modeReason()));
            for (Plan.Statement s : step.statements()) {
                out.append(String.format(Locale.ROOT, "       %5d | %s%n", s.line(), preview(s.sql())));
            }
        }
        if (!plan.findings().isEmpty()) {
            out.append("Findings: ").append(plan.findings().size()).append('\n');
            for (Finding f : plan.findings()) {
                out.append(String.format(Locale.ROOT, "  %-8s %s%s [%s] %s%n", f.severity(), f.script(),
                        f.line() > 0 ? ":" + f.line() : "", f.rule(), f.message()));
                if (!f.fix().isEmpty()) {
                    out.append("           fix: ").append(f.fix()).append('\n');
                }
            }
        }
        return out.toString();
    }

    /** {@link Status#toText()}. */
    public static String text(Status status) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Version", "Description", "State", "Installed at", "By", "Ms"});
        for (MigrationInfo m : status.migrations()) {
            AppliedRecord a = m.applied();
            rows.add(new String[] {m.label(), m.description(), m.state().name(),
                    a == null || a.startedAt() == null ? "" : a.startedAt().toString(),
                    a == null || a.installedBy() == null ? "" : a.installedBy(),
                    a == null || a.duration() == null ? "" : Long.toString(a.duration().toMillis())});
        }
        StringBuilder out = new StringBuilder(table(rows));
        out.append("Current version: ").append(status.currentVersion().map(Version::toString).orElse("none"))
                .append("; pending: ").append(status.pending().size()).append('\n');
        List<MigrationInfo> attempts = status.migrations().stream().filter(m -> m.lastFailure() != null).toList();
        if (!attempts.isEmpty()) {
            out.append("Failed attempts (rolled back, nothing left behind):\n");
            for (MigrationInfo m : attempts) {
                AppliedRecord f = m.lastFailure();
                out.append("  - ").append(m.script()).append(" at ").append(f.startedAt()).append(" by ").append(f.installedBy())
                        .append(", statement ").append(f.statementsDone() + 1).append(" of ").append(f.statementsTotal())
                        .append(": ").append(firstLine(f.error())).append('\n');
            }
        }
        problems(out, "Problems", status.problems());
        problems(out, "Warnings", status.warnings());
        return out.toString();
    }

    private static String firstLine(String error) {
        if (error == null) {
            return "no error recorded";
        }
        int nl = error.indexOf('\n');
        return nl < 0 ? error : error.substring(0, nl);
    }

    /** {@link MigrateResult#toText()}. */
    public static String text(MigrateResult result) {
        StringBuilder out = new StringBuilder();
        out.append("Applied ").append(result.count()).append(" migration(s) in ").append(result.duration().toMillis())
                .append(" ms; version ").append(result.initialVersion() == null ? "none" : result.initialVersion())
                .append(" -> ").append(result.finalVersion().map(Version::toString).orElse("none")).append('\n');
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Version", "Script", "Mode", "Statements", "Attempts", "Ms"});
        for (MigrateResult.Applied a : result.applied()) {
            rows.add(new String[] {a.version() == null ? "R" : a.version().toString(), a.script(),
                    a.mode().name().toLowerCase(Locale.ROOT), Integer.toString(a.statements()), Integer.toString(a.attempts()),
                    Long.toString(a.duration().toMillis())});
        }
        if (!result.applied().isEmpty()) {
            out.append(table(rows));
        }
        for (String notice : result.notices()) {
            out.append("Next: ").append(notice).append('\n');
        }
        return out.toString();
    }

    /** {@link Plan#toJson()}. */
    public static String json(Plan plan) {
        return jackson(() -> Json.write(Json.plan(plan)));
    }

    /** {@link Status#toJson()}. */
    public static String json(Status status) {
        return jackson(() -> Json.write(Json.status(status)));
    }

    /** {@link MigrateResult#toJson()}. */
    public static String json(MigrateResult result) {
        return jackson(() -> Json.write(Json.result(result)));
    }

    /** A diff as JSON: where from and to, and each change with its SQL and hazards. */
    static String diffJson(SchemaDiff diff) {
        return jackson(() -> Json.write(Json.diff(diff)));
    }

    private static String jackson(java.util.function.Supplier<String> render) {
        try {
            return render.get();
        } catch (NoClassDefFoundError e) {
            throw new ConfigurationException("JSON reports need Jackson 3 on the class path: add the dependency"
                    + " tools.jackson.core:jackson-databind (" + e.getMessage() + " is missing)");
        }
    }

    private static void problems(StringBuilder out, String title, List<ValidationProblem> problems) {
        if (problems.isEmpty()) {
            return;
        }
        out.append(title).append(": ").append(problems.size()).append('\n');
        for (ValidationProblem p : problems) {
            out.append("  ").append(p.code()).append(' ').append(p.script()).append(p.line() > 0 ? ":" + p.line() : "")
                    .append(": ").append(p.message()).append('\n');
            out.append("    fix: ").append(p.fix()).append('\n');
        }
    }

    private static String table(List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            line(out, rows.get(r), widths);
            if (r == 0) {
                String[] rule = new String[widths.length];
                for (int i = 0; i < widths.length; i++) {
                    rule[i] = "-".repeat(widths[i]);
                }
                line(out, rule, widths);
            }
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String[] cells, int[] widths) {
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            row.append(i == 0 ? "" : " | ").append(cells[i]).append(" ".repeat(widths[i] - cells[i].length()));
        }
        out.append(row.toString().stripTrailing()).append('\n');
    }

    private static String preview(String sql) {
        String flat = sql.strip().replaceAll("\\s+", " ");
        return flat.length() <= SQL_PREVIEW ? flat : flat.substring(0, SQL_PREVIEW - 3) + "...";
    }

    /** Everything that touches Jackson, loaded only when JSON is asked for. */
    private static final class Json {
        private static final JsonMapper MAPPER = mapper();

        private static JsonMapper mapper() {
            return JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        }

        static String write(ObjectNode node) {
            return MAPPER.writeValueAsString(node);
        }

        static ObjectNode diff(SchemaDiff diff) {
            ObjectNode root = MAPPER.createObjectNode();
            root.put("from", diff.source().toString()).put("to", diff.target().toString());
            ArrayNode changes = root.putArray("changes");
            for (dev.migrate.schema.SchemaChange c : diff.changes()) {
                ObjectNode node = changes.addObject().put("object", c.object()).put("action", c.action())
                        .put("transactional", c.transactional());
                ArrayNode sql = node.putArray("sql");
                c.sql().forEach(sql::add);
                ArrayNode hazards = node.putArray("hazards");
                c.hazards().forEach(hazards::add);
            }
            return root;
        }

        static ObjectNode plan(Plan plan) {
            ObjectNode root = MAPPER.createObjectNode();
            ArrayNode steps = root.putArray("migrations");
            for (Plan.Step s : plan.migrations()) {
                ObjectNode step = steps.addObject();
                step.put("kind", s.kind().name());
                step.put("version", text(s.version()));
                step.put("description", s.description());
                step.put("script", s.script());
                step.put("mode", s.mode().name());
                step.put("modeReason", s.modeReason());
                ArrayNode statements = step.putArray("statements");
                for (Plan.Statement st : s.statements()) {
                    statements.addObject().put("line", st.line()).put("sql", st.sql());
                }
            }
            ArrayNode findings = root.putArray("findings");
            for (Finding f : plan.findings()) {
                findings.addObject().put("rule", f.rule()).put("severity", f.severity().name()).put("script", f.script())
                        .put("line", f.line()).put("message", f.message()).put("fix", f.fix());
            }
            return root;
        }

        static ObjectNode status(Status status) {
            ObjectNode root = MAPPER.createObjectNode();
            root.put("currentVersion", status.currentVersion().map(Version::toString).orElse(null));
            root.put("valid", status.isValid());
            ArrayNode migrations = root.putArray("migrations");
            for (MigrationInfo m : status.migrations()) {
                ObjectNode node = migrations.addObject();
                node.put("kind", m.kind().name());
                node.put("version", text(m.version()));
                node.put("description", m.description());
                node.put("script", m.script());
                node.put("state", m.state().name());
                node.put("checksum", m.checksum());
                AppliedRecord a = m.applied();
                if (a != null) {
                    node.putObject("applied").put("rank", a.rank()).put("checksum", a.checksum())
                            .put("installedBy", a.installedBy())
                            .put("startedAt", a.startedAt() == null ? null : a.startedAt().toString())
                            .put("durationMs", millis(a.duration())).put("statementsDone", a.statementsDone())
                            .put("statementsTotal", a.statementsTotal()).put("error", a.error());
                } else {
                    node.putNull("applied");
                }
                AppliedRecord f = m.lastFailure();
                if (f != null) {
                    node.putObject("lastFailure").put("rank", f.rank()).put("installedBy", f.installedBy())
                            .put("startedAt", f.startedAt() == null ? null : f.startedAt().toString())
                            .put("durationMs", millis(f.duration())).put("statementsDone", f.statementsDone())
                            .put("statementsTotal", f.statementsTotal()).put("error", f.error());
                }
            }
            problems(root.putArray("problems"), status.problems());
            problems(root.putArray("warnings"), status.warnings());
            return root;
        }

        static ObjectNode result(MigrateResult result) {
            ObjectNode root = MAPPER.createObjectNode();
            root.put("initialVersion", text(result.initialVersion()));
            root.put("finalVersion", result.finalVersion().map(Version::toString).orElse(null));
            root.put("durationMs", result.duration().toMillis());
            ArrayNode applied = root.putArray("applied");
            for (MigrateResult.Applied a : result.applied()) {
                applied.addObject().put("kind", a.kind().name()).put("version", text(a.version()))
                        .put("description", a.description()).put("script", a.script()).put("mode", a.mode().name())
                        .put("statements", a.statements()).put("attempts", a.attempts())
                        .put("durationMs", a.duration().toMillis());
            }
            ArrayNode notices = root.putArray("notices");
            result.notices().forEach(notices::add);
            return root;
        }

        private static void problems(ArrayNode array, List<ValidationProblem> problems) {
            for (ValidationProblem p : problems) {
                array.addObject().put("code", p.code().name()).put("script", p.script()).put("line", p.line())
                        .put("message", p.message()).put("fix", p.fix());
            }
        }

        private static String text(Version v) {
            return v == null ? null : v.toString();
        }

        private static Long millis(Duration d) {
            return d == null ? null : d.toMillis();
        }
    }
}
