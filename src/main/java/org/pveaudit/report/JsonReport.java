package org.pveaudit.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pveaudit.history.ClusterRun;
import org.pveaudit.history.DriftEntry;
import org.pveaudit.history.EarlierFinding;
import org.pveaudit.history.StoredFinding;
import org.pveaudit.history.StoredWaiver;
import org.pveaudit.rules.Finding;
import org.pveaudit.rules.RuleOutcome;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code findings.json}: schema {@code pve-audit/findings}, version {@value #SCHEMA_VERSION}
 * (documented in docs/reports.md). Field names never change within a schema version.
 */
public final class JsonReport {

    /** The file this report writes. */
    public static final String FILE = "findings.json";

    public static final int SCHEMA_VERSION = 1;

    private final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private static Map<String, Object> waiver(StoredWaiver w, ReportData data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", w.waiver().rule());
        m.put("cluster", w.waiver().cluster());
        m.put("principal", w.waiver().principal());
        m.put("path", w.waiver().path());
        m.put("subject", w.waiver().subject());
        m.put("reason", w.waiver().reason());
        m.put("owner", w.waiver().owner());
        m.put("expires", w.waiver().expires().toString());
        m.put("ticket", w.waiver().ticket());
        m.put("matched", w.matched());
        m.put("status", w.status(data.today()).name());
        return m;
    }

    public Path write(ReportData data, Path dir) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema", "pve-audit/findings");
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("run", data.runFacts());
        root.put("clusters", data.clusters().stream().map(c -> cluster(c, data)).toList());
        root.put("ruleOutcomes", data.outcomes().stream().map(JsonReport::outcome).toList());
        // the rules that failed to run, apart, so a consumer cannot mistake their silence for a pass
        root.put("ruleErrors", data.ruleErrors().stream().map(JsonReport::ruleError).toList());
        root.put("findings", data.findings().stream().map(sf -> finding(sf, data)).toList());
        root.put("waivers", data.waivers().stream().map(w -> waiver(w, data)).toList());
        root.put("resolved", data.resolved().stream().map(JsonReport::earlier).toList());
        // the rule lacked data in this run: state unknown, last seen in lastSeenRun (docs/history.md)
        root.put("notEvaluated", data.unevaluated().stream().map(JsonReport::earlier).toList());
        root.put("accessNotCompared", data.accessNotCompared());
        root.put("drift", data.drift().stream().map(DriftEntry::fields).toList());
        root.put("warnings", data.warnings());
        Path file = dir.resolve(FILE);
        try (OutputStream out = Files.newOutputStream(file)) {
            json.writeValue(out, root);
        }
        return file;
    }

    private static Map<String, Object> cluster(ClusterRun c, ReportData data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.cluster());
        m.put("audited", c.audited());
        m.put("status", c.status().name());
        m.put("pveVersion", c.pveVersion());
        m.put("error", c.error());
        m.put("ruleErrors", data.outcomes(c.cluster(), RuleOutcome.Status.ERROR));
        return m;
    }

    private static Map<String, Object> outcome(RuleOutcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cluster", o.cluster());
        m.put("ruleId", o.ruleId());
        m.put("severity", o.severity().key());
        m.put("status", o.status().name());
        m.put("findings", o.findings());
        m.put("reason", o.reason());
        return m;
    }

    private static Map<String, Object> ruleError(RuleOutcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cluster", o.cluster());
        m.put("ruleId", o.ruleId());
        m.put("reason", o.reason());
        return m;
    }

    private static Map<String, Object> finding(StoredFinding sf, ReportData data) {
        Finding f = sf.finding();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fingerprint", f.fingerprint());
        m.put("cluster", f.cluster());
        m.put("ruleId", f.ruleId());
        m.put("severity", f.severity().key());
        m.put("title", f.title());
        m.put("subjectKind", f.subject().key());
        m.put("subject", f.subjectKey());
        m.put("path", f.path());
        m.put("message", f.message());
        m.put("state", sf.state().name());
        m.put("firstSeenRun", sf.firstSeenRun());
        StoredWaiver w = data.waiverOf(sf);
        m.put("waiver", w == null ? null : waiver(w, data));
        return m;
    }

    private static Map<String, Object> earlier(EarlierFinding r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fingerprint", r.finding().fingerprint());
        m.put("cluster", r.finding().cluster());
        m.put("ruleId", r.finding().ruleId());
        m.put("severity", r.finding().severity().key());
        m.put("subject", r.finding().subjectKey());
        m.put("message", r.finding().message());
        m.put("firstSeenRun", r.firstSeenRun());
        m.put("lastSeenRun", r.lastSeenRun());
        return m;
    }
}
