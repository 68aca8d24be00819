package dev.migrate.analysis.internal;

import dev.migrate.Finding;
import dev.migrate.Severity;
import dev.migrate.analysis.internal.rules.Rule;
import dev.migrate.analysis.internal.rules.Rules;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The analysis report as JSON (its records as they are) and its findings as SARIF 2.1.0 for code-scanning tools. */
public final class ReportJson {
    private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final String SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

    private ReportJson() {
    }

    /** A record, field by field, indented. */
    public static String json(Record report) {
        return MAPPER.writeValueAsString(report);
    }

    /**
     * One run whose tool lists every rule (id, description, rationale, fix, default level) and whose
     * results point at script and line; suppressed findings are included with their suppression,
     * as SARIF expects.
     */
    public static String sarif(List<Finding> findings, List<Finding> suppressed, String toolVersion) {
        List<Rule> rules = Rules.all();
        Map<String, Integer> index = new HashMap<>();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("$schema", SARIF_SCHEMA);
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "migrate-analysis");
        driver.put("version", toolVersion);
        ArrayNode ruleNodes = driver.putArray("rules");
        for (Rule rule : rules) {
            index.put(rule.id(), index.size());
            ObjectNode r = ruleNodes.addObject();
            r.put("id", rule.id());
            r.putObject("shortDescription").put("text", rule.id().replace('-', ' '));
            r.putObject("fullDescription").put("text", rule.rationale());
            r.putObject("help").put("text", rule.fix());
            r.putObject("defaultConfiguration").put("level", level(rule.severity()));
            ObjectNode properties = r.putObject("properties");
            properties.put("severity", rule.severity().name());
            properties.put("minimumPostgresVersion", rule.minVersion());
            if (rule.maxVersion() != Integer.MAX_VALUE) {
                properties.put("maximumPostgresVersion", rule.maxVersion());
            }
        }
        ArrayNode results = run.putArray("results");
        for (Finding f : findings) {
            result(results, f, index);
        }
        for (Finding f : suppressed) {
            ObjectNode r = result(results, f, index);
            r.putArray("suppressions").addObject().put("kind", "inSource")
                    .put("justification", "-- migrate:allow " + f.rule() + " in " + f.script());
        }
        return MAPPER.writeValueAsString(root);
    }

    private static ObjectNode result(ArrayNode results, Finding f, Map<String, Integer> index) {
        ObjectNode r = results.addObject();
        r.put("ruleId", f.rule());
        Integer i = index.get(f.rule());
        if (i != null) {
            r.put("ruleIndex", i);
        }
        r.put("level", level(f.severity()));
        r.putObject("message").put("text", f.message() + (f.fix().isEmpty() ? "" : " Fix: " + f.fix()));
        ObjectNode location = r.putArray("locations").addObject().putObject("physicalLocation");
        location.putObject("artifactLocation").put("uri", f.script());
        location.putObject("region").put("startLine", Math.max(1, f.line()));
        return r;
    }

    private static String level(Severity severity) {
        return switch (severity) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW, INFO -> "note";
        };
    }
}
