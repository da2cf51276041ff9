package org.pveaudit.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.rules.Finding;
import org.pveaudit.rules.Rule;
import org.pveaudit.rules.RuleOutcome;
import org.pveaudit.rules.RulePack;
import org.pveaudit.rules.Severity;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code findings.sarif}: SARIF 2.1.0 for code-scanning dashboards. Rule metadata goes to
 * {@code tool.driver.rules}, each finding is one result with a logical location of cluster and
 * path, and its fingerprint as a partial fingerprint so dashboards track it across runs. A rule
 * whose condition failed is an error-level {@code toolExecutionNotification} of the run's invocation
 * (then {@code executionSuccessful} is false), as SARIF reports analysis that did not complete.
 */
public final class SarifReport {

    /** The file this report writes. */
    public static final String FILE = "findings.sarif";

    private final List<RulePack> packs;

    public SarifReport(List<RulePack> packs) {
        this.packs = packs;
    }

    public Path write(ReportData data, Path dir) throws IOException {
        List<Rule> rules = packs.stream().flatMap(p -> p.rules().stream()).toList();
        List<Map<String, Object>> driverRules = new ArrayList<>();
        Map<String, Integer> index = new LinkedHashMap<>();
        for (Rule r : rules) {
            index.put(r.id(), driverRules.size());
            driverRules.add(driverRule(r));
        }
        List<Map<String, Object>> results = new ArrayList<>();
        for (StoredFinding sf : data.findings()) {
            results.add(result(sf, data, index));
        }
        Map<String, Object> driver = new LinkedHashMap<>();
        driver.put("name", "pve-audit");
        driver.put("version", data.run().toolVersion());
        driver.put("informationUri", "https://pve.proxmox.com/pve-docs/chapter-pveum.html");
        driver.put("rules", driverRules);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("tool", Map.of("driver", driver));
        run.put("automationDetails", Map.of("id", "pve-audit/run-" + data.run().id()));
        run.put("results", results);
        List<Map<String, Object>> notifications = new ArrayList<>();
        for (RuleOutcome o : data.ruleErrors()) {
            notifications.add(notification(o, index));
        }
        run.put("invocations", List.of(ordered("executionSuccessful", notifications.isEmpty(),
                "toolExecutionNotifications", notifications)));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        root.put("version", "2.1.0");
        root.put("runs", List.of(run));
        Path file = dir.resolve(FILE);
        try (OutputStream out = Files.newOutputStream(file)) {
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValue(out, root);
        }
        return file;
    }

    /** A rule of the tool's driver: descriptions, help, level and the severity GitHub shows. */
    private static Map<String, Object> driverRule(Rule r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("name", r.id().replace("-", ""));
        m.put("shortDescription", Map.of("text", r.title()));
        if (r.rationale() != null) {
            m.put("fullDescription", Map.of("text", r.rationale()));
        }
        if (r.remediation() != null) {
            m.put("help", Map.of("text", r.remediation()));
        }
        if (!r.references().isEmpty()) {
            m.put("helpUri", r.references().get(0));
        }
        m.put("defaultConfiguration", Map.of("level", level(r.severity())));
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("tags", r.frameworks());
        props.put("security-severity", securitySeverity(r.severity()));
        props.put("problem.severity", r.severity().key());
        m.put("properties", props);
        return m;
    }

    /** A finding as a result: its rule, level, location, fingerprint and suppression when waived. */
    private static Map<String, Object> result(StoredFinding sf, ReportData data, Map<String, Integer> index) {
        Finding f = sf.finding();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("ruleId", f.ruleId());
        Integer i = index.get(f.ruleId());
        if (i != null) {
            r.put("ruleIndex", i);
        }
        r.put("level", level(f.severity()));
        r.put("message", Map.of("text", f.message()));
        String fqn = f.cluster() + (f.path() == null ? "" : f.path());
        r.put("locations", List.of(Map.of("logicalLocations", List.of(ordered(
                "name", f.path() == null ? f.subjectKey() : f.path(),
                "fullyQualifiedName", fqn, "kind", "resource")))));
        r.put("partialFingerprints", Map.of("pveAuditFingerprint/v1", f.fingerprint()));
        if (sf.waived()) {
            var w = data.waiverOf(sf);
            r.put("suppressions", List.of(ordered("kind", "external", "status", "accepted",
                    "justification", w == null ? "waived" : w.waiver().reason() + " (" + w.waiver().owner() + ")")));
        }
        r.put("properties", ordered("cluster", f.cluster(), "subject", f.subjectKey(),
                "state", sf.state().name().toLowerCase()));
        return r;
    }

    /** A rule that failed with an error on a cluster, as a tool execution notification. */
    private static Map<String, Object> notification(RuleOutcome o, Map<String, Integer> index) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("level", "error");
        n.put("message", Map.of("text", "rule " + o.ruleId() + " failed on cluster " + o.cluster() + ": "
                + o.reason()));
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("id", o.ruleId());
        if (index.get(o.ruleId()) != null) {
            rule.put("index", index.get(o.ruleId()));
        }
        n.put("associatedRule", rule);
        n.put("properties", Map.of("cluster", o.cluster()));
        return n;
    }

    /**
     * A JSON object with its members in the order given: {@code Map.of} iterates in an order that changes
     * from one JVM start to the next, and the file must be the same for the same run.
     */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    static String level(Severity s) {
        return switch (s) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW, INFO -> "note";
        };
    }

    /** GitHub code scanning maps this number to its own severity labels. */
    static String securitySeverity(Severity s) {
        return switch (s) {
            case CRITICAL -> "9.5";
            case HIGH -> "8.0";
            case MEDIUM -> "5.5";
            case LOW -> "3.0";
            case INFO -> "0.0";
        };
    }
}
